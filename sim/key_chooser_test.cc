#include "sim/key_chooser.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace faultline::sim {
namespace {

constexpr int kDraws = 100'000;

KeysSpec Spec(int count, KeysSpec::Dist dist, double theta = 0.99) {
  KeysSpec spec;
  spec.count = count;
  spec.dist = dist;
  spec.theta = theta;
  return spec;
}

std::vector<int> Histogram(const KeysSpec& spec, uint64_t seed, int draws = kDraws) {
  KeyChooser keys(spec);
  Rng rng(seed);
  std::vector<int> counts(spec.count, 0);
  for (int i = 0; i < draws; ++i) {
    const int64_t k = keys.Next(rng);
    EXPECT_GE(k, 0);
    EXPECT_LT(k, spec.count);
    if (k >= 0 && k < spec.count) ++counts[k];
  }
  return counts;
}

TEST(KeyChooserTest, UniformCoversAllKeysEvenly) {
  const std::vector<int> counts = Histogram(Spec(20, KeysSpec::Dist::kUniform), 1);
  for (int c : counts) {
    EXPECT_GT(c, kDraws / 20 * 9 / 10);
    EXPECT_LT(c, kDraws / 20 * 11 / 10);
  }
}

TEST(KeyChooserTest, SingleKeyIsAlwaysZero) {
  Rng rng(2);
  for (auto dist : {KeysSpec::Dist::kUniform, KeysSpec::Dist::kZipfian}) {
    KeyChooser keys(Spec(1, dist));
    for (int i = 0; i < 100; ++i) EXPECT_EQ(keys.Next(rng), 0);
  }
}

TEST(KeyChooserTest, ZipfianFavoursKeyZeroAndTheHead) {
  const std::vector<int> counts = Histogram(Spec(100, KeysSpec::Dist::kZipfian), 3);
  EXPECT_EQ(std::max_element(counts.begin(), counts.end()) - counts.begin(), 0);
  int top10 = 0;
  for (int k = 0; k < 10; ++k) top10 += counts[k];
  EXPECT_GT(top10, kDraws / 2);
  // Zipf's law: key 0 is drawn about twice as often as key 1 at theta near 1.
  EXPECT_GT(counts[0], counts[1] * 3 / 2);
  EXPECT_GT(counts[1], counts[2]);
  // The tail is still reachable: the last key appears at all.
  EXPECT_GT(counts[99], 0);
}

TEST(KeyChooserTest, ZipfianKeyZeroMatchesItsProbability) {
  // P(0) = 1 / zeta(100, 0.99).
  double zeta = 0;
  for (int i = 1; i <= 100; ++i) zeta += 1 / std::pow(i, 0.99);
  const std::vector<int> counts = Histogram(Spec(100, KeysSpec::Dist::kZipfian), 4);
  EXPECT_NEAR(counts[0] / static_cast<double>(kDraws), 1 / zeta, 0.01);
}

TEST(KeyChooserTest, LowThetaIsFlatterThanHighTheta) {
  const std::vector<int> flat = Histogram(Spec(100, KeysSpec::Dist::kZipfian, 0.2), 5);
  const std::vector<int> steep = Histogram(Spec(100, KeysSpec::Dist::kZipfian, 0.99), 5);
  EXPECT_LT(flat[0], steep[0]);
}

RC_GTEST_PROP(KeyChooserTest, AlwaysInRange, (uint64_t seed)) {
  const int count = *rc::gen::inRange(1, 1000);
  const double theta = *rc::gen::inRange(1, 100) / 100.0;
  const bool zipf = *rc::gen::arbitrary<bool>();
  KeyChooser keys(Spec(count, zipf ? KeysSpec::Dist::kZipfian : KeysSpec::Dist::kUniform, theta));
  Rng rng(seed);
  for (int i = 0; i < 200; ++i) {
    const int64_t k = keys.Next(rng);
    RC_ASSERT(k >= 0);
    RC_ASSERT(k < count);
  }
}

}  // namespace
}  // namespace faultline::sim
