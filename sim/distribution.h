// Random distributions over a quantity (nanoseconds for latencies, ppm for drift, ...),
// written here rather than taken from <random> so a seed gives the same draws everywhere.
//
//   Distribution lat = Distribution::Lognormal(2 * kMillisecond, 30 * kMillisecond);
//   Nanos d = lat.SampleNanos(rng);
//
// The math uses only +, *, /, sqrt and log, which IEEE 754 and glibc compute the same way
// at -O0 and -O2 on x86-64 (we never enable -ffast-math, and no FMA is generated for the
// baseline target). Samples of durations are rounded to whole nanoseconds.
#ifndef FAULTLINE_SIM_DISTRIBUTION_H_
#define FAULTLINE_SIM_DISTRIBUTION_H_

#include <string>

#include "base/time.h"
#include "sim/rng.h"

namespace faultline::sim {

// `v` rounded to an integer and clamped to [-limit, limit]; NaN gives 0. For turning
// samples of unbounded distributions into nanoseconds or ppm without undefined behaviour.
int64_t SaturatingNanos(double v, int64_t limit);

class Distribution {
 public:
  enum class Kind { kConstant, kUniform, kNormal, kExponential, kLognormal, kPareto };

  Distribution() = default;  // constant 0
  static Distribution Constant(double value);
  static Distribution Uniform(double min, double max);             // REQUIRES: min <= max
  static Distribution Normal(double mean, double stddev);          // REQUIRES: stddev >= 0
  static Distribution Exponential(double mean);                    // REQUIRES: mean > 0
  // Lognormal fixed by its median and 99th percentile, the two numbers people know about
  // a latency. REQUIRES: 0 < median <= p99.
  static Distribution Lognormal(double median, double p99);
  // Pareto (long tail) with minimum `scale` and tail index `alpha`. REQUIRES: both > 0.
  static Distribution Pareto(double scale, double alpha);

  double Sample(Rng& rng) const;
  // A sample rounded to whole nanoseconds and clamped at zero: durations never go back.
  Nanos SampleNanos(Rng& rng) const;

  Kind kind() const { return kind_; }
  double param_a() const { return a_; }
  double param_b() const { return b_; }
  bool IsConstantZero() const { return kind_ == Kind::kConstant && a_ == 0; }
  // Smallest and largest value a sample can take (±infinity for unbounded tails).
  double Min() const;
  double Max() const;
  // "lognormal(median=2ms, p99=30ms)" when `as_duration`, else plain numbers.
  std::string Describe(bool as_duration) const;

 private:
  Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
  double StandardNormal(Rng& rng) const;

  Kind kind_ = Kind::kConstant;
  double a_ = 0;  // constant: value; uniform: min; normal: mean; exp: mean; lognormal: mu;
                  // pareto: scale
  double b_ = 0;  // uniform: max; normal: stddev; lognormal: sigma; pareto: alpha
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_DISTRIBUTION_H_
