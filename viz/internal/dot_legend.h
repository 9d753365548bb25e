// The legend under a DOT space-time diagram (viz/dot.cc): a Graphviz HTML-like label that
// names only what the diagram draws — the op outcomes, down / paused segments, bands,
// marks and message glyphs present, then each message kind drawn, in its colour
// (viz/kind_colours.h).
#ifndef FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_
#define FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_

#include <string>

#include "viz/diagram.h"

namespace faultline::viz::internal::dot {

// "<<TABLE ...>...</TABLE>>": use as a node's label= value, unquoted; "" when the diagram
// draws nothing a legend would explain. `rows` (if not null) gets the number of lines.
std::string LegendHtml(const Diagram& d, int* rows);

}  // namespace faultline::viz::internal::dot

#endif  // FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_
