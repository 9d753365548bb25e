// trace.jsonl as viz/ reads it back: one TraceEvent per line, fields as sim/trace.cc
// writes them, after an optional first line {"type":"kinds",...} that names the fields
// each message kind's label shows. Diagrams are pure functions of these events (and, for the failure
// view, of the checker's report), so viz/ never runs the simulator.
//
//   absl::StatusOr<TraceEvents> t = ReadTraceFile("runs/q/trace.jsonl");
//   // error: "runs/q/trace.jsonl:12: expected ..., found ..." (exit 65 in the CLI)
#ifndef FAULTLINE_VIZ_TRACE_EVENTS_H_
#define FAULTLINE_VIZ_TRACE_EVENTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace faultline::viz {

// The JSON "type" of a line (sim/trace.h's TraceType names).
enum class EventType : uint8_t {
  kStart, kSend, kDeliver, kDrop, kDuplicate, kTimer, kCrash, kRestart, kPause, kResume,
  kPartition, kHeal, kClock, kLink, kInvoke, kComplete, kNote,
};
std::string_view EventTypeName(EventType type);
// A fault or a change of the cluster's conditions (partition, heal, crash, restart, pause,
// resume, clock, link): the events a diagram shows whatever else it leaves out.
bool IsFault(EventType type);

struct TraceEvent {
  int64_t index = 0;   // "i": position in the whole trace (kept when events are selected)
  int64_t time = 0;    // "t": true simulated time, ns
  EventType type = EventType::kNote;
  int64_t line = 0;    // 1-based line in the source file
  // Where it happened: "node" for non-message events; for messages `node` is "from" and
  // `peer` is "to", whoever recorded the event.
  std::string node;
  std::string peer;
  uint64_t msg = 0;      // "msg": message id (send/deliver/drop/duplicate), timer id
  std::string kind;      // message kind ("heartbeat", "client.req")
  std::string body;      // the message body as compact JSON text: {"epoch":1,"seq":4}
  int64_t sent = 0;      // deliver/drop: the send time
  int64_t tag = 0;       // timer tag
  int64_t local = 0;     // clock: the node's new local reading
  std::string text;      // partition cut, heal/link/clock/note text, drop "reason",
                         // complete "outcome" (ok | fail | info)
  // Client ops (invoke / complete), as in history.jsonl.
  uint64_t op = 0;
  int64_t process = 0;
  std::string f;
  std::string key;
  std::string value;     // JSON text: 5, null, [1,2]
};

struct TraceEvents {
  std::string source;  // file name, for messages
  std::vector<TraceEvent> events;
  // From the trace's `kinds` header line (sim/trace.h WriteKinds), when it has one: per
  // message kind, the fields its diagram label shows (paths into the body, "entries.value").
  // Kinds without an entry are labelled by a guess (viz/internal/diagram_text.h).
  std::map<std::string, std::vector<std::string>, std::less<>> label_fields;
};

// Parses trace.jsonl text. Errors are InvalidArgument "SOURCE:LINE: expected X, found Y".
absl::StatusOr<TraceEvents> ParseTrace(std::string_view text, std::string source);
absl::StatusOr<TraceEvents> ReadTraceFile(const std::string& path);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_TRACE_EVENTS_H_
