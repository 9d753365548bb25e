#include "viz/internal/event_summary.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "viz/internal/diagram_text.h"
#include "viz/label_text.h"
#include "viz/trace_events.h"

namespace faultline::viz::internal {
namespace {

bool IsMessage(EventType t) {
  return t == EventType::kSend || t == EventType::kDeliver || t == EventType::kDrop ||
         t == EventType::kDuplicate;
}

bool IsOp(EventType t) { return t == EventType::kInvoke || t == EventType::kComplete; }

// Shorter stretches are kept when their messages and ops fit, else left out without a
// gap row (the diagram's note counts every event left out).
constexpr size_t kGapEventsMin = 4;
constexpr int kFillPasses = 4;

// The plan over the selection: indices k below are into `selected` (0 .. n-1).
class Planner {
 public:
  Planner(const TraceEvents& trace, const std::vector<size_t>& selected)
      : trace_(trace), selected_(selected), unit_of_(selected.size()) {
    std::map<uint64_t, size_t> message_unit, op_unit;  // id -> unit; looked up, not iterated
    for (size_t k = 0; k < selected_.size(); ++k) {
      const TraceEvent& e = Event(k);
      size_t unit = units_.size();
      if (IsMessage(e.type) || IsOp(e.type)) {
        std::map<uint64_t, size_t>& by_id = IsMessage(e.type) ? message_unit : op_unit;
        unit = by_id.emplace(IsMessage(e.type) ? e.msg : e.op, units_.size()).first->second;
      }
      if (unit == units_.size()) units_.emplace_back();
      units_[unit].push_back(k);
      unit_of_[k] = unit;
    }
    for (size_t k = 0; k < selected_.size(); ++k) {
      const TraceEvent& e = Event(k);
      const bool cluster_note = e.type == EventType::kNote && e.node.empty();
      // An op that began before the selection: without its completion its bar would run
      // on to the end of the picture as if it never ended.
      const bool running_op = e.type == EventType::kComplete &&
                              Event(units_[unit_of_[k]].front()).type != EventType::kInvoke;
      if (IsFault(e.type) || cluster_note || e.type == EventType::kStart || running_op) {
        must_.push_back(k);
      } else if (e.type == EventType::kNote) {
        notes_.push_back(k);
      }
    }
  }

  // Which events to keep when the `context` events either side of each fault and note
  // (and of the selection's first and last event) are looked at, notes kept or not. A
  // message or op is kept when all of its events were looked at, so one that spans a gap
  // does not pull in a lone far end (and the gaps do not fragment).
  std::vector<char> Keep(int64_t context, bool with_notes) const {
    const int64_t n = static_cast<int64_t>(selected_.size());
    std::vector<char> seen(selected_.size(), 0);
    std::vector<int64_t> anchors = {0, n - 1};
    for (size_t k : must_) {
      if (Event(k).type != EventType::kStart) anchors.push_back(static_cast<int64_t>(k));
    }
    if (with_notes) anchors.insert(anchors.end(), notes_.begin(), notes_.end());
    std::sort(anchors.begin(), anchors.end());
    int64_t next = 0;  // first index not yet seen; the windows are walked once
    for (int64_t a : anchors) {
      const int64_t lo = std::max(next, a - context);
      const int64_t hi = std::min(n - 1, a + context);
      for (int64_t k = lo; k <= hi; ++k) seen[static_cast<size_t>(k)] = 1;
      next = std::max(next, hi + 1);
    }
    std::vector<char> keep = KeepSeen(seen, with_notes);
    // A gap row for one to three events saves little: look at short stretches too, a
    // bounded number of times (keeping one can complete a message that ends in another).
    for (int pass = 0; pass < kFillPasses; ++pass) {
      bool changed = false;
      for (size_t k = 0; k < keep.size();) {
        const size_t end = RunEnd(keep, k);
        if (end > k && end - k < kGapEventsMin) {
          for (size_t j = k; j < end; ++j) {
            changed = changed || !seen[j];
            seen[j] = 1;
          }
        }
        k = end + 1;
      }
      if (!changed) break;
      keep = KeepSeen(seen, with_notes);
    }
    return keep;
  }

  // Rows the kept events take: one each, plus one per stretch left out that is long
  // enough for a gap row.
  static int64_t Rows(const std::vector<char>& keep) {
    int64_t rows = 0;
    for (size_t k = 0; k < keep.size();) {
      if (keep[k]) {
        ++rows;
        ++k;
        continue;
      }
      const size_t end = RunEnd(keep, k);
      if (end - k >= kGapEventsMin) ++rows;
      k = end;
    }
    return rows;
  }

  // The end of the stretch of left-out events that starts at k.
  static size_t RunEnd(const std::vector<char>& keep, size_t k) {
    while (k < keep.size() && !keep[k]) ++k;
    return k;
  }

