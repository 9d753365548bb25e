#include "viz/svg.h"

#include "viz/internal/svg_renderer.h"

namespace faultline::viz {

std::string RenderSvg(const Diagram& d, const RenderOptions& o) {
  return internal::svg::SvgRenderer(d, o).Render();
}

}  // namespace faultline::viz
