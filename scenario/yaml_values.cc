#include "scenario/yaml_values.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/time.h"
#include "base/units.h"
#include "scenario/scenario_writer.h"

namespace faultline::scenario {
namespace {

// "1500000" in units of 1e6 -> "1.5": exact, trailing zeros trimmed. REQUIRES: unit is a
// power of ten (so every fraction has a finite decimal).
std::string Decimal(Nanos magnitude, Nanos unit) {
  std::string out = absl::StrCat(magnitude / unit);
  const Nanos frac = magnitude % unit;
  if (frac == 0) return out;
  std::string digits = absl::StrCat(frac + unit).substr(1);  // zero-padded fraction
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

}  // namespace

std::string FormatExactDuration(Nanos d) {
  if (d == 0) return "0s";
  // INT64_MIN has no positive counterpart; no loadable duration comes near it.
  if (d == std::numeric_limits<Nanos>::min()) d += 1;
  const std::string sign = d < 0 ? "-" : "";
  const Nanos m = d < 0 ? -d : d;
  if (m % kHour == 0) return absl::StrCat(sign, m / kHour, "h");
  if (m % kMinute == 0) return absl::StrCat(sign, m / kMinute, "m");
  struct Unit {
    const char* suffix;
    Nanos ns;
  };
  constexpr std::array<Unit, 4> kUnits = {
      {{"s", kSecond}, {"ms", kMillisecond}, {"us", kMicrosecond}, {"ns", kNanosecond}}};
  // The largest unit that divides it: "1500ms", "250us", "90s". A count of five digits
  // or more below seconds reads better as a decimal of the largest unit it reaches:
  // "12.5s" rather than "12500ms", "1.234567ms" rather than "1234567ns".
  for (const Unit& u : kUnits) {
    if (m % u.ns != 0) continue;
    if (u.ns == kSecond || m / u.ns < 10'000) return absl::StrCat(sign, m / u.ns, u.suffix);
    for (const Unit& big : kUnits) {
      if (m >= big.ns) return absl::StrCat(sign, Decimal(m, big.ns), big.suffix);
    }
  }
  return absl::StrCat(sign, m, "ns");  // unreachable: nanoseconds divide everything
}

namespace internal {
namespace {

// z such that P(Z <= z) = 0.99 for a standard normal Z: sim/distribution.cc's constant,
// which turns a lognormal's median and p99 into mu and sigma.
constexpr double kZ99 = 2.3263478740408408;

bool IsYamlWord(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(std::string(text));
  for (const char* w : {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}) {
    if (lower == w) return true;
  }
  return false;
}

// Whether some YAML parser (1.1 or 1.2) may read `text` as a number or timestamp: signs,
// digits, '.', '_', exponents, 0x/0o/0b prefixes, .inf and .nan. Errs towards quoting.
bool LooksNumeric(std::string_view text) {
  std::string_view rest = text;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) rest.remove_prefix(1);
  const std::string lower = absl::AsciiStrToLower(std::string(rest));
  if (lower == ".inf" || lower == ".nan") return true;
  if (lower.size() >= 2 && lower[0] == '0' &&
      (lower[1] == 'x' || lower[1] == 'o' || lower[1] == 'b')) {
    return true;
  }
  if (lower.empty() || !(absl::ascii_isdigit(lower[0]) || lower[0] == '.')) return false;
  bool digit = false;
  for (char c : lower) {
    if (absl::ascii_isdigit(c)) {
      digit = true;
    } else if (c != '.' && c != '_' && c != 'e' && c != '+' && c != '-' && c != ':') {
      return false;
    }
  }
  return digit;
}

// -?(0|[1-9][0-9]*)(.[0-9]+)?: a number every YAML parser and person reads the same way.
bool IsPlainDecimal(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  const size_t int_begin = i;
  while (i < text.size() && absl::ascii_isdigit(text[i])) ++i;
  const size_t int_digits = i - int_begin;
  if (int_digits == 0 || (int_digits > 1 && text[int_begin] == '0')) return false;
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  const size_t frac_begin = ++i;
  while (i < text.size() && absl::ascii_isdigit(text[i])) ++i;
  return i > frac_begin && i == text.size();
}

bool NeedsQuotes(std::string_view text, YamlContext context, bool bare_numbers) {
  if (text.empty()) return true;
  if (bare_numbers && IsPlainDecimal(text)) return false;
  constexpr std::string_view kBlanks = " \t";
  if (kBlanks.find(text.front()) != std::string_view::npos) return true;
  if (kBlanks.find(text.back()) != std::string_view::npos) return true;
  constexpr std::string_view kLeadingIndicators = "-?:,[]{}#&*!|>'\"%@`<";
  if (kLeadingIndicators.find(text.front()) != std::string_view::npos) return true;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ':' || c == '#') return true;
    // In a flow collection yaml-cpp also stumbles on indicators YAML allows inside plain
    // scalars ("$?]" fails to parse): there only names of letters, digits and _ - . / +
    // and inner spaces stay plain.
    if (context == YamlContext::kFlow && u < 0x80 && !absl::ascii_isalnum(c) &&
        std::string_view("_-./+ ").find(c) == std::string_view::npos) {
      return true;
    }
  }
  return IsYamlWord(text) || LooksNumeric(text);
}

// Not base/json_string.h's escaper: YAML's printable set stops at 0x7E, so DEL must be
// escaped too, which JSON leaves raw.
std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          constexpr char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;  // UTF-8 bytes pass through: YAML is UTF-8
        }
    }
  }
  out += '"';
  return out;
}

// A duration parameter of a distribution: a double holding nanoseconds, rounded to whole
// nanoseconds (a loaded one already is whole).
std::string DurationParam(double ns) {
  return FormatExactDuration(sim::SaturatingNanos(ns, std::numeric_limits<Nanos>::max()));
}

