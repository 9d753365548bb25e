// Internal to the diagram builder: keeps a big selection drawable by summarising its
// dense stretches. Faults, notes and phases stay; routine events (messages, client ops,
// timers) stay only around the faults and notes and at the start and end; each run of
// left-out events becomes one gap row, a note that belongs to no lane:
//   "… 312 events left out (1.2s): 200 heartbeat, 80 replicate, 20 client.req, …; 6 ops"
//
//   if (picked.selected.size() > max_rows) {
//     Summary s = Summarise(trace, lanes, picked.selected, max_rows);
//     // build the diagram from s.trace / s.lanes / s.selected instead
//   }
//
// Rules, so the picture tells no lie about what it keeps:
//   - a message is kept whole (its send, duplicate, deliveries and drops) or left out
//     whole, and so is a client op (invoke and completion): no arrow or bar is cut short
//     by a gap; an op already running when the selection begins keeps its completion;
//   - every partition, heal, crash, restart, pause, resume, clock and link change, every
//     node start and every phase (a note of no node) is kept, whatever the budget;
//   - node notes are kept too unless they alone overflow the budget (then the gap text
//     counts them);
//   - the routine events kept are the `context` nearest each fault and note, and at the
//     selection's start and end, with `context` as large as the row budget allows.
#ifndef FAULTLINE_VIZ_INTERNAL_EVENT_SUMMARY_H_
#define FAULTLINE_VIZ_INTERNAL_EVENT_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "viz/internal/event_selection.h"
#include "viz/trace_events.h"

namespace faultline::viz::internal {

struct Summary {
  // The events the builder walks: the original events before the first selected one
  // (things already going on), then the kept events with a gap note over each stretch
  // left out. `lanes` is parallel to trace.events; `selected` holds every position from
  // the first kept event on.
  TraceEvents trace;
  EventLanes lanes;
  std::vector<size_t> selected;
  int64_t kept = 0;           // events of the original selection drawn
  int64_t gaps = 0;           // gap rows
  int64_t context = 0;        // routine events kept either side of each fault and note
  bool notes_left_out = false;  // node notes did not fit and were summarised
};

// REQUIRES: `selected` is ascending, non-empty, positions in trace.events; max_rows > 0.
// The result has at most max_rows rows unless the faults, phases and starts alone need
// more (then every one of them is still kept).
Summary Summarise(const TraceEvents& trace, const EventLanes& lanes,
                  const std::vector<size_t>& selected, int64_t max_rows);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_EVENT_SUMMARY_H_
