#include "models/shard/placement.h"

#include <gtest/gtest.h>

#include <memory>

namespace faultline::models::shard {
namespace {

// The acceptance figure: on 10,000 keys, going from n to n+1 shards moves about
// n/(n+1) of them under hash-mod and about 1/(n+1) under consistent hashing.
TEST(PlacementTest, KeysMovedWhenAShardIsAddedMatchTheTextbookFractions) {
  constexpr int64_t kKeys = 10000;
  for (int n : {3, 4, 8}) {
    std::unique_ptr<Placement> mod =
        MakePlacement({.strategy = Strategy::kHashMod, .shards = n, .keys = kKeys});
    std::unique_ptr<Placement> ring = MakePlacement(
        {.strategy = Strategy::kConsistentHash, .shards = n, .vnodes = 256, .keys = kKeys});
    const double mod_moved =
        static_cast<double>(MovedKeys(*mod, *mod->WithShardAdded(), kKeys)) / kKeys;
    const double ring_moved =
        static_cast<double>(MovedKeys(*ring, *ring->WithShardAdded(), kKeys)) / kKeys;
    EXPECT_NEAR(mod_moved, static_cast<double>(n) / (n + 1), 0.02) << "n=" << n;
    EXPECT_NEAR(ring_moved, 1.0 / (n + 1), 0.04) << "n=" << n;
  }
}

TEST(PlacementTest, ConsistentHashingMovesKeysOnlyToTheNewShard) {
  std::unique_ptr<Placement> ring =
      MakePlacement({.strategy = Strategy::kConsistentHash, .shards = 4, .vnodes = 64});
  std::unique_ptr<Placement> next = ring->WithShardAdded();
  for (int64_t k = 0; k < 1000; ++k) {
    if (ring->ShardOf(k) != next->ShardOf(k)) {
      EXPECT_EQ(next->ShardOf(k), 4) << "k" << k;
    }
  }
}

}  // namespace
}  // namespace faultline::models::shard
