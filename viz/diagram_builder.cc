// BuildDiagram: lanes, then the selection (viz/internal/event_selection.h), then one walk
// over the trace up to the last selected event that pairs sends with their ends, invokes
// with completions, crashes with restarts and partitions with heals.
#include "viz/diagram_builder.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "viz/internal/diagram_text.h"
#include "viz/internal/event_selection.h"
#include "viz/internal/event_summary.h"

namespace faultline::viz {
namespace {

using internal::EventLanes;
using internal::Summary;
using internal::LaneIndex;
using internal::Picked;

constexpr size_t kNone = std::numeric_limits<size_t>::max();

// Sorts `items` by `keys` (the trace position each item stands for), keeping ties in
// the order they were made.
template <typename T>
void SortByKey(std::vector<T>& items, const std::vector<size_t>& keys) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

// A message seen being sent, until all its copies have ended.
struct Flight {
  size_t send = kNone;       // position of the send event
  size_t duplicate = kNone;  // position of the duplicate event, if any
  int copies = 1;
  int ended = 0;
};

class Builder {
 public:
  Builder(const TraceEvents& trace, const EventLanes& lanes, const std::vector<int>& shown_lane,
          const std::vector<size_t>& selected, Diagram& d)
      : events_(trace.events),
        label_fields_(trace.label_fields),
        lanes_(lanes),
        shown_lane_(shown_lane),
        selected_(selected),
        d_(d),
        first_(selected.front()),
        last_(selected.back()),
        open_down_(d.lanes.size(), kNone),
        open_pause_(d.lanes.size(), kNone) {}

  void Run() {
    for (size_t p = 0; p <= last_; ++p) {
      switch (events_[p].type) {
        case EventType::kSend:
        case EventType::kDuplicate:
        case EventType::kDeliver:
        case EventType::kDrop:
          if (Lane(lanes_.node[p]) >= 0 && Lane(lanes_.peer[p]) >= 0 && lanes_.kind_kept[p]) {
            OnMessage(p);
          }
          break;
        case EventType::kInvoke:
        case EventType::kComplete:
          if (Lane(lanes_.node[p]) >= 0) OnOp(p);
          break;
        case EventType::kPartition:
        case EventType::kHeal:
        case EventType::kLink:
          OnNetwork(p);
          break;
        default:
          OnLaneEvent(p);
          break;
      }
    }
    Finish();
  }

 private:
  int Lane(int trace_lane) const { return trace_lane < 0 ? -1 : shown_lane_[trace_lane]; }

  // The point of a selected event. REQUIRES: position p was selected.
  At AtOf(size_t p) const {
    const auto it = std::lower_bound(selected_.begin(), selected_.end(), p);
    FL_CHECK_MSG(it != selected_.end() && *it == p, "a diagram item refers to an unselected event");
    return At{events_[p].time, it - selected_.begin(), events_[p].index};
  }
  // Where something that began at position p starts in the diagram.
  At StartOf(size_t p) const { return p == kNone || p < first_ ? d_.begin : AtOf(p); }

  void OnMessage(size_t p) {
    const TraceEvent& e = events_[p];
    if (e.type == EventType::kSend) {
      flights_[e.msg] = Flight{p};
      if (p >= first_) window_sends_.push_back(e.msg);
      return;
    }
    auto it = flights_.find(e.msg);
    if (e.type == EventType::kDuplicate) {
      if (it != flights_.end()) {
        it->second.duplicate = p;
        it->second.copies = 2;
      }
      return;
    }
    Flight flight = it != flights_.end() ? it->second : Flight{};
    const int copy = flight.ended;
    if (it != flights_.end() && ++it->second.ended >= it->second.copies) flights_.erase(it);
    if (p < first_) return;
    const size_t start = copy >= 1 && flight.duplicate != kNone ? flight.duplicate : flight.send;
    const bool drop = e.type == EventType::kDrop;
    const bool loss_at_send =
        drop && e.time == e.sent && (e.text == "loss" || e.text == "partition");
    Arrow a = MakeArrow(p, start, copy >= 1);
    a.end = AtOf(p);
    a.fate = drop ? Fate::kDropped : Fate::kDelivered;
    if (drop) a.drop_reason = e.text;
    a.end_lane = loss_at_send ? a.from : a.to;
    a.title = internal::ArrowTitle(
        a, {e.node, e.peer, e.body, e.sent, start == kNone || start < first_, loss_at_send});
    AddArrow(std::move(a), start == kNone ? 0 : start);
  }

