// Random distributions over a quantity (nanoseconds for latencies, ppm for drift, ...),
// written here rather than taken from <random> so a seed gives the same draws everywhere.
//
//   Distribution lat = Distribution::Lognormal(2 * kMillisecond, 30 * kMillisecond);
//   Nanos d = lat.SampleNanos(rng);
//
// The math uses +, *, /, sqrt and glibc's log, exp and pow, which every build computes the
// same way on x86-64, at -O0 and -O3, with g++ and clang++: we never enable -ffast-math
// (no reassociation), CMakeLists.txt passes -ffp-contract=off (no fused multiply-add, which
// g++ and clang++ would form differently under -march=haswell and up), and both compilers
// call the same libm. Each draw is a statement of its own (see tests/tidy.sh: argument
// order is unspecified). Samples of durations are rounded to whole nanoseconds.
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
