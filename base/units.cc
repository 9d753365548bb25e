#include "base/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline {
namespace {

// An exact decimal: [-]digits[.digits], split so no precision is lost.
struct Decimal {
  bool negative = false;
  uint64_t integer = 0;  // at most 18 digits, so it always fits
  std::string fraction;  // digits after the point, trailing zeros removed
};

constexpr int kMaxIntegerDigits = 18;

// Parses the whole of `text` as a decimal; false if it is anything else.
bool ParseExactDecimal(std::string_view text, Decimal* out) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  int significant = 0;
  while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
    if (significant > 0 || text[i] != '0') ++significant;
    if (significant > kMaxIntegerDigits) return false;
    d.integer = d.integer * 10 + static_cast<uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == int_begin) return false;  // ".5" and "-" are not numbers here
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t frac_begin = i;
    while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == frac_begin) return false;  // "1." reads like a typo
    d.fraction = std::string(text.substr(frac_begin, i - frac_begin));
    while (!d.fraction.empty() && d.fraction.back() == '0') d.fraction.pop_back();
  }
  if (i != text.size()) return false;
  *out = std::move(d);
  return true;
}

struct Unit {
  std::string_view suffix;
  Nanos ns;
};
// Longest suffixes first so "ms" is not read as "m" followed by junk.
constexpr std::array<Unit, 6> kUnits = {{{"ns", kNanosecond},
                                         {"us", kMicrosecond},
                                         {"ms", kMillisecond},
                                         {"s", kSecond},
                                         {"m", kMinute},
                                         {"h", kHour}}};

const Unit* SplitUnit(std::string_view text, std::string_view* number) {
  // Try two-letter units before one-letter ones: "5ms" ends in "s" too.
  for (int pass = 0; pass < 2; ++pass) {
    for (const Unit& u : kUnits) {
      if ((u.suffix.size() == 2) != (pass == 0)) continue;
      if (text.size() > u.suffix.size() && text.substr(text.size() - u.suffix.size()) == u.suffix) {
        *number = text.substr(0, text.size() - u.suffix.size());
        return &u;
      }
    }
  }
  return nullptr;
}

absl::Status DurationError(std::string_view text, std::string_view detail) {
  return absl::InvalidArgumentError(
      absl::StrCat("expected a duration with a unit, like 250ms or 2s", std::string(detail),
                   ", got '", std::string(text), "'"));
}

struct SizeUnit {
  std::string_view suffix;
  uint64_t bytes;
};
// Three-letter suffixes first, then two, then "B": "5KiB" also ends in "B".
constexpr std::array<SizeUnit, 9> kSizeUnits = {{{"KiB", uint64_t{1} << 10},
                                                 {"MiB", uint64_t{1} << 20},
                                                 {"GiB", uint64_t{1} << 30},
                                                 {"TiB", uint64_t{1} << 40},
                                                 {"KB", 1'000},
                                                 {"MB", 1'000'000},
                                                 {"GB", 1'000'000'000},
                                                 {"TB", 1'000'000'000'000},
                                                 {"B", 1}}};

}  // namespace

absl::StatusOr<uint64_t> ParseByteSize(std::string_view text) {
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a size with a unit, like 512MB or 2GiB (B, KB, MB, GB, TB, KiB, "
                     "MiB, GiB, TiB)",
                     std::string(why), ", got '", std::string(text), "'"));
  };
  const SizeUnit* unit = nullptr;
  std::string_view number;
  for (const SizeUnit& u : kSizeUnits) {
    if (text.size() > u.suffix.size() &&
        absl::EqualsIgnoreCase(Sv(text.substr(text.size() - u.suffix.size())), Sv(u.suffix))) {
      unit = &u;
      number = text.substr(0, text.size() - u.suffix.size());
      break;
    }
  }
  Decimal d;
  if (unit == nullptr || !ParseExactDecimal(number, &d)) return error("");
  const bool zero = d.integer == 0 && d.fraction.empty();
  if (d.negative && !zero) return error(" (negative)");
  // fraction * unit must be a whole number of bytes: with g = gcd(unit, 10^digits), that
  // is digits % (10^digits / g) == 0, and the result stays below one unit.
  uint64_t frac_bytes = 0;
  if (!d.fraction.empty()) {
    if (d.fraction.size() > 12) return error(" (finer than a byte)");
    uint64_t scale = 1;
    uint64_t digits = 0;
    for (char c : d.fraction) {
      digits = digits * 10 + static_cast<uint64_t>(c - '0');
      scale *= 10;
    }
    const uint64_t g = std::gcd(unit->bytes, scale);
    if (digits % (scale / g) != 0) return error(" (finer than a byte)");
    frac_bytes = digits / (scale / g) * (unit->bytes / g);
  }
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  if (d.integer > (kMax - frac_bytes) / unit->bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("size '", std::string(text), "' is too large for 64 bits"));
  }
  return d.integer * unit->bytes + frac_bytes;
}