std::string Param(double v, DistQuantity quantity) {
  return quantity == DistQuantity::kDuration ? DurationParam(v) : FormatNumber(v);
}

// The double with the fewest significant digits, near `approx`, for which `exact` holds;
// `approx` itself when none does.
template <typename Exact>
double ShortestSuch(double approx, Exact exact) {
  for (int digits = 1; digits <= 17; ++digits) {
    std::array<char, 64> buffer;
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), approx,
                                         std::chars_format::general, digits);
    double v = 0;
    if (ec != std::errc() || std::from_chars(buffer.data(), end, v).ec != std::errc()) continue;
    if (exact(v)) return v;
  }
  return approx;
}

// A lognormal's median and p99 from its mu and sigma (what sim::Distribution::Lognormal
// took), kept loadable: 0 < median <= p99, whole nanoseconds for durations.
std::pair<std::string, std::string> LognormalParams(const sim::Distribution& d,
                                                    DistQuantity quantity) {
  const double mu = d.param_a();
  const double sigma = d.param_b();
  const double median = std::exp(mu);
  const double p99 = std::exp(mu + sigma * kZ99);
  if (quantity == DistQuantity::kNumber) {
    // exp(log(0.5)) may print as 0.49999999999999994: write the shortest number that gives
    // back mu and sigma themselves, as the loader computes them.
    const double median_back = ShortestSuch(median, [&](double m) { return std::log(m) == mu; });
    const double p99_back = ShortestSuch(
        p99, [&](double p) { return (std::log(p) - std::log(median_back)) / kZ99 == sigma; });
    return {FormatNumber(median_back), FormatNumber(std::max(median_back, p99_back))};
  }
  constexpr Nanos kMax = std::numeric_limits<Nanos>::max();
  const Nanos median_ns = std::max<Nanos>(1, sim::SaturatingNanos(median, kMax));
  const Nanos p99_ns = std::max(median_ns, sim::SaturatingNanos(p99, kMax));
  return {FormatExactDuration(median_ns), FormatExactDuration(p99_ns)};
}

}  // namespace

std::string QuoteIfNeeded(std::string_view text, YamlContext context, bool bare_numbers) {
  if (!NeedsQuotes(text, context, bare_numbers)) return std::string(text);
  return DoubleQuoted(text);
}

std::string FormatProbability(uint32_t ppm) { return Decimal(static_cast<Nanos>(ppm), 1'000'000); }

std::string FormatNumber(double value) {
  // Shortest round-trip digits in fixed notation: ParseDecimal refuses exponents.
  std::array<char, 400> buffer;  // fixed notation of DBL_MAX has 309 digits
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  if (ec != std::errc()) return "0";  // cannot happen with this buffer size
  return std::string(buffer.data(), end);
}

std::string FormatRate(double per_s) {
  struct Unit {
    const char* suffix;
    double ns;
  };
  // Seconds first: among texts of equal length, "/s" wins.
  constexpr std::array<Unit, 6> kUnits = {
      {{"s", 1e9}, {"ms", 1e6}, {"m", 6e10}, {"h", 3.6e12}, {"us", 1e3}, {"ns", 1}}};
  std::string best = absl::StrCat(FormatNumber(per_s), "/s");  // exact: count * 1.0
  for (const Unit& u : kUnits) {
    const std::string text = absl::StrCat(FormatNumber(per_s * (u.ns / 1e9)), "/", u.suffix);
    if (text.size() >= best.size()) continue;
    absl::StatusOr<double> back = ParseRate(text);
    if (back.ok() && *back == per_s) best = text;
  }
  return best;
}

std::string FormatDistribution(const sim::Distribution& d, DistQuantity quantity) {
  using Kind = sim::Distribution::Kind;
  const double a = d.param_a();
  const double b = d.param_b();
  switch (d.kind()) {
    case Kind::kConstant:
      return Param(a, quantity);
    case Kind::kUniform:
      return FlowMap(
          {{"dist", "uniform"}, {"min", Param(a, quantity)}, {"max", Param(b, quantity)}});
    case Kind::kNormal:
      return FlowMap(
          {{"dist", "normal"}, {"mean", Param(a, quantity)}, {"stddev", Param(b, quantity)}});
    case Kind::kExponential:
      return FlowMap({{"dist", "exponential"}, {"mean", Param(a, quantity)}});
    case Kind::kLognormal: {
      auto [median, p99] = LognormalParams(d, quantity);
      return FlowMap({{"dist", "lognormal"}, {"median", median}, {"p99", p99}});
    }
    case Kind::kPareto:
      // alpha is a shape: always a plain number.
      return FlowMap({{"dist", "pareto"}, {"min", Param(a, quantity)}, {"alpha", FormatNumber(b)}});
  }
  return Param(a, quantity);  // unreachable: every kind is handled above
}

bool SameDistribution(const sim::Distribution& a, const sim::Distribution& b) {
  return a.kind() == b.kind() && a.param_a() == b.param_a() && a.param_b() == b.param_b();
}

std::string FlowMap(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::vector<std::string> parts;
  parts.reserve(entries.size());
  for (const auto& [key, value] : entries) parts.push_back(absl::StrCat(key, ": ", value));
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

std::string FlowList(const std::vector<std::string>& items) {
  return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
}

std::string FlowNames(const std::vector<std::string>& names) {
  std::vector<std::string> items;
  items.reserve(names.size());
  for (const std::string& n : names) items.push_back(QuoteIfNeeded(n, YamlContext::kFlow));
  return FlowList(items);
}

}  // namespace internal
}  // namespace faultline::scenario
