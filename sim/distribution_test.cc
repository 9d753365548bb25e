#include "sim/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace faultline::sim {
namespace {

constexpr int kSamples = 200'000;

std::vector<double> Samples(const Distribution& d, uint64_t seed, int n = kSamples) {
  Rng rng(seed);
  std::vector<double> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) out.push_back(d.Sample(rng));
  return out;
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double Stddev(const std::vector<double>& v) {
  const double m = Mean(v);
  double sq = 0;
  for (double x : v) sq += (x - m) * (x - m);
  return std::sqrt(sq / static_cast<double>(v.size()));
}

// The q-quantile (0 < q < 1) of `v` by nearest rank; sorts `v`.
double Quantile(std::vector<double>& v, double q) {
  const size_t rank = static_cast<size_t>(q * static_cast<double>(v.size()));
  std::nth_element(v.begin(), v.begin() + rank, v.end());
  return v[rank];
}

TEST(DistributionTest, DefaultIsConstantZero) {
  Distribution d;
  Rng rng(1);
  EXPECT_TRUE(d.IsConstantZero());
  EXPECT_EQ(d.Sample(rng), 0.0);
  EXPECT_FALSE(Distribution::Constant(1).IsConstantZero());
}

TEST(DistributionTest, ConstantAlwaysReturnsItsValue) {
  const Distribution d = Distribution::Constant(3 * kMillisecond);
  Rng rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.SampleNanos(rng), 3 * kMillisecond);
  EXPECT_EQ(d.Min(), 3e6);
  EXPECT_EQ(d.Max(), 3e6);
}

TEST(DistributionTest, UniformStaysWithinBoundsAndSpreads) {
  const Distribution d = Distribution::Uniform(10, 20);
  std::vector<double> v = Samples(d, 2);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), 10.0);
  EXPECT_LE(*std::max_element(v.begin(), v.end()), 20.0);
  EXPECT_LT(*std::min_element(v.begin(), v.end()), 10.01);
  EXPECT_GT(*std::max_element(v.begin(), v.end()), 19.99);
  EXPECT_NEAR(Mean(v), 15.0, 0.05);
  EXPECT_EQ(d.Min(), 10.0);
  EXPECT_EQ(d.Max(), 20.0);
}

TEST(DistributionTest, ExponentialMeanWithinThreePercent) {
  const double mean = 5 * kMillisecond;
  std::vector<double> v = Samples(Distribution::Exponential(mean), 3);
  EXPECT_NEAR(Mean(v), mean, 0.03 * mean);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), 0.0);
  // The median of an exponential is mean * ln 2.
  EXPECT_NEAR(Quantile(v, 0.5), mean * std::log(2.0), 0.03 * mean * std::log(2.0));
}

TEST(DistributionTest, LognormalMedianAndP99WithinThreePercent) {
  const double median = 2 * kMillisecond;
  const double p99 = 30 * kMillisecond;
  std::vector<double> v = Samples(Distribution::Lognormal(median, p99), 4);
  EXPECT_NEAR(Quantile(v, 0.5), median, 0.03 * median);
  EXPECT_NEAR(Quantile(v, 0.99), p99, 0.03 * p99);
  EXPECT_GT(*std::min_element(v.begin(), v.end()), 0.0);
}

TEST(DistributionTest, LognormalWithMedianEqualP99IsConstant) {
  const Distribution d = Distribution::Lognormal(5, 5);
  Rng rng(5);
  for (int i = 0; i < 100; ++i) EXPECT_NEAR(d.Sample(rng), 5.0, 1e-9);
}

TEST(DistributionTest, NormalMeanAndStddev) {
  std::vector<double> v = Samples(Distribution::Normal(100, 15), 6);
  EXPECT_NEAR(Mean(v), 100.0, 0.3);
  EXPECT_NEAR(Stddev(v), 15.0, 0.03 * 15);
  const Distribution point = Distribution::Normal(7, 0);
  EXPECT_EQ(point.Min(), 7.0);
  EXPECT_EQ(point.Max(), 7.0);
  EXPECT_EQ(Distribution::Normal(7, 1).Min(), -std::numeric_limits<double>::infinity());
}

TEST(DistributionTest, ParetoNeverBelowScaleAndHasItsMean) {
  const double scale = 1 * kMillisecond;
  std::vector<double> v = Samples(Distribution::Pareto(scale, 3), 7);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), scale);
  // Mean of Pareto(scale, alpha) is scale * alpha / (alpha - 1) for alpha > 1.
  EXPECT_NEAR(Mean(v), 1.5 * scale, 0.03 * 1.5 * scale);
  EXPECT_EQ(Distribution::Pareto(scale, 3).Min(), scale);
  EXPECT_EQ(Distribution::Pareto(scale, 3).Max(), std::numeric_limits<double>::infinity());
}

