// Where things go in the space-time SVG: lane x positions, the header and legend heights,
// and the vertical mapping At -> y for both scales (compact rows and true time).
//
// All coordinates are integers in tenths of a pixel (kPx = 10), formatted by
// AppendTenths, so the picture is byte-identical for the same Diagram.
//
//   SvgLayout layout = LayOutLanes(diagram);     // horizontal: lanes and width
//   LayOutVertical(diagram, scale, header_height, &layout);
//   int64_t y = layout.Y(arrow.send);
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_LAYOUT_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_LAYOUT_H_

#include <cstdint>
#include <vector>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz::internal::svg {

inline constexpr int64_t kPx = 10;  // one pixel, in the layout's units

inline constexpr int64_t kAxisWidth = 78 * kPx;     // time labels left of the lanes
inline constexpr int64_t kLaneSpacing = 150 * kPx;  // between neighbouring lanes
inline constexpr int64_t kGroupGap = 50 * kPx;      // extra gap between nodes and clients
inline constexpr int64_t kRightMargin = 70 * kPx;   // room for op labels right of a lane
inline constexpr int64_t kWidthMin = 720 * kPx;     // so the header and legend fit
inline constexpr int64_t kRowHeight = 14 * kPx;     // compact scale: one event per row
inline constexpr int64_t kTimeHeightMin = 480 * kPx;
inline constexpr int64_t kTimeHeightMax = 6000 * kPx;  // time scale: cap on the lanes' height
inline constexpr int64_t kLanePad = 12 * kPx;          // above the first and below the last row

struct SvgLayout {
  // Horizontal.
  std::vector<int64_t> lane_x;  // centre of each lane, by Diagram::lanes index
  int64_t lanes_left = 0;       // left edge of the lane area (right of the time axis)
  int64_t lanes_right = 0;
  int64_t width = 0;
  int first_client = -1;  // index of the first client lane, -1 if none
  // Vertical.
  Scale scale = Scale::kCompact;
  int64_t lanes_top = 0;     // lane lines start here
  int64_t first_y = 0;       // y of row 0 / of the selection's first instant
  int64_t scale_height = 0;  // first_y + scale_height: the selection's last instant
  int64_t lanes_bottom = 0;  // lane lines end here; in-flight arrows run to it
  int64_t height = 0;
  int64_t time_begin = 0;  // time scale: the instant drawn at first_y
  int64_t time_span = 1;   // ... and the span drawn over scale_height (> 0)
  int64_t rows = 1;        // compact: rows drawn (> 0)

  // The y of an instant on the chosen scale, clamped to the selection.
  int64_t Y(const At& at) const;
  // The y of a simulated time (time scale) or of a row (compact scale).
  int64_t YOfTime(int64_t time) const;
  int64_t YOfRow(int64_t row) const;
};

// a * b / c rounded toward zero, without overflow in the product.
// REQUIRES: c != 0 and the quotient fits in int64_t.
int64_t MulDiv(int64_t a, int64_t b, int64_t c);

// The smallest step of the form {1, 2, 5} x 10^k ns such that ticks `step` apart are at
// least `gap_min` apart when `span_ns` is drawn over `span` (both lengths in one unit).
// REQUIRES: span_ns > 0, span > 0, gap_min > 0.
//   TimeTickStep(10'000'000'000, 600, 50) == 1'000'000'000  // 1 s is 60 px
int64_t TimeTickStep(int64_t span_ns, int64_t span, int64_t gap_min);

// Lane positions and the picture's width.
SvgLayout LayOutLanes(const Diagram& d);

// The vertical mapping below a header of `header_height`; sets lanes_top .. height.
void LayOutVertical(const Diagram& d, Scale scale, int64_t header_height, SvgLayout* layout);

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_LAYOUT_H_