  // "… 312 events left out (1.2s): 200 heartbeat, 80 replicate, …; 6 ops, 2 timers",
  // a note of no lane, for the left-out events [from, to).
  TraceEvent GapNote(size_t from, size_t to) const {
    std::map<std::string, int64_t> sends;  // kind -> sends; ordered for ties below
    int64_t ops = 0, timers = 0, notes = 0, other = 0;
    for (size_t k = from; k < to; ++k) {
      const TraceEvent& e = Event(k);
      if (e.type == EventType::kSend) ++sends[e.kind];
      if (e.type == EventType::kInvoke) ++ops;
      if (e.type == EventType::kTimer) ++timers;
      if (e.type == EventType::kNote) ++notes;
      if (!IsMessage(e.type) && !IsOp(e.type) && e.type != EventType::kTimer &&
          e.type != EventType::kNote) {
        ++other;
      }
    }
    std::vector<std::pair<int64_t, std::string>> by_count;
    for (const auto& [kind, count] : sends) by_count.push_back({-count, kind});
    std::sort(by_count.begin(), by_count.end());
    const TraceEvent& first = Event(from);
    std::string text = absl::StrCat("\xE2\x80\xA6 ", WithThousands(static_cast<int64_t>(to - from)),
                                    to - from == 1 ? " event" : " events", " left out (",
                                    ShortTime(Event(to - 1).time - first.time), ")");
    for (size_t i = 0; i < by_count.size() && i < 3; ++i) {
      absl::StrAppend(&text, i == 0 ? ": " : ", ", WithThousands(-by_count[i].first), " ",
                      by_count[i].second);
    }
    if (by_count.size() > 3) text.append(", \xE2\x80\xA6");
    std::string rest;
    for (const auto& [count, what] : {std::pair{ops, "op"}, std::pair{timers, "timer"},
                                      std::pair{notes, "note"}, std::pair{other, "other"}}) {
      if (count == 0) continue;
      absl::StrAppend(&rest, rest.empty() ? "" : ", ", WithThousands(count), " ", what,
                      count == 1 || std::string_view(what) == "other" ? "" : "s");
    }
    if (!rest.empty()) absl::StrAppend(&text, by_count.empty() ? ": " : "; ", rest);
    TraceEvent gap;
    gap.type = EventType::kNote;
    gap.index = first.index;
    gap.time = first.time;
    gap.text = std::move(text);
    return gap;
  }

  bool has_notes() const { return !notes_.empty(); }

 private:
  const TraceEvent& Event(size_t k) const { return trace_.events[selected_[k]]; }

  // The must-haves, the notes if asked, and every unit all of whose events were seen.
  std::vector<char> KeepSeen(const std::vector<char>& seen, bool with_notes) const {
    std::vector<char> keep(selected_.size(), 0);
    for (size_t k : must_) keep[k] = 1;
    if (with_notes) {
      for (size_t k : notes_) keep[k] = 1;
    }
    for (const std::vector<size_t>& unit : units_) {
      if (std::all_of(unit.begin(), unit.end(), [&](size_t k) { return seen[k] != 0; })) {
        for (size_t k : unit) keep[k] = 1;
      }
    }
    return keep;
  }

  const TraceEvents& trace_;
  const std::vector<size_t>& selected_;
  std::vector<std::vector<size_t>> units_;  // events kept or left out together
  std::vector<size_t> unit_of_;
  std::vector<size_t> must_;   // faults, starts, phases, completions of running ops
  std::vector<size_t> notes_;  // node notes
};

}  // namespace

Summary Summarise(const TraceEvents& trace, const EventLanes& lanes,
                  const std::vector<size_t>& selected, int64_t max_rows) {
  FL_CHECK(!selected.empty() && max_rows > 0);
  const Planner planner(trace, selected);
  Summary s;
  // Notes stay when the must-haves and notes fit; then the largest context that fits
  // (rows grow with the context: a wider window only adds kept events).
  bool with_notes = Planner::Rows(planner.Keep(0, true)) <= max_rows;
  s.notes_left_out = !with_notes && planner.has_notes();
  int64_t lo = 0, hi = static_cast<int64_t>(selected.size());
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo + 1) / 2;
    if (Planner::Rows(planner.Keep(mid, with_notes)) <= max_rows) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  s.context = lo;
  const std::vector<char> keep = planner.Keep(lo, with_notes);

  const size_t prefix = selected.front();
  s.trace.source = trace.source;
  s.trace.label_fields = trace.label_fields;
  s.trace.events.assign(trace.events.begin(), trace.events.begin() + static_cast<ptrdiff_t>(prefix));
  s.lanes.lane_kept = lanes.lane_kept;
  s.lanes.node.assign(lanes.node.begin(), lanes.node.begin() + static_cast<ptrdiff_t>(prefix));
  s.lanes.peer.assign(lanes.peer.begin(), lanes.peer.begin() + static_cast<ptrdiff_t>(prefix));
  s.lanes.kind_kept.assign(lanes.kind_kept.begin(),
                           lanes.kind_kept.begin() + static_cast<ptrdiff_t>(prefix));
  const auto push = [&](TraceEvent e, int node, int peer, bool kind_kept) {
    s.selected.push_back(s.trace.events.size());
    s.trace.events.push_back(std::move(e));
    s.lanes.node.push_back(node);
    s.lanes.peer.push_back(peer);
    s.lanes.kind_kept.push_back(kind_kept);
  };
  for (size_t k = 0; k < selected.size();) {
    if (keep[k]) {
      const size_t p = selected[k];
      push(trace.events[p], lanes.node[p], lanes.peer[p], lanes.kind_kept[p]);
      ++s.kept;
      ++k;
      continue;
    }
    const size_t end = Planner::RunEnd(keep, k);
    if (end - k >= kGapEventsMin) {
      push(planner.GapNote(k, end), -1, -1, true);
      ++s.gaps;
    }
    k = end;
  }
  return s;
}

}  // namespace faultline::viz::internal
