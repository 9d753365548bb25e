// A Diagram as Chrome trace-event JSON, for ui.perfetto.dev and chrome://tracing.
//
//   std::string json = RenderPerfetto(diagram, RenderOptions{});
//   // {"displayTimeUnit":"ns","otherData":{...},"traceEvents":[ ... ]}
//
// What it draws:
//   - one process (the cluster) with one thread track per lane, named and sorted so the
//     lanes appear in the diagram's order (nodes, then clients);
//   - every message as two zero-length slices joined by a flow arrow: "send KIND" on the
//     sender, and "recv KIND" on the receiver or "drop KIND (REASON)" where the diagram
//     ends the arrow (the receiver, or the sender for a loss at send time); a message still
//     in flight has its send slice only;
//   - client ops as complete ("X") slices from invoke to completion, named by label and
//     coloured by outcome; down and paused intervals as slices on their lane (a slice that
//     would partly overlap another on its lane goes to an extra track "NAME (2)" below it);
//   - starts, crashes, restarts, pauses, resumes, timers, clock changes and notes as
//     instants on their lane; cluster notes and the selection's note as global instants;
//   - partitions as global instants where they begin and heal (args name the cut) and as
//     slices on a "network" track so their extent shows; link faults as global instants.
//
// Messages are not coloured by kind (viz/kind_colours.h). ui.perfetto.dev ignores the
// trace-event "cname" field by design and colours a slice by a hash of its name
// (google/perfetto issues 208 and 624); chrome://tracing honours only its ~30 reserved
// names, each with a fixed colour of its own, so neither can carry the palette. The kind
// is in every message slice's args ("kind") and name. Op outcomes, drops and bands keep
// their reserved names (good / bad / yellow / terrible), which chrome://tracing shows.
//
// Flows use the trace-event format's "v2" binding (bind_id with flow_out / flow_in on the
// slice itself, as Chrome writes them) rather than "s"/"f" events: a node very often
// receives a message and sends several at the same simulated instant, and "s"/"f" events
// bind to whichever slice is on top at that timestamp, so their arrows would attach to the
// wrong slice. Each Arrow gets its own flow id (a duplicate of a message does not share
// its original's id).
//
// Time is always true simulated time (Perfetto zooms; RenderOptions::scale is ignored):
// "ts" and "dur" are microseconds written exactly from integer nanoseconds ("1234.567").
// Every slice's args carry the trace event's index ("event") and compact "row". Output is
// byte-identical for the same Diagram and options.
#ifndef FAULTLINE_VIZ_PERFETTO_H_
#define FAULTLINE_VIZ_PERFETTO_H_

#include <string>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

std::string RenderPerfetto(const Diagram& diagram, const RenderOptions& options);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_PERFETTO_H_
