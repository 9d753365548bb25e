#include "viz/internal/chart_axis.h"

#include <algorithm>
#include <cmath>

namespace faultline::viz::internal {
namespace {

// The step of 1, 2 or 5 times a power of ten nearest above span / target.
double NiceStep(double span, int target) {
  const double raw = span / std::max(1, target);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

std::vector<double> TicksInside(double lo, double hi, double step) {
  std::vector<double> ticks;
  // Integer multiples of the step, so 0.1 + 0.2 drift never shows in a label.
  const auto first = static_cast<int64_t>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<int64_t>(std::floor(hi / step + 1e-9));
  for (int64_t k = first; k <= last && ticks.size() < 64; ++k) {
    ticks.push_back(static_cast<double>(k) * step);
  }
  return ticks;
}

}  // namespace

Axis MakeAxis(double lo, double hi, bool log, int target) {
  Axis axis;
  axis.log = log;
  if (log) {
    auto first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
    auto last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
    if (last <= first) last = first + 1;
    axis.lo = std::pow(10.0, first);
    axis.hi = std::pow(10.0, last);
    for (int k = first; k <= last; ++k) axis.ticks.push_back(std::pow(10.0, k));
    return axis;
  }
  if (hi - lo <= 0) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double step = NiceStep(hi - lo, target);
  axis.lo = std::floor(lo / step + 1e-9) * step;
  axis.hi = std::ceil(hi / step - 1e-9) * step;
  if (axis.hi <= axis.lo) axis.hi = axis.lo + step;
  axis.ticks = TicksInside(axis.lo, axis.hi, step);
  return axis;
}

Axis FixedAxis(double lo, double hi, int target) {
  Axis axis;
  axis.lo = lo;
  axis.hi = hi;
  axis.ticks = TicksInside(lo, hi, NiceStep(hi - lo, target));
  return axis;
}

int64_t PixelTenths(const Axis& axis, double v, double start, double length) {
  double t = 0;
  if (axis.log) {
    t = (std::log10(v) - std::log10(axis.lo)) / (std::log10(axis.hi) - std::log10(axis.lo));
  } else {
    t = (v - axis.lo) / (axis.hi - axis.lo);
  }
  t = std::clamp(t, 0.0, 1.0);
  return std::llround((start + t * length) * 10);
}

}  // namespace faultline::viz::internal
