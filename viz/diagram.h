// The space-time diagram every renderer draws (SVG, DOT, Mermaid, Perfetto, ShiViz):
// lanes, message arrows, client op bars, per-lane marks and spans, and partition bands,
// built from trace events by BuildDiagram (diagram_builder.h) after selection.
//
// Every item carries both vertical coordinates: `time` (true simulated ns) and `row`
// (compact scale: the position of its event among the selected events, 0-based), so a
// renderer picks its scale without going back to the trace. Items are in trace order and
// nothing here depends on hashing: the same trace gives byte-identical output.
#ifndef FAULTLINE_VIZ_DIAGRAM_H_
#define FAULTLINE_VIZ_DIAGRAM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faultline::viz {

// A point on the vertical axis.
struct At {
  int64_t time = 0;  // simulated ns
  int64_t row = 0;   // compact row
  int64_t event = 0; // the trace event's "i"
};

enum class LaneKind : uint8_t { kNode, kClient };

struct Lane {
  std::string name;  // "n1", "c3"
  LaneKind kind = LaneKind::kNode;
};

enum class Fate : uint8_t {
  kDelivered,
  kDropped,   // ends in an X at `end` (on the receiver's lane for drops at delivery time,
              // just past the sender for losses at send time; see `end_lane`)
  kInFlight,  // still travelling at the end of the selection / run: arrow ends at the edge
};

struct Arrow {
  uint64_t msg = 0;
  int from = 0;      // index into Diagram::lanes
  int to = 0;
  int end_lane = 0;  // where the arrow ends: `to`, or `from` for a loss at send time
  At send;
  At end;            // delivery, drop, or the selection's end for kInFlight
  Fate fate = Fate::kDelivered;
  std::string drop_reason;  // loss | partition | node-down | crashed | overload
  bool duplicate = false;   // the network's second copy of `msg`
  std::string kind;         // "replicate"
  std::string label;        // short, for drawing: "replicate seq=4"
  std::string title;        // full, for hover text: kind, body, times, fate
};

enum class OpOutcome : uint8_t { kOk, kFail, kInfo, kPending };  // pending: no completion seen

struct OpBar {
  int lane = 0;      // the client's lane
  uint64_t op = 0;
  int64_t process = 0;
  std::string f;
  std::string key;
  std::string value;   // invoke's value (JSON text)
  std::string result;  // complete's value (JSON text), "" if pending
  OpOutcome outcome = OpOutcome::kPending;
  At invoke;
  At complete;       // == selection end when pending
  std::string label; // "op 12 write k8 1 -> ok": the number the checker names it by
};

// Something that happens at one instant on one lane.
enum class MarkType : uint8_t { kStart, kCrash, kRestart, kPause, kResume, kTimer, kClock, kNote };
struct Mark {
  int lane = 0;
  At at;
  MarkType type = MarkType::kNote;
  std::string text;  // note text, clock change, timer tag
};

// A lane's interval of being down (crash -> restart) or paused (pause -> resume).
enum class SpanType : uint8_t { kDown, kPaused };
struct Span {
  int lane = 0;
  SpanType type = SpanType::kDown;
  At begin;
  At end;            // the selection end when it never ends
};

// A cluster-wide interval: a partition (begin..heal: a new partition replaces the old
// one, as the simulator does) or a link fault. Link faults have zero length (begin ==
// end), one per `link` event: the trace's "link fault undone" does not say which fault
// it undoes when several are active, so the builder cannot pair them.
enum class BandType : uint8_t { kPartition, kLinkFault };
struct Band {
  BandType type = BandType::kPartition;
  At begin;
  At end;
  std::string text;  // the cut "{n1,n2} | {n3}", or the link change
};

// A note that belongs to no lane: the runner's phase changes ("workload over: every
// fault healed; ...") and faults that were skipped. Drawn across every lane.
struct ClusterNote {
  At at;
  std::string text;
};

// "ok", "fail", "info", "pending".
std::string_view OpOutcomeName(OpOutcome outcome);
// "start", "crash", "restart", "pause", "resume", "timer", "clock", "note".
std::string_view MarkTypeName(MarkType type);

struct Diagram;
// The lanes a partition's cut names ("{n1,n2} | {n3}": n1, n2, n3), as Diagram::lanes
// indices, ascending; so a band covers the lanes that were cut and not, say, clients that
// never were. Empty for a link fault or a cut naming no lane drawn: then every lane.
std::vector<int> CutLanes(const Diagram& d, const Band& band);

// What a story diagram (story.h) marks on top of its items: the violation, in plain
// words, and the ops that explain it, by op number (OpBar::op).
struct StoryMarks {
  bool violation = true;           // false: a valid run's key, told alike (BuildKeyStory)
  // Whether the picture shows something wrong: the checker's violation, or a key's last
  // read that missed acknowledged writes (lost_ops). Drawn red; else grey and green.
  bool Wrong() const { return violation || !lost_ops.empty(); }
  std::string caption;             // "op 772 read k0 returned 261, written by op 300 ..."
  uint64_t failing_op = 0;         // the op the checker could not place: outlined
  uint64_t source_op = 0;          // the write whose value it returned (0: none): a line to it
  std::vector<uint64_t> lost_ops;  // acknowledged writes it contradicts: crossed out
};

struct Diagram {
  std::string source;          // the trace file, for titles
  std::vector<Lane> lanes;     // nodes first (in order of appearance), then clients
  std::vector<Arrow> arrows;   // by send
  std::vector<OpBar> ops;      // by invoke
  std::vector<Mark> marks;     // by time
  std::vector<Span> spans;     // by begin
  std::vector<Band> bands;     // by begin
  std::vector<ClusterNote> cluster_notes;  // by time
  At begin;                    // the selection's first and last instants
  At end;
  int64_t rows = 0;            // compact rows in use (with a summary: events and gap rows)
  int64_t events_total = 0;    // events in the trace
  int64_t events_shown = 0;    // events selected and drawn
  // Said on the picture when not empty: "showing 2,000 of 16,730 events (--max-events);
  // heartbeat hidden", "summarised to fit 800 rows: 790 of 16,335 events drawn, ...".
  std::string note;
  std::optional<StoryMarks> story;  // set by BuildStoryDiagram only
};

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_DIAGRAM_H_
