#include "viz/svg.h"

#include "viz/internal/svg_layout.h"
#include "viz/internal/svg_renderer.h"

namespace faultline::viz {

std::string RenderSvg(const Diagram& d, const RenderOptions& o) {
  return internal::svg::SvgRenderer(d, o).Render();
}

std::string RenderSvg(const Diagram& d, const RenderOptions& o, SvgGeometry* geometry) {
  internal::svg::SvgRenderer renderer(d, o);
  std::string svg = renderer.Render();
  const internal::svg::SvgLayout& l = renderer.layout();
  *geometry = SvgGeometry{l.lanes_left, l.lanes_right, l.scale,     l.first_y,
                          l.scale_height, l.rows,   l.time_begin, l.time_span};
  return svg;
}

int64_t SvgGeometry::Y(const At& at) const {
  internal::svg::SvgLayout l;
  l.scale = scale;
  l.first_y = first_y;
  l.scale_height = scale_height;
  l.rows = rows;
  l.time_begin = time_begin;
  l.time_span = time_span;
  return l.Y(at);
}

}  // namespace faultline::viz
