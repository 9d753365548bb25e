#include "sim/latency_histogram.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace faultline::sim {
namespace {

TEST(LatencyHistogramTest, EmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.Percentile(0.5), 0);
  EXPECT_EQ(h.Percentile(1.0), 0);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (Nanos v = 1; v <= 60; ++v) h.Record(v);
  EXPECT_EQ(h.Percentile(0.5), 30);
  EXPECT_EQ(h.Percentile(1.0), 60);
  EXPECT_EQ(h.min(), 1);
}

// Every percentile is within 1/64 of the exact nearest-rank percentile, never above max.
RC_GTEST_PROP(LatencyHistogramTest, PercentileWithinRelativeError, ()) {
  const auto values = *rc::gen::nonEmpty(rc::gen::container<std::vector<Nanos>>(
      rc::gen::inRange<Nanos>(0, 100 * kSecond)));
  const double q = *rc::gen::inRange(1, 101) / 100.0;
  LatencyHistogram h;
  for (Nanos v : values) h.Record(v);
  std::vector<Nanos> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  const Nanos exact = sorted[rank - 1];
  const Nanos got = h.Percentile(q);
  RC_ASSERT(got >= exact);
  RC_ASSERT(static_cast<double>(got - exact) <= static_cast<double>(exact) / 64 + 1);
  RC_ASSERT(got <= sorted.back());
}

// Merging two histograms gives the histogram of both sample sets.
RC_GTEST_PROP(LatencyHistogramTest, MergeEqualsRecordingBoth, ()) {
  const auto a = *rc::gen::container<std::vector<Nanos>>(rc::gen::inRange<Nanos>(0, kSecond));
  const auto b = *rc::gen::container<std::vector<Nanos>>(rc::gen::inRange<Nanos>(0, kSecond));
  LatencyHistogram ha, hb, both;
  for (Nanos v : a) ha.Record(v), both.Record(v);
  for (Nanos v : b) hb.Record(v), both.Record(v);
  ha.Merge(hb);
  RC_ASSERT(ha.count() == both.count());
  RC_ASSERT(ha.max() == both.max());
  RC_ASSERT(ha.min() == both.min());
  RC_ASSERT(ha.Cumulative() == both.Cumulative());
  RC_ASSERT(ha.Percentile(0.5) == both.Percentile(0.5));
}

TEST(LatencyHistogramTest, CumulativeEndsAtCountAndMax) {
  LatencyHistogram h;
  EXPECT_TRUE(h.Cumulative().empty());
  for (Nanos v : {3, 3, 10, 1000}) h.Record(v);
  const auto cdf = h.Cumulative();
  ASSERT_EQ(cdf.size(), 3u);
  EXPECT_EQ(cdf[0], (std::pair<Nanos, uint64_t>{3, 2}));
  EXPECT_EQ(cdf[1], (std::pair<Nanos, uint64_t>{10, 3}));
  EXPECT_EQ(cdf[2], (std::pair<Nanos, uint64_t>{1000, 4}));  // capped at the exact max
}

}  // namespace
}  // namespace faultline::sim
