// Trace events + a Selection -> the Diagram every renderer draws.
//
//   absl::StatusOr<TraceEvents> trace = ReadTraceFile("runs/q/trace.jsonl");
//   Selection sel;
//   sel.hide_kinds = {"heartbeat"};
//   absl::StatusOr<Diagram> d = BuildDiagram(*trace, sel);
//   std::string svg = RenderSvg(*d, RenderOptions{});
//
// What is selected, in this order:
//   1. events from `from` to `to` whose lanes are kept (`nodes`; a message needs both of
//      its ends kept) and, for message events, whose kind is kept (`kinds`, `hide_kinds`);
//   2. with `around_time`: the `around_events` events either side of the one nearest it;
//   3. at most `max_events` of them (<= 0: no cap): the first ones, or with `around_time`
//      the ones nearest the centre. Diagram::note says what was left out and hidden;
//   4. when more than `max_rows` remain: a summary (internal/event_summary.h) that keeps
//      every fault, note and phase and the events around them, and puts a gap row (a
//      cluster note "… 312 events left out (1.2s): 200 heartbeat, …") over each long
//      stretch left out, so the picture has at most max_rows rows.
// Each selected event takes one compact row. Things that began before the first selected
// event (a message sent earlier, a node already down, an op already running) start at
// Diagram::begin; things still going on after the last one end at Diagram::end.
//
// Pairing rules: a send pairs with the deliver or drop events of the same msg id; after
// a `duplicate` event the second end event is the network's copy (Arrow::duplicate; with
// reordering the copy may in truth have arrived first: the trace cannot tell them apart).
// A drop with reason loss or partition at the send time is a loss at send (the arrow ends
// on the sender's lane); other drops end on the receiver's lane. A send with no end event
// in the selection is in flight. Invoke/complete pair by op id (pending without a
// completion in the selection); crash/restart make kDown spans, pause/resume kPaused
// spans; a partition is a band until the next heal or partition; each link event is a
// zero-length band (see diagram.h).
#ifndef FAULTLINE_VIZ_DIAGRAM_BUILDER_H_
#define FAULTLINE_VIZ_DIAGRAM_BUILDER_H_

#include "absl/status/statusor.h"
#include "viz/diagram.h"
#include "viz/selection.h"
#include "viz/trace_events.h"

namespace faultline::viz {

// Errors (InvalidArgument): a lane or message kind the trace does not have (the message
// lists the ones it has), `from` after `to`, a negative `around_events`.
absl::StatusOr<Diagram> BuildDiagram(const TraceEvents& trace, const Selection& selection);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_DIAGRAM_BUILDER_H_