TEST(DistributionTest, SampleNanosNeverNegativeAndClampsHugeTails) {
  Rng rng(8);
  const Distribution around_zero = Distribution::Normal(0, 1 * kMillisecond);
  int zeros = 0;
  for (int i = 0; i < 10'000; ++i) {
    const Nanos n = around_zero.SampleNanos(rng);
    ASSERT_GE(n, 0);
    zeros += n == 0 ? 1 : 0;
  }
  EXPECT_GT(zeros, 4'000);  // about half the raw samples are negative
  EXPECT_EQ(Distribution::Constant(-5).SampleNanos(rng), 0);
  EXPECT_EQ(Distribution::Constant(1e30).SampleNanos(rng), int64_t{1} << 53);  // ~106 days
  EXPECT_EQ(Distribution::Constant(2.5).SampleNanos(rng), 3);  // rounds to nearest
  // A very heavy tail must clamp, never overflow into a negative duration.
  const Distribution heavy = Distribution::Pareto(1, 0.01);
  for (int i = 0; i < 10'000; ++i) ASSERT_GE(heavy.SampleNanos(rng), 1);
}

TEST(DistributionTest, DescribeAsDuration) {
  EXPECT_EQ(Distribution::Constant(3 * kMillisecond).Describe(true), "3ms");
  EXPECT_EQ(Distribution::Uniform(1 * kMillisecond, 1500 * kMillisecond).Describe(true),
            "uniform(1ms..1.5s)");
  EXPECT_EQ(Distribution::Normal(10 * kMillisecond, 2 * kMillisecond).Describe(true),
            "normal(mean=10ms, stddev=2ms)");
  EXPECT_EQ(Distribution::Exponential(5 * kSecond).Describe(true), "exponential(mean=5s)");
  EXPECT_EQ(Distribution::Lognormal(2 * kMillisecond, 30 * kMillisecond).Describe(true),
            "lognormal(median=2ms, p99=30ms)");
  EXPECT_EQ(Distribution::Pareto(1 * kMillisecond, 1.5).Describe(true),
            "pareto(min=1ms, alpha=1.5)");
}

TEST(DistributionTest, DescribePlainNumbers) {
  EXPECT_EQ(Distribution::Constant(1.5).Describe(false), "1.5");
  EXPECT_EQ(Distribution::Uniform(-100, 100).Describe(false), "uniform(-100..100)");
  EXPECT_EQ(Distribution::Normal(0, 50).Describe(false), "normal(mean=0, stddev=50)");
  EXPECT_EQ(Distribution::Exponential(4).Describe(false), "exponential(mean=4)");
  EXPECT_EQ(Distribution::Lognormal(2, 30).Describe(false), "lognormal(median=2, p99=30)");
  EXPECT_EQ(Distribution::Pareto(3, 2).Describe(false), "pareto(min=3, alpha=2)");
}

TEST(DistributionTest, SameSeedSameSamples) {
  const Distribution d = Distribution::Lognormal(2 * kMillisecond, 30 * kMillisecond);
  EXPECT_EQ(Samples(d, 9, 1000), Samples(d, 9, 1000));
  EXPECT_NE(Samples(d, 9, 1000), Samples(d, 10, 1000));
}

// Every latency in every trace comes through here: a change shifts every trace hash.
TEST(DistributionTest, GoldenLognormalSamplesForSeed7) {
  const Distribution d = Distribution::Lognormal(2 * kMillisecond, 30 * kMillisecond);
  Rng rng(7);
  EXPECT_EQ(d.SampleNanos(rng), 6'145'619);
  EXPECT_EQ(d.SampleNanos(rng), 1'404'033);
  EXPECT_EQ(d.SampleNanos(rng), 2'851'803);
}

TEST(DistributionDeathTest, RejectsInvalidParameters) {
  EXPECT_DEATH(Distribution::Uniform(2, 1), "min <= max");
  EXPECT_DEATH(Distribution::Exponential(0), "mean > 0");
  EXPECT_DEATH(Distribution::Lognormal(10, 5), "median <= p99");
  EXPECT_DEATH(Distribution::Pareto(1, 0), "alpha > 0");
}

}  // namespace
}  // namespace faultline::sim
