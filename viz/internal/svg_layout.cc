#include "viz/internal/svg_layout.h"

#include <algorithm>

#include "viz/time_format.h"

namespace faultline::viz::internal::svg {

SvgLayout LayOutLanes(const Diagram& d) {
  SvgLayout layout;
  layout.lanes_left = kAxisWidth;
  int64_t x = kAxisWidth + kLaneSpacing / 2;
  for (size_t i = 0; i < d.lanes.size(); ++i) {
    if (d.lanes[i].kind == LaneKind::kClient && layout.first_client < 0) {
      layout.first_client = static_cast<int>(i);
      if (i > 0) x += kGroupGap;
    }
    layout.lane_x.push_back(x);
    x += kLaneSpacing;
  }
  // x is now half a spacing past the last lane: the lane area's right edge.
  layout.lanes_right = d.lanes.empty() ? kAxisWidth + kLaneSpacing : x - kLaneSpacing / 2;
  layout.width = std::max(kWidthMin, layout.lanes_right + kRightMargin);
  return layout;
}

void LayOutVertical(const Diagram& d, Scale scale, int64_t header_height, SvgLayout* layout) {
  layout->scale = scale;
  layout->lanes_top = header_height;
  layout->first_y = header_height + kLanePad;
  layout->rows = std::max<int64_t>(1, d.rows);
  layout->time_begin = d.begin.time;
  layout->time_span = std::max<int64_t>(1, d.end.time - d.begin.time);
  if (scale == Scale::kCompact) {
    // Row r sits at first_y + r * kRowHeight; the last row is rows - 1.
    layout->scale_height = (layout->rows - 1) * kRowHeight;
  } else {
    // About as tall as the compact picture, within bounds: a sparse run stays legible and
    // a dense one does not become a poster.
    layout->scale_height = std::clamp(layout->rows * kRowHeight, kTimeHeightMin, kTimeHeightMax);
  }
  layout->lanes_bottom = layout->first_y + layout->scale_height + kLanePad;
  layout->height = layout->lanes_bottom + 30 * kPx;  // lane names repeated at the bottom
}

int64_t SvgLayout::YOfTime(int64_t time) const {
  const int64_t t = std::clamp(time, time_begin, time_begin + time_span) - time_begin;
  return first_y + MulDiv(t, scale_height, time_span);
}

int64_t SvgLayout::YOfRow(int64_t row) const {
  return first_y + std::clamp<int64_t>(row, 0, rows - 1) * kRowHeight;
}

int64_t SvgLayout::Y(const At& at) const {
  return scale == Scale::kCompact ? YOfRow(at.row) : YOfTime(at.time);
}

}  // namespace faultline::viz::internal::svg
