#include "models/shard/placement.h"

#include <cmath>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace faultline::models::shard {
namespace {

constexpr int64_t kKeys = 10000;

double MovedFraction(Strategy strategy, int shards, int vnodes = 64) {
  std::unique_ptr<Placement> before =
      MakePlacement({.strategy = strategy, .shards = shards, .vnodes = vnodes, .keys = kKeys});
  std::unique_ptr<Placement> after = before->WithShardAdded();
  EXPECT_EQ(after->shard_count(), shards + 1);
  return static_cast<double>(MovedKeys(*before, *after, kKeys)) / kKeys;
}

// The acceptance figure: adding a shard to n moves about n/(n+1) of the keys under
// hash-mod and about 1/(n+1) under consistent hashing, within a few percent on 10,000 keys.
TEST(PlacementTest, HashModMovesNearlyEveryKeyWhenAShardIsAdded) {
  for (int n : {2, 3, 4, 8, 16}) {
    const double expected = static_cast<double>(n) / (n + 1);
    EXPECT_NEAR(MovedFraction(Strategy::kHashMod, n), expected, 0.02) << n << " shards";
  }
}

TEST(PlacementTest, ConsistentHashMovesOnlyTheNewShardsShare) {
  for (int n : {2, 3, 4, 8, 16}) {
    const double expected = 1.0 / (n + 1);
    EXPECT_NEAR(MovedFraction(Strategy::kConsistentHash, n, 256), expected, 0.03)
        << n << " shards";
  }
}

TEST(PlacementTest, ConsistentHashMovesKeysOnlyToTheNewShard) {
  auto before = MakePlacement({.strategy = Strategy::kConsistentHash, .shards = 4});
  auto after = before->WithShardAdded();
  for (int64_t k = 0; k < kKeys; ++k) {
    if (before->ShardOf(k) != after->ShardOf(k)) {
      ASSERT_EQ(after->ShardOf(k), 4) << "k" << k;
    }
  }
}

TEST(PlacementTest, RangeAddShardSplitsTheWidestRangeInHalf) {
  auto before = MakePlacement({.strategy = Strategy::kRange, .shards = 4, .keys = 100});
  EXPECT_EQ(before->Describe(), "range [0,25)->0 [25,50)->1 [50,75)->2 [75,..)->3");
  auto after = before->WithShardAdded();
  // The first of the widest ranges gives its upper half to the new shard: 13 of 100 keys move.
  EXPECT_EQ(after->Describe(), "range [0,12)->0 [12,25)->4 [25,50)->1 [50,75)->2 [75,..)->3");
  EXPECT_EQ(MovedKeys(*before, *after, 100), 13);
}

TEST(PlacementTest, RangeSplitMovesTheUpperPartToTheTarget) {
  RangePlacement p({{0, 10, 0}, {10, INT64_MAX, 1}}, 2);
  auto q = p.Split(4, 2);
  EXPECT_EQ(q->shard_count(), 3);
  EXPECT_EQ(q->ShardOf(3), 0);
  EXPECT_EQ(q->ShardOf(4), 2);
  EXPECT_EQ(q->ShardOf(9), 2);
  EXPECT_EQ(q->ShardOf(10), 1);
  EXPECT_EQ(MovedKeys(p, *q, 100), 6);
  EXPECT_DEATH(p.Split(10, 2), "strictly inside");
}

TEST(PlacementTest, DirectoryAddShardMovesNothingUntilAssigned) {
  auto before = MakePlacement({.strategy = Strategy::kDirectory, .shards = 4});
  auto after = before->WithShardAdded();
  EXPECT_EQ(MovedKeys(*before, *after, kKeys), 0);
  auto* dir = dynamic_cast<DirectoryPlacement*>(after.get());
  ASSERT_NE(dir, nullptr);
  dir->Assign(7, 4);
  EXPECT_EQ(after->ShardOf(7), 4);
  EXPECT_EQ(MovedKeys(*before, *after, kKeys), 1);
}

TEST(PlacementTest, KeyIndexReadsOnlyTheWorkloadsKeys) {
  EXPECT_EQ(KeyIndex(sim::Value::Str("k0")), 0);
  EXPECT_EQ(KeyIndex(sim::Value::Str("k9999")), 9999);
  EXPECT_EQ(KeyIndex(sim::Value::Str("k")), std::nullopt);
  EXPECT_EQ(KeyIndex(sim::Value::Str("k07")), std::nullopt);
  EXPECT_EQ(KeyIndex(sim::Value::Str("k-1")), std::nullopt);
  EXPECT_EQ(KeyIndex(sim::Value::Str("x1")), std::nullopt);
  EXPECT_EQ(KeyIndex(sim::Value::Str("k1x")), std::nullopt);
  EXPECT_EQ(KeyIndex(sim::Value::Int(1)), std::nullopt);
}

TEST(PlacementTest, StrategyNamesRoundTrip) {
  for (Strategy s : {Strategy::kHashMod, Strategy::kConsistentHash, Strategy::kRange,
                     Strategy::kDirectory}) {
    EXPECT_EQ(ParseStrategy(StrategyName(s)), s);
  }
  EXPECT_EQ(ParseStrategy("modulo"), std::nullopt);
}

TEST(PlacementTest, ImbalanceIsMaxOverMean) {
  EXPECT_DOUBLE_EQ(Imbalance({10, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(Imbalance({30, 0, 0}), 3.0);
  EXPECT_DOUBLE_EQ(Imbalance({20, 10}), 20.0 / 15.0);
  EXPECT_DOUBLE_EQ(Imbalance({0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(Imbalance({}), 0.0);
}

// Every strategy places every key on a shard that exists, before and after adding one.
RC_GTEST_PROP(PlacementProperty, EveryKeyLandsOnAShardThatExists, ()) {
  const auto strategy = *rc::gen::element(Strategy::kHashMod, Strategy::kConsistentHash,
                                          Strategy::kRange, Strategy::kDirectory);
  const int shards = *rc::gen::inRange(1, 12);
  const int64_t keys = *rc::gen::inRange<int64_t>(shards, 400);
  auto p = MakePlacement({.strategy = strategy, .shards = shards, .vnodes = 8, .keys = keys});
  auto q = p->WithShardAdded();
  for (int64_t k = 0; k < keys + 10; ++k) {
    const int a = p->ShardOf(k);
    const int b = q->ShardOf(k);
    RC_ASSERT(a >= 0 && a < p->shard_count());
    RC_ASSERT(b >= 0 && b < q->shard_count());
  }
}

}  // namespace
}  // namespace faultline::models::shard