  // An arrow for message event p (any of its events), starting at position `start`.
  Arrow MakeArrow(size_t p, size_t start, bool duplicate) const {
    const TraceEvent& e = events_[p];
    Arrow a;
    a.msg = e.msg;
    a.from = Lane(lanes_.node[p]);
    a.to = Lane(lanes_.peer[p]);
    a.send = StartOf(start);
    a.duplicate = duplicate;
    a.kind = e.kind;
    const auto declared = label_fields_.find(e.kind);
    a.label = internal::ArrowLabel(e.kind, e.body,
                                   declared != label_fields_.end() ? &declared->second : nullptr);
    return a;
  }

  void AddArrow(Arrow a, size_t key) {
    d_.arrows.push_back(std::move(a));
    arrow_keys_.push_back(key);
  }

  void OnOp(size_t p) {
    const TraceEvent& e = events_[p];
    if (e.type == EventType::kInvoke) {
      open_ops_[e.op] = p;
      return;
    }
    const auto it = open_ops_.find(e.op);
    const size_t invoke = it != open_ops_.end() ? it->second : kNone;
    if (it != open_ops_.end()) open_ops_.erase(it);
    if (p < first_) return;
    OpBar bar = MakeOp(invoke == kNone ? p : invoke, invoke);
    bar.result = e.value;
    bar.outcome = e.text == "ok"     ? OpOutcome::kOk
                  : e.text == "fail" ? OpOutcome::kFail
                                     : OpOutcome::kInfo;
    bar.complete = AtOf(p);
    bar.label = internal::OpLabel(bar);
    d_.ops.push_back(std::move(bar));
    op_keys_.push_back(invoke == kNone ? 0 : invoke);
  }

  // A bar from the event at `p` (the invoke, or the completion when the invoke is unknown).
  OpBar MakeOp(size_t p, size_t invoke) const {
    const TraceEvent& e = events_[p];
    OpBar bar;
    bar.lane = Lane(lanes_.node[p]);
    bar.op = e.op;
    bar.process = e.process;
    bar.f = e.f;
    bar.key = e.key;
    bar.value = invoke == kNone ? "null" : e.value;
    bar.invoke = StartOf(invoke);
    return bar;
  }

  void OnNetwork(size_t p) {
    const TraceEvent& e = events_[p];
    if (e.type == EventType::kLink) {
      if (p >= first_) AddBand(BandType::kLinkFault, p, AtOf(p), e.text);
      return;
    }
    // A new partition replaces the one before it; a heal ends it.
    if (open_partition_ != kNone && p >= first_) {
      AddBand(BandType::kPartition, open_partition_, AtOf(p), events_[open_partition_].text);
    }
    open_partition_ = e.type == EventType::kPartition ? p : kNone;
  }

  void AddBand(BandType type, size_t begin, At end, const std::string& text) {
    d_.bands.push_back(Band{type, StartOf(begin), end, text});
    band_keys_.push_back(begin);
  }

