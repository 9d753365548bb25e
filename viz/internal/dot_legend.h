// The legend under a DOT space-time diagram (viz/dot.cc): a Graphviz HTML-like label
// explaining the colours and line styles. Constant text, so nothing in it needs escaping.
#ifndef FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_
#define FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_

#include <string>

namespace faultline::viz::internal::dot {

// "<<TABLE ...>...</TABLE>>": use as a node's label= value, unquoted.
std::string LegendHtml();

}  // namespace faultline::viz::internal::dot

#endif  // FAULTLINE_VIZ_INTERNAL_DOT_LEGEND_H_
