// Internal to viz/chart_svg: the SVG header and style sheet the charts share, and the
// colour and dash of the i-th series.
#ifndef FAULTLINE_VIZ_INTERNAL_CHART_STYLE_H_
#define FAULTLINE_VIZ_INTERNAL_CHART_STYLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace faultline::viz::internal {

struct SeriesStyle {
  const char* colour;  // "#0072b2"
  const char* dash;    // "" or an attribute like ` stroke-dasharray="7 4"`
};

// Eight colours (colour-blind friendly, Okabe-Ito), then the same with dashes, and so on.
SeriesStyle StyleFor(size_t index);

// `<?xml ...?><svg ...>` with a white background and the shared style sheet.
std::string SvgHeader(int width, int height);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_CHART_STYLE_H_
