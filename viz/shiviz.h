// A Diagram as a ShiViz log (https://bestchai.bitbucket.io/shiviz/): the file ShiViz's
// "upload a log" takes, with vector clocks computed over exactly the events written.
//
//   std::string log = RenderShiViz(diagram, RenderOptions{});
//
//   (?<host>\S*) (?<clock>{.*})\n(?<event>.*)         <- line 1: the parser regex
//                                                      <- line 2: no execution delimiter
//   n1 {"n1":1}
//   start [t=0s, i=0]
//   c1 {"c1":1}
//   invoke write k1 5 [process 0, op 1, t=1ms, i=3]
//   c1 {"c1":2}
//   send client.req to n1 [msg 7, t=1ms, i=4]
//   n1 {"n1":2,"c1":2}
//   recv client.req from c1 [msg 7, t=3ms, i=5]
//
// Each lane is a ShiViz host. Events are written in trace order (At::event); each one
// ticks its own lane's entry, so a host's own entry counts 1, 2, 3, ... as ShiViz requires.
// A delivery first merges (entry-wise max) the sender's clock as it was at the send, then
// ticks. A dropped or in-flight message has its send and no receive. Op invocations and
// completions, and lane marks (start, crash, restart, pause, resume, timer, clock, note)
// are local events. Partitions and link faults belong to no host and are left out (they
// carry no causality); so are marks on no lane.
//
// Messages are not coloured by kind (viz/kind_colours.h): the log format has no colour
// field; ShiViz colours hosts itself.
//
// Clock keys are written in lane order (nodes, then clients), and only non-zero entries.
// Host names have whitespace replaced by '_' (the regex's host is \S*). Event text is one
// line. RenderOptions::message_labels picks the arrow label over the bare message kind;
// scale and title do not apply. Output is byte-identical for the same Diagram.
#ifndef FAULTLINE_VIZ_SHIVIZ_H_
#define FAULTLINE_VIZ_SHIVIZ_H_

#include <string>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

// The parser regex written on the log's first line.
inline constexpr char kShiVizRegex[] = R"re((?<host>\S*) (?<clock>{.*})\n(?<event>.*))re";

std::string RenderShiViz(const Diagram& diagram, const RenderOptions& options);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SHIVIZ_H_
