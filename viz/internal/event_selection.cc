#include "viz/internal/event_selection.h"

#include <algorithm>
#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "base/suggest.h"
#include "base/time.h"
#include "viz/internal/diagram_text.h"

namespace faultline::viz::internal {
namespace {

bool IsMessage(EventType t) {
  return t == EventType::kSend || t == EventType::kDeliver || t == EventType::kDrop ||
         t == EventType::kDuplicate;
}

bool IsOp(EventType t) { return t == EventType::kInvoke || t == EventType::kComplete; }

// "c" and digits: the simulator's client names.
bool LooksLikeClient(std::string_view name) {
  return name.size() >= 2 && name[0] == 'c' &&
         name.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

// Names with a number at the end sort by that number: c2 before c10.
bool NaturalLess(const std::string& a, const std::string& b) {
  const size_t da = a.find_last_not_of("0123456789") + 1;
  const size_t db = b.find_last_not_of("0123456789") + 1;
  if (a.compare(0, da, b, 0, db) != 0 || da == a.size() || db == b.size()) return a < b;
  const size_t digits_a = a.size() - da, digits_b = b.size() - db;
  if (digits_a != digits_b) return digits_a < digits_b;  // no leading zeros in our names
  return a < b;
}

// Every kind of message the trace carries, sorted.
std::vector<std::string> TraceKinds(const TraceEvents& trace) {
  std::set<std::string> kinds;
  for (const TraceEvent& e : trace.events) {
    if (IsMessage(e.type)) kinds.insert(e.kind);
  }
  return {kinds.begin(), kinds.end()};
}

absl::Status Unknown(std::string_view what, const std::string& name,
                     const std::vector<std::string>& known) {
  std::string message = absl::StrCat("unknown ", Sv(what), " '", name, "' in the selection");
  const std::string guess = Suggest(name, known);
  if (!guess.empty()) absl::StrAppend(&message, " (did you mean '", guess, "'?)");
  if (known.empty()) {
    absl::StrAppend(&message, "; the trace has none");
  } else {
    absl::StrAppend(&message, "; the trace has ", absl::StrJoin(known, ", "));
  }
  return absl::InvalidArgumentError(message);
}

absl::Status CheckKinds(const std::vector<std::string>& names,
                        const std::vector<std::string>& known) {
  for (const std::string& k : names) {
    if (!std::binary_search(known.begin(), known.end(), k))
      return Unknown("message kind", k, known);
  }
  return absl::OkStatus();
}

bool Matches(const TraceEvent& e, size_t p, const EventLanes& lanes, const Selection& s) {
  if (e.time < s.from || e.time > s.to) return false;
  if (!lanes.kind_kept[p]) return false;
  const auto kept = [&](int lane) { return lane < 0 || lanes.lane_kept[lane]; };
  return kept(lanes.node[p]) && kept(lanes.peer[p]);
}

// Index into `matching` of the event nearest `time`; at equal distance, the later one.
size_t Nearest(const TraceEvents& trace, const std::vector<size_t>& matching, int64_t time) {
  const auto it = std::lower_bound(matching.begin(), matching.end(), time,
                                   [&](size_t p, int64_t t) { return trace.events[p].time < t; });
  size_t k = static_cast<size_t>(it - matching.begin());
  if (k == matching.size()) return k - 1;
  if (k > 0) {
    // Both sides are within int64: times are non-negative.
    const int64_t after = trace.events[matching[k]].time - time;
    const int64_t before = time - trace.events[matching[k - 1]].time;
    if (before < after) --k;
  }
  return k;
}

}  // namespace

LaneIndex FindLanes(const TraceEvents& trace) {
  std::vector<std::string> order;  // first appearance
  std::set<std::string, std::less<>> seen, clients, started;
  const auto add = [&](const std::string& name) {
    if (!name.empty() && seen.insert(name).second) order.push_back(name);
  };
  for (const TraceEvent& e : trace.events) {
    add(e.node);
    if (IsMessage(e.type)) add(e.peer);
    if (IsOp(e.type)) clients.insert(e.node);
    if (e.type == EventType::kStart) started.insert(e.node);
  }
  std::vector<std::string> client_names;
  LaneIndex index;
  for (const std::string& name : order) {
    if (clients.count(name) || (LooksLikeClient(name) && !started.count(name))) {
      client_names.push_back(name);
    } else {
      index.lanes.push_back(Lane{name, LaneKind::kNode});
    }
  }
  std::sort(client_names.begin(), client_names.end(), NaturalLess);
  for (const std::string& name : client_names) index.lanes.push_back(Lane{name, LaneKind::kClient});
  for (size_t i = 0; i < index.lanes.size(); ++i) {
    index.by_name.emplace(index.lanes[i].name, static_cast<int>(i));
  }
  return index;
}

absl::StatusOr<EventLanes> ResolveEvents(const TraceEvents& trace, const LaneIndex& lanes,
                                         const Selection& s) {
  if (s.from > s.to) {
    return absl::InvalidArgumentError(absl::StrCat("the selection starts (",
                                                   FormatDuration(s.from), ") after it ends (",
                                                   FormatDuration(s.to), ")"));
  }
  if (s.around_events < 0) {
    return absl::InvalidArgumentError("around_events must be 0 or more");
  }
  EventLanes out;
  out.lane_kept.assign(lanes.lanes.size(), s.nodes.empty());
  std::vector<std::string> lane_names;
  for (const Lane& l : lanes.lanes) lane_names.push_back(l.name);
  for (const std::string& name : s.nodes) {
    const auto it = lanes.by_name.find(name);
    if (it == lanes.by_name.end()) return Unknown("node", name, lane_names);
    out.lane_kept[it->second] = true;
  }
  const std::vector<std::string> kinds = TraceKinds(trace);
  if (absl::Status st = CheckKinds(s.kinds, kinds); !st.ok()) return st;
  if (absl::Status st = CheckKinds(s.hide_kinds, kinds); !st.ok()) return st;
  const std::set<std::string, std::less<>> keep(s.kinds.begin(), s.kinds.end());
  const std::set<std::string, std::less<>> hide(s.hide_kinds.begin(), s.hide_kinds.end());

  const size_t n = trace.events.size();
  out.node.assign(n, -1);
  out.peer.assign(n, -1);
  out.kind_kept.assign(n, true);
  const auto lane_of = [&](const std::string& name) {
    const auto it = lanes.by_name.find(name);
    return it == lanes.by_name.end() ? -1 : it->second;
  };
  for (size_t p = 0; p < n; ++p) {
    const TraceEvent& e = trace.events[p];
    out.node[p] = lane_of(e.node);
    if (!IsMessage(e.type)) continue;
    out.peer[p] = lane_of(e.peer);
    out.kind_kept[p] = (keep.empty() || keep.count(e.kind)) && !hide.count(e.kind);
  }
  return out;
}

Picked PickEvents(const TraceEvents& trace, const EventLanes& lanes, const Selection& s) {
  std::vector<size_t> matching;
  for (size_t p = 0; p < trace.events.size(); ++p) {
    if (Matches(trace.events[p], p, lanes, s)) matching.push_back(p);
  }
  Picked picked;
  picked.matching = static_cast<int64_t>(matching.size());
  const size_t n = matching.size();
  const size_t cap = s.max_events > 0 ? static_cast<size_t>(s.max_events) : n;
  size_t lo = 0, hi = n;
  if (s.around_time && n > 0) {
    const size_t k = Nearest(trace, matching, *s.around_time);
    picked.center = matching[k];
    const size_t half = static_cast<size_t>(s.around_events);
    lo = k > half ? k - half : 0;
    hi = std::min(n, k + std::min(half, n) + 1);
    if (hi - lo > cap) {
      // The cap keeps the events nearest the centre.
      size_t start = k > (cap - 1) / 2 ? k - (cap - 1) / 2 : 0;
      start = std::min(std::max(start, lo), hi - cap);
      lo = start;
      hi = start + cap;
      picked.capped = true;
    }
  } else if (n > cap) {
    hi = cap;
    picked.capped = true;
  }
  picked.selected.assign(matching.begin() + static_cast<ptrdiff_t>(lo),
                         matching.begin() + static_cast<ptrdiff_t>(hi));
  return picked;
}

std::string SelectionNote(const TraceEvents& trace, const Selection& s, const Picked& picked) {
  const int64_t shown = static_cast<int64_t>(picked.selected.size());
  const int64_t total = static_cast<int64_t>(trace.events.size());
  std::vector<std::string> details;
  if (picked.center) {
    absl::StrAppend(&details.emplace_back(), WithThousands(shown), " events around ",
                    FormatDuration(*s.around_time), " (up to ", WithThousands(s.around_events),
                    " either side", picked.capped ? ", cut to the max-events cap" : "", ")");
  } else if (picked.capped && picked.matching < total) {
    details.push_back(absl::StrCat("the first ", WithThousands(shown), " of ",
                                   WithThousands(picked.matching),
                                   " that match (the max-events cap)"));
  }
  if (!s.hide_kinds.empty()) details.push_back("hidden: " + absl::StrJoin(s.hide_kinds, ", "));
  if (!s.kinds.empty()) details.push_back("only kinds " + absl::StrJoin(s.kinds, ", "));
  if (!s.nodes.empty()) details.push_back("only lanes " + absl::StrJoin(s.nodes, ", "));
  if (s.from > 0) details.push_back("from " + FormatDuration(s.from));
  if (s.to != std::numeric_limits<int64_t>::max()) {
    details.push_back("to " + FormatDuration(s.to));
  }
  if (shown == 0) {
    return absl::StrCat("no events match the selection", details.empty() ? "" : ": ",
                        absl::StrJoin(details, "; "));
  }
  if (shown == total && details.empty()) return "";
  // Capped without filters: nothing else to explain.
  const bool first_only = picked.capped && !picked.center && picked.matching == total;
  return absl::StrCat("showing ", first_only ? "the first " : "", WithThousands(shown), " of ",
                      WithThousands(total), " events", first_only ? " (the max-events cap)" : "",
                      details.empty() ? "" : ": ", absl::StrJoin(details, "; "));
}

}  // namespace faultline::viz::internal