absl::StatusOr<Nanos> ParseDuration(std::string_view text) {
  std::string_view number;
  const Unit* unit = SplitUnit(text, &number);
  Decimal d;
  if (unit == nullptr) {
    if (ParseExactDecimal(text, &d)) {
      return DurationError(text, " (units: ns, us, ms, s, m, h; zero is 0s)");
    }
    return DurationError(text, "");
  }
  if (!ParseExactDecimal(number, &d)) return DurationError(text, "");
  // fraction * unit must be a whole number of nanoseconds.
  Nanos frac_ns = 0;
  if (!d.fraction.empty()) {
    if (d.fraction.size() > 9) {
      return DurationError(text, " (finer than a nanosecond)");
    }
    int64_t scale = 1;
    int64_t digits = 0;
    for (char c : d.fraction) {
      digits = digits * 10 + (c - '0');
      scale *= 10;
    }
    // Units of a second and up are multiples of 10^9 >= scale, so the first branch is
    // exact; below a second, digits * unit < 10^9 * 10^6 cannot overflow.
    if (unit->ns % scale == 0) {
      frac_ns = digits * (unit->ns / scale);
    } else if ((digits * unit->ns) % scale == 0) {
      frac_ns = digits * unit->ns / scale;
    } else {
      return DurationError(text, " (finer than a nanosecond)");
    }
  }
  // Every duration is capped at kMaxDuration (1000h), so sums of a few of them (now +
  // timeout, at + for, duration + recovery) can never overflow int64 nanoseconds.
  const uint64_t limit = static_cast<uint64_t>(kMaxDuration - frac_ns);
  if (d.integer > limit / static_cast<uint64_t>(unit->ns) ||
      static_cast<Nanos>(d.integer) * unit->ns + frac_ns > kMaxDuration) {
    return absl::InvalidArgumentError(
        absl::StrCat("duration '", std::string(text), "' is too long; the limit is 1000h"));
  }
  const Nanos magnitude = static_cast<Nanos>(d.integer) * unit->ns + frac_ns;
  return d.negative ? -magnitude : magnitude;
}

absl::StatusOr<double> ParseRate(std::string_view text) {
  const size_t slash = text.find('/');
  auto error = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a rate like 200/s or 5/ms (count per ns, us, ms, s, m or h), got '",
                     std::string(text), "'"));
  };
  if (slash == std::string_view::npos) return error();
  std::string_view unit_text = text.substr(slash + 1);
  Nanos per_ns = 0;
  for (const Unit& u : kUnits) {
    if (u.suffix == unit_text) per_ns = u.ns;
  }
  if (per_ns == 0) return error();
  absl::StatusOr<double> count = ParseDecimal(text.substr(0, slash));
  if (!count.ok() || *count < 0) return error();
  const double per_s = *count * (static_cast<double>(kSecond) / static_cast<double>(per_ns));
  // Bounded so the mean gap between arrivals is a sane whole number of nanoseconds.
  if (per_s != 0 && (per_s < 1.0 / 3600 || per_s > 1e9)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rate '", std::string(text), "' is out of range; use between 1/h and 1000000000/s"));
  }
  return per_s;
}

absl::StatusOr<uint32_t> ParseProbabilityPpm(std::string_view text) {
  auto error = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a probability between 0 and 1, like 0.01, got '", std::string(text),
                     "'", std::string(why)));
  };
  Decimal d;
  if (!ParseExactDecimal(text, &d)) return error("");
  const bool zero = d.integer == 0 && d.fraction.empty();
  if (d.negative && !zero) return error(" (negative)");
  if (d.integer > 1 || (d.integer == 1 && !d.fraction.empty())) return error(" (above 1)");
  if (d.fraction.size() > 6) return error(" (finer than one in a million)");
  std::string padded = d.fraction + std::string(6 - d.fraction.size(), '0');
  uint32_t frac = 0;
  for (char c : padded) frac = frac * 10 + static_cast<uint32_t>(c - '0');
  return static_cast<uint32_t>(d.integer) * 1'000'000 + frac;
}

absl::StatusOr<double> ParseDecimal(std::string_view text) {
  Decimal d;
  if (!ParseExactDecimal(text, &d)) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a number like 3 or -0.5, got '", std::string(text), "'"));
  }
  // The text is now known to be a plain decimal, which from_chars reads exactly as the
  // nearest double, independent of locale.
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  double value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

absl::StatusOr<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  std::string_view digits = text;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected an integer like 3, got '", std::string(text), "'"));
  }
  return value;
}

}  // namespace faultline
