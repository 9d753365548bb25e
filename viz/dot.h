// Graphviz DOT of the space-time diagram: one vertical lane per node, then (apart) one per
// client, time flowing down, an arrow per message from its send to its delivery.
//
//   std::string text = RenderDot(diagram, RenderOptions{});
//   // faultline viz run/trace.jsonl --format dot | dot -Tpng -o trace.png
//
// The text pins every position itself and asks Graphviz for the `nop2` layout (what
// `neato -n2` does), so plain `dot -Tsvg` / `dot -Tpng` draw it as laid out here; dot.cc
// says why. What is drawn:
//   - lane heads on top, nodes on a blue background, clients on a sand one to their right;
//   - messages: solid arrows in their kind's colour (viz/kind_colours.h, the same as in
//     the SVG); duplicates dashed and marked "(dup)"; dropped messages red, ending in an X
//     (on the receiver's lane when dropped at delivery, a little way towards it when lost
//     at send time); in-flight messages dotted;
//   - client ops as thick bars on the client's lane from invoke to completion, green (ok),
//     red (fail), amber (info: indeterminate) or grey (pending), labelled "write k8 1 -> ok";
//   - crashes (red) and pauses (grey) as thick segments of the lane, with marks for crash,
//     restart, pause, resume, timers, clock changes and notes;
//   - partitions and link faults as shaded bands across all lanes, named on the right;
//   - time ticks on the left, a legend below naming only what is drawn (and each message
//     kind in its colour), and tooltips (SVG) with the full text.
// Output is byte-identical for the same Diagram and options.
#ifndef FAULTLINE_VIZ_DOT_H_
#define FAULTLINE_VIZ_DOT_H_

#include <string>
#include <string_view>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

std::string RenderDot(const Diagram& diagram, const RenderOptions& options);

// `text` as a DOT double-quoted string, quotes included, for labels and tooltips: valid
// UTF-8 (see CleanText), `\` and `"` escaped, a newline as DOT's centred line break `\n`,
// and `&` written as `&amp;` because Graphviz decodes HTML entities in labels.
std::string DotQuote(std::string_view text);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_DOT_H_
