// RouterNode's remove_shard_at: the removed shard's keys migrate to the shards the new
// placement gives them, and afterwards no request is forwarded to the removed group.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/shard/placement.h"
#include "models/shard/router_test_util.h"
#include "models/shard/shard_options.h"
#include "models/testing/fake_context.h"

namespace faultline::models::shard {
namespace {

using router_test::ClientReply;
using router_test::ExpectRoutesSurviveRestart;
using router_test::FakeContext;
using router_test::FakeShards;
using router_test::kShardSpace0;
using router_test::RoutesOf;
using router_test::ShardForwardsSince;
using router_test::ShardReq;
using router_test::TwoShards;
using router_test::Value;

// Three shards over k0..k29; shard `removed` leaves at 1s.
ShardOptions RemovalThreeShards(Strategy strategy, int removed) {
  ShardOptions o = TwoShards();
  o.shards = 3;
  o.keys = 30;
  o.strategy = strategy;
  o.group_spaces.push_back(kShardSpace0 + 2);
  o.remove_shard_at_ns = sim::kSecond;
  o.remove_shard = removed;
  o.load_window_ns = 3600 * sim::kSecond;
  return o;
}

// Writes k<i> = i for every key of the universe.
uint64_t RemovalWriteEveryKey(RouterNode& router, FakeContext& ctx, FakeShards& shards,
                              const ShardOptions& o, uint64_t op) {
  for (int64_t k = 0; k < o.keys; ++k) {
    router.OnMessage(
        FakeContext::From(FakeContext::kClient,
                          ShardReq(op++, "write", absl::StrCat("k", k), Value::Int(k))),
        ctx);
  }
  shards.Pump(router, ctx);
  return op;
}

TEST(RouterRemovalTest, RemovingAShardMigratesItsKeysAndRoutesNothingToItAfter) {
  for (Strategy strategy : {Strategy::kHashMod, Strategy::kConsistentHash, Strategy::kRange}) {
    SCOPED_TRACE(StrategyName(strategy));
    const ShardOptions o = RemovalThreeShards(strategy, 1);
    RouterNode router(o);
    FakeContext ctx(0, 10);
    router.OnStart(ctx);
    FakeShards shards;
    uint64_t op = RemovalWriteEveryKey(router, ctx, shards, o, 1);
    std::vector<int> before;
    for (int64_t k = 0; k < o.keys; ++k) before.push_back(router.ShardFor(k));
    ASSERT_NE(std::count(before.begin(), before.end(), 1), 0) << "shard1 owns keys to move";

    ctx.now_ns = sim::kSecond;
    ctx.FireDueTimers(router);
    shards.Pump(router, ctx);

    // The topology line counts what the placement moves: exactly shard1's keys.
    auto start =
        MakePlacement({.strategy = strategy, .shards = 3, .vnodes = o.vnodes, .keys = o.keys});
    auto next = start->WithShardRemoved(1);
    const sim::Observation* topology = nullptr;
    for (const sim::Observation& obs : ctx.observations) {
      if (obs.f == "topology") topology = &obs;
    }
    ASSERT_NE(topology, nullptr);
    EXPECT_EQ(topology->key, Value::Str("remove shard1"));
    EXPECT_EQ(topology->value, Value::Int(MovedKeys(*start, *next, o.keys)));
    // One migration per (source, target) pair, each run to its end: under consistent-hash
    // and range only shard1's keys move, so that is one per target shard.
    std::set<std::pair<int, int>> moves;
    for (int64_t k = 0; k < o.keys; ++k) {
      if (before[k] != next->ShardOf(k)) moves.insert({before[k], next->ShardOf(k)});
      if (strategy != Strategy::kHashMod) {
        EXPECT_EQ(before[k] != next->ShardOf(k), before[k] == 1) << "k" << k;
      }
    }
    int done = 0;
    for (const sim::Observation& obs : ctx.observations) {
      if (obs.f == "phase" && obs.value == Value::Str("done")) ++done;
    }
    EXPECT_EQ(done, static_cast<int>(moves.size()));
    for (int64_t k = 0; k < o.keys; ++k) {
      EXPECT_NE(router.ShardFor(k), 1) << "k" << k;
      EXPECT_EQ(router.ShardFor(k), next->ShardOf(k)) << "k" << k;
    }
    // Every key reads back its value, and no forward goes to the removed group.
    const size_t sent = ctx.sent.size();
    const size_t replied = ctx.replies().size();
    for (int64_t k = 0; k < o.keys; ++k) {
      router.OnMessage(
          FakeContext::From(FakeContext::kClient, ShardReq(op++, "read", absl::StrCat("k", k))),
          ctx);
    }
    shards.Pump(router, ctx);
    for (const auto& f : ShardForwardsSince(ctx, sent)) {
      EXPECT_NE(f.shard, 1) << f.req.key.as_string();
    }
    const std::vector<ClientReply> replies = ctx.replies();
    ASSERT_EQ(replies.size(), replied + static_cast<size_t>(o.keys));
    for (int64_t k = 0; k < o.keys; ++k) {
      EXPECT_EQ(replies[replied + k].value, Value::Int(k)) << "k" << k;
    }
    EXPECT_TRUE(shards.store[1].empty() ||
                std::all_of(shards.store[1].begin(), shards.store[1].end(),
                            [](const auto& kv) { return kv.second.is_nil(); }))
        << "the removed group's copies were cleaned up";
  }
}

// The removal is replayed from n1's disk at a restart: the removed shard stays removed.
TEST(RouterRemovalTest, ARestartedCoordinatorKeepsTheShardRemoved) {
  const ShardOptions o = RemovalThreeShards(Strategy::kConsistentHash, -1);  // the last: 2
  auto router = std::make_unique<RouterNode>(o);
  FakeContext ctx(0, 10);
  router->OnStart(ctx);
  FakeShards shards;
  ctx.now_ns = sim::kSecond;
  ctx.FireDueTimers(*router);
  shards.Pump(*router, ctx);
  const std::vector<int> before = RoutesOf(*router, o);
  ASSERT_EQ(std::count(before.begin(), before.end(), 2), 0) << "shard2 was removed";
  ExpectRoutesSurviveRestart(router, o, ctx, before);
  // Keys beyond the universe were never migrated: they keep their first shard, even the
  // removed one (its group stays up for them; see the README).
  auto first =
      MakePlacement({.strategy = o.strategy, .shards = 3, .vnodes = o.vnodes, .keys = o.keys});
  for (int64_t k = o.keys; k < o.keys + 50; ++k) {
    EXPECT_EQ(router->ShardFor(k), first->ShardOf(k)) << "k" << k;
  }
}

TEST(RouterRemovalTest, CheckConfigNamesTheRemovalParams) {
  sim::ModelConfig c;
  c.node_count = 10;
  c.integers["shards"] = 3;
  c.durations["remove_shard_at"] = sim::kSecond;
  EXPECT_EQ(CheckShardConfig(c), std::nullopt);
  c.integers["remove_shard"] = 3;
  EXPECT_NE(CheckShardConfig(c).value_or("").find("remove_shard (3)"), std::string::npos);
  c.integers["remove_shard"] = 2;
  c.durations["add_shard_at"] = sim::kSecond;
  c.integers["spare_shards"] = 1;
  c.node_count = 13;
  EXPECT_NE(CheckShardConfig(c).value_or("").find("same instant"), std::string::npos);
  c.durations["add_shard_at"] = sim::kSecond / 2;
  c.integers["remove_shard"] = 3;  // the added shard
  EXPECT_EQ(CheckShardConfig(c), std::nullopt);
  sim::ModelConfig one;
  one.node_count = 4;
  one.integers["shards"] = 1;
  one.durations["remove_shard_at"] = sim::kSecond;
  EXPECT_NE(CheckShardConfig(one).value_or("").find("only shard"), std::string::npos);
  one.choices["strategy"] = "directory";
  one.integers["shards"] = 2;
  one.node_count = 10;
  EXPECT_NE(CheckShardConfig(one).value_or("").find("directory"), std::string::npos);
}

}  // namespace
}  // namespace faultline::models::shard
