// Short simulated-time labels and "nice" tick steps for diagram axes, by integer
// arithmetic only (no floating point, no locale), so labels are the same on every machine.
//
//   FormatTimeShort(1'500'000'000)        // "1.5s"
//   FormatTimeShort(120'000'000)          // "120ms"
//   FormatTimeShort(3'672'736, 2)         // "3.67ms" (truncated, not rounded)
//   TimeTickStep(10'000'000'000, 600, 50) // 1s: the smallest 1-2-5 step at least 50 px apart
#ifndef FAULTLINE_VIZ_TIME_FORMAT_H_
#define FAULTLINE_VIZ_TIME_FORMAT_H_

#include <cstdint>
#include <string>

namespace faultline::viz {

// `ns` in the largest unit (s, ms, us, ns) that keeps the integer part >= 1, with at most
// `decimals_max` decimals (truncated) and trailing zeros trimmed. 0 is "0".
std::string FormatTimeShort(int64_t ns, int decimals_max = 3);

// The smallest step of the form {1, 2, 5} x 10^k ns such that ticks `step` apart are at
// least `gap_px_min` apart when `span_ns` is drawn over `span_px` pixels.
// REQUIRES: span_ns > 0, span_px > 0, gap_px_min > 0.
int64_t TimeTickStep(int64_t span_ns, int64_t span_px, int64_t gap_px_min);

// a * b / c rounded toward zero, without overflow in the product.
// REQUIRES: c != 0 and the quotient fits in int64_t.
int64_t MulDiv(int64_t a, int64_t b, int64_t c);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_TIME_FORMAT_H_
