// Internal to viz/chart_svg: axis ranges, "nice" ticks (1, 2 or 5 times a power of ten)
// and the pixel mapping, on linear or log10 scales.
#ifndef FAULTLINE_VIZ_INTERNAL_CHART_AXIS_H_
#define FAULTLINE_VIZ_INTERNAL_CHART_AXIS_H_

#include <cstdint>
#include <vector>

namespace faultline::viz::internal {

struct Axis {
  double lo = 0;  // value at the start of the axis (log: the value, not its logarithm)
  double hi = 1;
  bool log = false;
  std::vector<double> ticks;  // values, increasing, all within [lo, hi]
};

// An axis covering [lo, hi] widened to whole ticks, with about `target` ticks. A
// degenerate range (lo == hi) is widened around the value. REQUIRES: lo <= hi, finite;
// for `log`, lo > 0 (the axis then spans whole decades, one tick per decade).
Axis MakeAxis(double lo, double hi, bool log, int target);

// An axis over exactly [lo, hi] (no widening), with nice ticks inside. REQUIRES: lo < hi.
Axis FixedAxis(double lo, double hi, int target);

// Where `v` falls on `axis`, as tenths of a pixel from `start` over `length` pixels
// (increasing `v` moves towards start + length; pass a negative length for a y axis).
int64_t PixelTenths(const Axis& axis, double v, double start, double length);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_CHART_AXIS_H_
