// Properties of the imbalance measure over random per-shard loads.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <vector>

#include "checkers/sharding/sharding_checker.h"

namespace faultline::checkers::sharding {
namespace {

// With traffic, the busiest shard carries at least the mean and at most all of it:
// 1 <= imbalance <= shards.
RC_GTEST_PROP(ShardingPropertyTest, ImbalanceBetweenOneAndShardCount, ()) {
  const auto loads = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<int64_t>>(rc::gen::inRange<int64_t>(0, 1000000)));
  int64_t total = 0;
  for (int64_t l : loads) total += l;
  RC_PRE(total > 0);
  const double imbalance = Imbalance(loads);
  RC_ASSERT(imbalance >= 1.0);
  RC_ASSERT(imbalance <= static_cast<double>(loads.size()));
}

// Equal shards are perfectly balanced, whatever their number and load.
RC_GTEST_PROP(ShardingPropertyTest, EqualShardsHaveImbalanceOne, ()) {
  const auto shards = *rc::gen::inRange<size_t>(1, 200);
  const auto load = *rc::gen::inRange<int64_t>(1, 1000000000);
  RC_ASSERT(Imbalance(std::vector<int64_t>(shards, load)) == 1.0);
}

}  // namespace
}  // namespace faultline::checkers::sharding
