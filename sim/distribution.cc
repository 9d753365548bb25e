#include "sim/distribution.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::sim {
namespace {

// z such that P(Z <= z) = 0.99 for a standard normal Z.
constexpr double kZ99 = 2.3263478740408408;

std::string Show(double v, bool as_duration) {
  if (as_duration) return FormatDuration(static_cast<Nanos>(std::llround(v)));
  return absl::StrCat(v);
}

}  // namespace

Distribution Distribution::Constant(double value) { return {Kind::kConstant, value, 0}; }

Distribution Distribution::Uniform(double min, double max) {
  FL_CHECK(min <= max);
  return {Kind::kUniform, min, max};
}

Distribution Distribution::Normal(double mean, double stddev) {
  FL_CHECK(stddev >= 0);
  return {Kind::kNormal, mean, stddev};
}

Distribution Distribution::Exponential(double mean) {
  FL_CHECK(mean > 0);
  return {Kind::kExponential, mean, 0};
}

Distribution Distribution::Lognormal(double median, double p99) {
  FL_CHECK(median > 0 && median <= p99);
  const double mu = std::log(median);
  return {Kind::kLognormal, mu, (std::log(p99) - mu) / kZ99};
}

Distribution Distribution::Pareto(double scale, double alpha) {
  FL_CHECK(scale > 0 && alpha > 0);
  return {Kind::kPareto, scale, alpha};
}

// Marsaglia's polar method: needs only log and sqrt, no trigonometry.
double Distribution::StandardNormal(Rng& rng) const {
  for (;;) {
    const double u = 2 * rng.Unit() - 1;
    const double v = 2 * rng.Unit() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
  }
}

double Distribution::Sample(Rng& rng) const {
  switch (kind_) {
    case Kind::kConstant:
      return a_;
    case Kind::kUniform:
      return a_ + (b_ - a_) * rng.Unit();
    case Kind::kNormal:
      return a_ + b_ * StandardNormal(rng);
    case Kind::kExponential:
      return -a_ * std::log(1 - rng.Unit());  // 1 - Unit() is in (0, 1]
    case Kind::kLognormal:
      return std::exp(a_ + b_ * StandardNormal(rng));
    case Kind::kPareto:
      return a_ / std::pow(1 - rng.Unit(), 1 / b_);
  }
  FL_CHECK_MSG(false, "unknown distribution kind");
}

int64_t SaturatingNanos(double v, int64_t limit) {
  if (std::isnan(v)) return 0;
  const auto bound = static_cast<double>(limit);
  if (v >= bound) return limit;
  if (v <= -bound) return -limit;
  return static_cast<int64_t>(std::llround(v));
}

Nanos Distribution::SampleNanos(Rng& rng) const {
  // Clamp before converting: a long-tail sample may exceed what int64 holds. The cap
  // (about 106 days) keeps now + sample far from overflow.
  constexpr Nanos kCap = int64_t{1} << 53;
  const Nanos v = SaturatingNanos(Sample(rng), kCap);
  return v > 0 ? v : 0;
}

double Distribution::Min() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (kind_) {
    case Kind::kConstant:
    case Kind::kUniform:
      return a_;
    case Kind::kNormal:
      return b_ == 0 ? a_ : -kInf;
    case Kind::kExponential:
    case Kind::kLognormal:
      return 0;
    case Kind::kPareto:
      return a_;
  }
  return -kInf;
}

double Distribution::Max() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (kind_) {
    case Kind::kConstant:
      return a_;
    case Kind::kUniform:
      return b_;
    case Kind::kNormal:
      return b_ == 0 ? a_ : kInf;
    default:
      return kInf;
  }
}

std::string Distribution::Describe(bool as_duration) const {
  switch (kind_) {
    case Kind::kConstant:
      return Show(a_, as_duration);
    case Kind::kUniform:
      return absl::StrCat("uniform(", Show(a_, as_duration), "..", Show(b_, as_duration), ")");
    case Kind::kNormal:
      return absl::StrCat("normal(mean=", Show(a_, as_duration),
                          ", stddev=", Show(b_, as_duration), ")");
    case Kind::kExponential:
      return absl::StrCat("exponential(mean=", Show(a_, as_duration), ")");
    case Kind::kLognormal:
      return absl::StrCat("lognormal(median=", Show(std::exp(a_), as_duration),
                          ", p99=", Show(std::exp(a_ + b_ * kZ99), as_duration), ")");
    case Kind::kPareto:
      return absl::StrCat("pareto(min=", Show(a_, as_duration), ", alpha=", b_, ")");
  }
  return "?";
}

}  // namespace faultline::sim