  void OnLaneEvent(size_t p) {
    const TraceEvent& e = events_[p];
    const int lane = Lane(lanes_.node[p]);
    if (e.node.empty()) {
      if (p >= first_ && e.type == EventType::kNote) d_.cluster_notes.push_back({AtOf(p), e.text});
      return;
    }
    if (lane < 0) return;
    MarkType mark = MarkType::kNote;
    std::string text = e.text;
    switch (e.type) {
      case EventType::kStart:
        mark = MarkType::kStart;
        break;
      case EventType::kCrash:
        mark = MarkType::kCrash;
        CloseSpan(SpanType::kPaused, lane, p);  // a crash ends a pause too
        if (open_down_[lane] == kNone) open_down_[lane] = p;
        break;
      case EventType::kRestart:
        mark = MarkType::kRestart;
        CloseSpan(SpanType::kDown, lane, p);
        break;
      case EventType::kPause:
        mark = MarkType::kPause;
        if (open_pause_[lane] == kNone) open_pause_[lane] = p;
        break;
      case EventType::kResume:
        mark = MarkType::kResume;
        CloseSpan(SpanType::kPaused, lane, p);
        break;
      case EventType::kTimer:
        mark = MarkType::kTimer;
        text = absl::StrCat("tag ", e.tag);
        break;
      case EventType::kClock:
        mark = MarkType::kClock;
        break;
      default:
        break;
    }
    if (p >= first_) d_.marks.push_back(Mark{lane, AtOf(p), mark, std::move(text)});
  }

  void CloseSpan(SpanType type, int lane, size_t p) {
    size_t& open = type == SpanType::kDown ? open_down_[lane] : open_pause_[lane];
    if (open == kNone) return;
    if (p >= first_) AddSpan(type, lane, open, AtOf(p));
    open = kNone;
  }

  void AddSpan(SpanType type, int lane, size_t begin, At end) {
    d_.spans.push_back(Span{lane, type, StartOf(begin), end});
    span_keys_.push_back(begin);
  }

  // What is still going on at the end of the selection.
  void Finish() {
    for (uint64_t msg : window_sends_) {
      const auto it = flights_.find(msg);
      if (it == flights_.end()) continue;
      const Flight f = it->second;
      flights_.erase(it);
      for (int copy = f.ended; copy < f.copies; ++copy) {
        const size_t start = copy >= 1 ? f.duplicate : f.send;
        Arrow a = MakeArrow(f.send, start, copy >= 1);
        a.end = d_.end;
        a.fate = Fate::kInFlight;
        a.end_lane = a.to;
        const TraceEvent& e = events_[f.send];
        a.title = internal::ArrowTitle(a, {e.node, e.peer, e.body, e.time, false, false});
        AddArrow(std::move(a), start);
      }
    }
    for (const auto& [op, invoke] : open_ops_) {
      OpBar bar = MakeOp(invoke, invoke);
      bar.complete = d_.end;
      bar.label = internal::OpLabel(bar);
      d_.ops.push_back(std::move(bar));
      op_keys_.push_back(invoke);
    }
    for (int lane = 0; lane < static_cast<int>(d_.lanes.size()); ++lane) {
      if (open_down_[lane] != kNone) AddSpan(SpanType::kDown, lane, open_down_[lane], d_.end);
      if (open_pause_[lane] != kNone) AddSpan(SpanType::kPaused, lane, open_pause_[lane], d_.end);
    }
    if (open_partition_ != kNone) {
      AddBand(BandType::kPartition, open_partition_, d_.end, events_[open_partition_].text);
    }
    SortByKey(d_.arrows, arrow_keys_);
    SortByKey(d_.ops, op_keys_);
    SortByKey(d_.spans, span_keys_);
    SortByKey(d_.bands, band_keys_);
  }

  const std::vector<TraceEvent>& events_;
  const std::map<std::string, std::vector<std::string>, std::less<>>& label_fields_;
  const EventLanes& lanes_;
  const std::vector<int>& shown_lane_;  // trace lane -> diagram lane, -1 if not shown
  const std::vector<size_t>& selected_;
  Diagram& d_;
  const size_t first_;
  const size_t last_;

