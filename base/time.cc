#include "base/time.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace faultline {
namespace {

// "1500000" with unit 1e6 -> "1.5"; exact decimal, trailing zeros trimmed.
std::string Decimal(Nanos magnitude, Nanos unit) {
  std::string out = absl::StrCat(magnitude / unit);
  Nanos frac = magnitude % unit;
  if (frac == 0) return out;
  std::string digits = absl::StrCat(frac + unit).substr(1);  // zero-padded fraction
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

}  // namespace

std::string FormatDuration(Nanos d) {
  if (d == kNever) return "never";
  if (d == INT64_MIN) return "-never";  // has no positive counterpart to format
  std::string sign = d < 0 ? "-" : "";
  // INT64_MIN has no positive counterpart; it never occurs as a real duration.
  Nanos m = d < 0 ? -d : d;
  if (m >= kMinute) {
    Nanos minutes = m / kMinute;
    Nanos rest = m % kMinute;
    if (rest == 0) return absl::StrCat(sign, minutes, "m");
    return absl::StrCat(sign, minutes, "m", Decimal(rest, kSecond), "s");
  }
  if (m >= kSecond) return absl::StrCat(sign, Decimal(m, kSecond), "s");
  if (m >= kMillisecond) return absl::StrCat(sign, Decimal(m, kMillisecond), "ms");
  if (m >= kMicrosecond) return absl::StrCat(sign, Decimal(m, kMicrosecond), "us");
  return absl::StrCat(sign, m, m == 0 ? "s" : "ns");
}

}  // namespace faultline
