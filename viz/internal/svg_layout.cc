#include "viz/internal/svg_layout.h"

#include <algorithm>
#include <limits>

#include "base/check.h"

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

int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  FL_CHECK(c != 0);
  __extension__ using Wide = __int128;
  const Wide q = static_cast<Wide>(a) * b / c;
  FL_CHECK(q <= std::numeric_limits<int64_t>::max() && q >= std::numeric_limits<int64_t>::min());
  return static_cast<int64_t>(q);
}

int64_t TimeTickStep(int64_t span_ns, int64_t span, int64_t gap_min) {
  FL_CHECK(span_ns > 0 && span > 0 && gap_min > 0);
  static constexpr int64_t kMantissas[] = {1, 2, 5};
  // step * span / span_ns >= gap_min; each candidate is at most 2.5 times the last,
  // so the quotient stays small and fits.
  for (int64_t decade = 1;; decade *= 10) {
    for (const int64_t m : kMantissas) {
      const int64_t step = m * decade;
      if (MulDiv(step, span, span_ns) >= gap_min) return step;
    }
    // 5e18 ns is longer than any run; stop before overflowing.
    if (decade >= 1'000'000'000'000'000'000) return 5 * decade;
  }
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
