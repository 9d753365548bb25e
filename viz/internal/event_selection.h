// Internal to the diagram builder: the lanes of a trace, and which events a Selection
// keeps (selection.h, diagram_builder.h describe the rules).
#ifndef FAULTLINE_VIZ_INTERNAL_EVENT_SELECTION_H_
#define FAULTLINE_VIZ_INTERNAL_EVENT_SELECTION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "viz/diagram.h"
#include "viz/selection.h"
#include "viz/trace_events.h"

namespace faultline::viz::internal {

// Every endpoint the trace names, in diagram order: nodes in order of appearance, then
// clients (endpoints that invoke ops, or named cN without ever starting) by name, c2
// before c10.
struct LaneIndex {
  std::vector<Lane> lanes;
  std::map<std::string, int, std::less<>> by_name;  // name -> index in `lanes`
};
LaneIndex FindLanes(const TraceEvents& trace);

// Per event and per lane facts the selection needs, computed once.
struct EventLanes {
  std::vector<int> node;        // per event: lane of `node` (a message's sender), or -1
  std::vector<int> peer;        // per event: lane of `peer` (a message's receiver), or -1
  std::vector<bool> kind_kept;  // per event: not a message, or its kind is kept
  std::vector<bool> lane_kept;  // per lane of the LaneIndex
};
// Checks the selection against the trace (unknown lanes and kinds are errors that list
// the known ones) and resolves every event's lanes.
absl::StatusOr<EventLanes> ResolveEvents(const TraceEvents& trace, const LaneIndex& lanes,
                                         const Selection& selection);

struct Picked {
  std::vector<size_t> selected;  // positions in trace.events, ascending
  int64_t matching = 0;          // events that passed the filters (time, lanes, kinds)
  std::optional<size_t> center;  // with around_time: the position of the centre event
  bool capped = false;           // max_events left some of the window out
};
Picked PickEvents(const TraceEvents& trace, const EventLanes& lanes, const Selection& selection);

// "" when everything is shown; else what was shown, left out and hidden, e.g.
// "showing 2,000 of 89,972 events: the first 2,000 of 16,730 that match (max events);
// hidden kinds: heartbeat".
std::string SelectionNote(const TraceEvents& trace, const Selection& selection,
                          const Picked& picked);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_EVENT_SELECTION_H_