  // Looked up by id, never iterated: the order of items comes from the trace.
  absl::flat_hash_map<uint64_t, Flight> flights_;
  std::vector<uint64_t> window_sends_;   // ids sent inside the selection, in send order
  std::map<uint64_t, size_t> open_ops_;  // op id -> invoke position (ordered: iterated)
  std::vector<size_t> open_down_;        // per diagram lane: crash position or kNone
  std::vector<size_t> open_pause_;
  size_t open_partition_ = kNone;
  // Sort keys (trace positions of each item's start), parallel to the Diagram's vectors.
  std::vector<size_t> arrow_keys_, op_keys_, span_keys_, band_keys_;
};

// Sets the diagram's first and last instants and builds its items from `selected`.
void Build(const TraceEvents& trace, const EventLanes& lanes, const std::vector<int>& shown_lane,
           const std::vector<size_t>& selected, Diagram& d) {
  const TraceEvent& first = trace.events[selected.front()];
  const TraceEvent& last = trace.events[selected.back()];
  d.begin = At{first.time, 0, first.index};
  d.end = At{last.time, d.rows - 1, last.index};
  Builder(trace, lanes, shown_lane, selected, d).Run();
}

// "summarised to fit 800 rows: 612 of 16,564 events drawn, 187 gaps marked … (...)".
std::string SummaryNote(const Summary& s, int64_t rows, const Picked& picked, int64_t max_rows) {
  using internal::WithThousands;
  std::string note = absl::StrCat(
      "summarised to fit ", WithThousands(max_rows), " rows: ", WithThousands(s.kept), " of ",
      WithThousands(static_cast<int64_t>(picked.selected.size())), " events drawn, ",
      WithThousands(s.gaps), " gap", s.gaps == 1 ? "" : "s", " marked \xE2\x80\xA6 (every fault",
      s.notes_left_out ? " and phase" : ", note and phase", " kept, with ",
      WithThousands(s.context), " events either side; --max-rows 0 draws every event)");
  if (s.notes_left_out) absl::StrAppend(&note, "; node notes left out: more than fit");
  if (rows > max_rows) {
    absl::StrAppend(&note, "; still ", WithThousands(rows),
                    " rows: the faults and phases alone need more");
  }
  return note;
}

}  // namespace

absl::StatusOr<Diagram> BuildDiagram(const TraceEvents& trace, const Selection& selection) {
  const LaneIndex lanes = internal::FindLanes(trace);
  absl::StatusOr<EventLanes> event_lanes = internal::ResolveEvents(trace, lanes, selection);
  if (!event_lanes.ok()) return event_lanes.status();
  Diagram d;
  d.source = trace.source;
  d.events_total = static_cast<int64_t>(trace.events.size());
  std::vector<int> shown_lane(lanes.lanes.size(), -1);
  for (size_t i = 0; i < lanes.lanes.size(); ++i) {
    if (!event_lanes->lane_kept[i]) continue;
    shown_lane[i] = static_cast<int>(d.lanes.size());
    d.lanes.push_back(lanes.lanes[i]);
  }
  const Picked picked = internal::PickEvents(trace, *event_lanes, selection);
  d.note = internal::SelectionNote(trace, selection, picked);
  d.events_shown = static_cast<int64_t>(picked.selected.size());
  d.rows = d.events_shown;
  if (picked.selected.empty()) return d;
  if (selection.max_rows > 0 && d.rows > selection.max_rows) {
    const Summary s =
        internal::Summarise(trace, *event_lanes, picked.selected, selection.max_rows);
    d.events_shown = s.kept;
    d.rows = static_cast<int64_t>(s.selected.size());
    const std::string summary = SummaryNote(s, d.rows, picked, selection.max_rows);
    d.note = d.note.empty() ? summary : absl::StrCat(d.note, "; ", summary);
    Build(s.trace, s.lanes, shown_lane, s.selected, d);
    return d;
  }
  Build(trace, *event_lanes, shown_lane, picked.selected, d);
  return d;
}

}  // namespace faultline::viz
