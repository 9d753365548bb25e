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

// What theory says hash-mod moves when `removed` leaves shards 0..n-1: a uniform hash is
// uniform over the residues of one period n(n-1), where the shard before is r mod n and
// after is the (r mod (n-1))-th of the live ids. Removing the last shard gives (n-1)/n.
double HashModRemovalTheory(int n, int removed) {
  std::vector<int> live;
  for (int s = 0; s < n; ++s) {
    if (s != removed) live.push_back(s);
  }
  const int period = n * (n - 1);
  int moved = 0;
  for (int r = 0; r < period; ++r) moved += r % n != live[r % (n - 1)] ? 1 : 0;
  return static_cast<double>(moved) / period;
}

TEST(PlacementTest, HashModRemovalMovesWhatTheoryPredicts) {
  for (int n : {2, 3, 4, 8, 16}) {
    for (int removed : {0, n - 1}) {
      auto before = MakePlacement({.strategy = Strategy::kHashMod, .shards = n});
      auto after = before->WithShardRemoved(removed);
      EXPECT_EQ(after->shard_count(), n) << "ids stay: the count does not shrink";
      for (int64_t k = 0; k < kKeys; ++k) ASSERT_NE(after->ShardOf(k), removed);
      const double moved = static_cast<double>(MovedKeys(*before, *after, kKeys)) / kKeys;
      EXPECT_NEAR(moved, HashModRemovalTheory(n, removed), 0.02)
          << n << " shards, removed shard" << removed;
    }
  }
  EXPECT_NEAR(HashModRemovalTheory(4, 3), 3.0 / 4, 1e-9);
}

TEST(PlacementTest, ConsistentHashRemovalMovesExactlyTheRemovedShardsKeys) {
  for (int n : {2, 4, 8}) {
    auto before = MakePlacement({.strategy = Strategy::kConsistentHash, .shards = n});
    const int removed = n / 2;
    auto after = before->WithShardRemoved(removed);
    int64_t on_removed = 0;
    for (int64_t k = 0; k < kKeys; ++k) {
      const bool was_there = before->ShardOf(k) == removed;
      on_removed += was_there ? 1 : 0;
      // Every moved key was on the removed shard, and every key of it moved.
      ASSERT_EQ(before->ShardOf(k) != after->ShardOf(k), was_there) << "k" << k;
    }
    EXPECT_EQ(MovedKeys(*before, *after, kKeys), on_removed);
    EXPECT_NEAR(static_cast<double>(on_removed) / kKeys, 1.0 / n, 0.03) << n << " shards";
    // Adding a shard later still numbers it after every id, removed or not.
    EXPECT_EQ(after->WithShardAdded()->shard_count(), n + 1);
  }
}

TEST(PlacementTest, RangeRemovalMergesIntoTheLowerNeighbourElseTheUpper) {
  auto before = MakePlacement({.strategy = Strategy::kRange, .shards = 4, .keys = 100});
  auto middle = before->WithShardRemoved(2);
  EXPECT_EQ(middle->Describe(), "range [0,25)->0 [25,75)->1 [75,..)->3");
  EXPECT_EQ(MovedKeys(*before, *middle, 100), 25);  // exactly [50,75)
  for (int64_t k = 0; k < 100; ++k) {
    EXPECT_EQ(before->ShardOf(k) != middle->ShardOf(k), k >= 50 && k < 75) << "k" << k;
  }
  auto first = before->WithShardRemoved(0);
  EXPECT_EQ(first->Describe(), "range [0,50)->1 [50,75)->2 [75,..)->3");
  EXPECT_EQ(MovedKeys(*before, *first, 100), 25);
  auto last = before->WithShardRemoved(3);
  EXPECT_EQ(last->Describe(), "range [0,25)->0 [25,50)->1 [50,..)->2");
  EXPECT_EQ(last->LiveShards(), (std::vector<int>{0, 1, 2}));
  // A split shard's two ranges both merge; the id stays out of every range.
  auto split = before->WithShardAdded();  // [12,25)->4
  auto merged = split->WithShardRemoved(4);
  EXPECT_EQ(merged->Describe(), before->Describe());
  EXPECT_EQ(merged->shard_count(), 5);
  EXPECT_DEATH(first->WithShardRemoved(0), "only a live shard");
  auto one = MakePlacement({.strategy = Strategy::kRange, .shards = 1, .keys = 10});
  EXPECT_DEATH(one->WithShardRemoved(0), "only live shard");
}

TEST(PlacementTest, DirectoryRemovalHandsAssignedKeysToTheLeastAssignedShard) {
  auto before = MakePlacement({.strategy = Strategy::kDirectory, .shards = 4});
  auto* dir = dynamic_cast<DirectoryPlacement*>(before.get());
  ASSERT_NE(dir, nullptr);
  dir->Assign(1, 0);
  dir->Assign(2, 0);
  dir->Assign(3, 1);
  dir->Assign(4, 2);
  dir->Assign(5, 3);
  dir->Assign(6, 3);
  auto after = before->WithShardRemoved(3);
  // Shards 1 and 2 hold one key each: the lower id takes both of shard3's.
  EXPECT_EQ(after->ShardOf(5), 1);
  EXPECT_EQ(after->ShardOf(6), 1);
  EXPECT_EQ(after->LiveShards(), (std::vector<int>{0, 1, 2}));
  for (int64_t k = 0; k < kKeys; ++k) {
    const bool was_there = before->ShardOf(k) == 3;
    ASSERT_NE(after->ShardOf(k), 3);
    ASSERT_EQ(before->ShardOf(k) != after->ShardOf(k), was_there) << "k" << k;
  }
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

// Every strategy places every key on a shard that exists, before and after adding one and
// after removing one.
RC_GTEST_PROP(PlacementProperty, EveryKeyLandsOnAShardThatExists, ()) {
  const auto strategy = *rc::gen::element(Strategy::kHashMod, Strategy::kConsistentHash,
                                          Strategy::kRange, Strategy::kDirectory);
  const int shards = *rc::gen::inRange(1, 12);
  const int64_t keys = *rc::gen::inRange<int64_t>(shards, 400);
  auto p = MakePlacement({.strategy = strategy, .shards = shards, .vnodes = 8, .keys = keys});
  auto q = p->WithShardAdded();
  // Removing any live shard of q leaves every key on a live shard other than it.
  const std::vector<int> live = q->LiveShards();
  const int removed = *rc::gen::elementOf(live);
  auto r = q->WithShardRemoved(removed);
  for (int64_t k = 0; k < keys + 10; ++k) {
    const int a = p->ShardOf(k);
    const int b = q->ShardOf(k);
    const int c = r->ShardOf(k);
    RC_ASSERT(a >= 0 && a < p->shard_count());
    RC_ASSERT(b >= 0 && b < q->shard_count());
    RC_ASSERT(c >= 0 && c < q->shard_count() && c != removed);
  }
}

}  // namespace
}  // namespace faultline::models::shard
