#include "viz/time_format.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "sim/check.h"

namespace faultline::viz {

std::string FormatTimeShort(int64_t ns, int decimals_max) {
  if (ns == 0) return "0";
  std::string out;
  // Work on the magnitude in unsigned arithmetic so INT64_MIN is safe.
  uint64_t v = static_cast<uint64_t>(ns);
  if (ns < 0) {
    out.push_back('-');
    v = 0 - v;
  }
  struct Unit {
    uint64_t ns;
    int digits;  // decimal digits below one unit
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {1'000'000'000, 9, "s"}, {1'000'000, 6, "ms"}, {1'000, 3, "us"}, {1, 0, "ns"}};
  const Unit* unit = &kUnits[3];
  for (const Unit& u : kUnits) {
    if (v >= u.ns) {
      unit = &u;
      break;
    }
  }
  absl::StrAppend(&out, v / unit->ns);
  uint64_t frac = v % unit->ns;
  int digits = unit->digits;
  // Truncate the fraction to decimals_max digits, then trim trailing zeros.
  while (digits > decimals_max || (digits > 0 && frac % 10 == 0)) {
    frac /= 10;
    --digits;
  }
  if (digits > 0) {
    std::string f = absl::StrCat(frac);
    out.push_back('.');
    out.append(static_cast<size_t>(digits) - f.size(), '0');
    out.append(f);
  }
  out.append(unit->name);
  return out;
}

int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  FL_CHECK(c != 0);
  __extension__ using Wide = __int128;
  const Wide q = static_cast<Wide>(a) * b / c;
  FL_CHECK(q <= std::numeric_limits<int64_t>::max() && q >= std::numeric_limits<int64_t>::min());
  return static_cast<int64_t>(q);
}

int64_t TimeTickStep(int64_t span_ns, int64_t span_px, int64_t gap_px_min) {
  FL_CHECK(span_ns > 0 && span_px > 0 && gap_px_min > 0);
  static constexpr int64_t kMantissas[] = {1, 2, 5};
  // step * span_px / span_ns >= gap_px_min, i.e. step >= gap_px_min * span_ns / span_px.
  for (int64_t decade = 1;; decade *= 10) {
    for (const int64_t m : kMantissas) {
      const int64_t step = m * decade;
      if (MulDiv(step, span_px, span_ns) >= gap_px_min) return step;
    }
    // 5e18 ns is longer than any run; stop before overflowing.
    if (decade >= 1'000'000'000'000'000'000) return 5 * decade;
  }
}

}  // namespace faultline::viz
