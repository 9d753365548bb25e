#include "sim/rng.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace faultline::sim {
namespace {

std::vector<uint64_t> Draw(Rng rng, int n) {
  std::vector<uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng.Next());
  return out;
}

TEST(RngTest, SameSeedSameSequence) {
  EXPECT_EQ(Draw(Rng(12345), 100), Draw(Rng(12345), 100));
  EXPECT_NE(Draw(Rng(12345), 100), Draw(Rng(12346), 100));
  EXPECT_EQ(Rng(12345).seed(), 12345u);
}

// Every trace hash depends on these numbers: a change here changes every recorded run.
TEST(RngTest, GoldenValuesForSeed42) {
  Rng rng(42);
  EXPECT_EQ(rng.Next(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(rng.Next(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(rng.Next(), 0xae17533239e499a1ULL);
}

TEST(RngTest, ForkIsIndependentOfParentPosition) {
  Rng parent(99);
  const std::vector<uint64_t> before = Draw(parent.Fork("network"), 20);
  for (int i = 0; i < 37; ++i) parent.Next();
  EXPECT_EQ(Draw(parent.Fork("network"), 20), before);
  const std::vector<uint64_t> indexed = Draw(parent.Fork(3), 20);
  parent.Below(1000);
  EXPECT_EQ(Draw(parent.Fork(3), 20), indexed);
}

TEST(RngTest, ForkDoesNotAdvanceParent) {
  Rng a(5);
  Rng b(5);
  (void)a.Fork("clock");
  (void)a.Fork(7);
  EXPECT_EQ(Draw(a, 10), Draw(b, 10));
}

TEST(RngTest, DifferentNamesGiveDifferentStreams) {
  const Rng root(1);
  EXPECT_NE(Draw(root.Fork("network"), 10), Draw(root.Fork("nemesis"), 10));
  EXPECT_NE(Draw(root.Fork("network"), 10), Draw(root, 10));
  EXPECT_NE(Draw(root.Fork(0), 10), Draw(root.Fork(1), 10));
  EXPECT_NE(Draw(root.Fork("node").Fork(1), 10), Draw(root.Fork("node").Fork(2), 10));
  // Same name under different parents differs too.
  EXPECT_NE(Draw(Rng(1).Fork("x"), 10), Draw(Rng(2).Fork("x"), 10));
}

TEST(RngTest, StableHashIsFnv1a) {
  EXPECT_EQ(StableHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(StableHash("ab"), StableHash("ba"));
}

TEST(RngTest, BelowIsRoughlyUniform) {
  Rng rng(2024);
  constexpr int kBuckets = 10;
  constexpr int kDraws = 100'000;
  std::array<int, kBuckets> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const uint64_t v = rng.Below(kBuckets);
    ASSERT_LT(v, static_cast<uint64_t>(kBuckets));
    ++counts[v];
  }
  const double expected = static_cast<double>(kDraws) / kBuckets;
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 9 degrees of freedom: p = 0.001 at 27.9. A loose bound that still catches a bias.
  EXPECT_LT(chi2, 27.9);
}

TEST(RngTest, BelowOneIsAlwaysZeroAndHugeBoundsStayInRange) {
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(rng.Below(1), 0u);
  const uint64_t big = (uint64_t{1} << 63) + 12345;
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.Below(big), big);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.Below(UINT64_MAX), UINT64_MAX);
}

RC_GTEST_PROP(RngTest, BelowIsLessThanBound, (uint64_t seed, uint64_t bound)) {
  RC_PRE(bound > 0);
  Rng rng(seed);
  for (int i = 0; i < 20; ++i) RC_ASSERT(rng.Below(bound) < bound);
}

TEST(RngTest, BetweenHitsBothInclusiveBounds) {
  Rng rng(11);
  bool saw_lo = false;
  bool saw_hi = false;
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = rng.Between(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    saw_lo |= v == -2;
    saw_hi |= v == 2;
  }
  EXPECT_TRUE(saw_lo);
  EXPECT_TRUE(saw_hi);
}

TEST(RngTest, BetweenSingleValueAndFullRange) {
  Rng rng(12);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.Between(-7, -7), -7);
  EXPECT_EQ(rng.Between(INT64_MIN, INT64_MIN), INT64_MIN);
  EXPECT_EQ(rng.Between(INT64_MAX, INT64_MAX), INT64_MAX);
  // The full range spans 2^64 values: both signs must appear.
  bool saw_negative = false;
  bool saw_positive = false;
  for (int i = 0; i < 100; ++i) {
    const int64_t v = rng.Between(INT64_MIN, INT64_MAX);
    saw_negative |= v < 0;
    saw_positive |= v > 0;
  }
  EXPECT_TRUE(saw_negative);
  EXPECT_TRUE(saw_positive);
  // Near-full ranges take the Below() path and must not overflow.
  for (int i = 0; i < 100; ++i) EXPECT_GE(rng.Between(INT64_MIN + 1, INT64_MAX), INT64_MIN + 1);
  for (int i = 0; i < 100; ++i) EXPECT_LT(rng.Between(INT64_MIN, INT64_MAX - 1), INT64_MAX);
}

RC_GTEST_PROP(RngTest, BetweenStaysInBounds, (uint64_t seed, int64_t a, int64_t b)) {
  const int64_t lo = a < b ? a : b;
  const int64_t hi = a < b ? b : a;
  Rng rng(seed);
  for (int i = 0; i < 20; ++i) {
    const int64_t v = rng.Between(lo, hi);
    RC_ASSERT(v >= lo);
    RC_ASSERT(v <= hi);
  }
}

TEST(RngTest, ChancePpmExtremes) {
  Rng rng(13);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_FALSE(rng.ChancePpm(0));
    EXPECT_TRUE(rng.ChancePpm(1'000'000));
  }
}

TEST(RngTest, ChancePpmHalfIsRoughlyHalf) {
  Rng rng(14);
  int hits = 0;
  for (int i = 0; i < 100'000; ++i) hits += rng.ChancePpm(500'000) ? 1 : 0;
  EXPECT_GT(hits, 49'000);
  EXPECT_LT(hits, 51'000);
}

TEST(RngTest, UnitIsInHalfOpenInterval) {
  Rng rng(15);
  double sum = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.Unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100'000, 0.5, 0.01);
}

}  // namespace
}  // namespace faultline::sim
