#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/shard/kv_sharded.h"
#include "models/shard/migration.h"
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
using router_test::MigrationRun;
using router_test::RoutesOf;
using router_test::ShardForward;
using router_test::ShardForwardsSince;
using router_test::ShardReq;
using router_test::TwoShards;
using router_test::Value;

TEST(RouterMigrationTest, AMigrationRunsTheSixPhasesInOrderAndMovesTheData) {
  MigrationRun run(/*gating=*/true);
  run.shards.store[run.from]["k0"] = Value::Int(42);
  run.ctx.now_ns = sim::kSecond / 2;
  run.ctx.FireDueTimers(*run.router);
  run.shards.Pump(*run.router, run.ctx);
  EXPECT_EQ(run.Phases(),
            (std::vector<std::string>{"registration", "bulk-import", "async-replication",
                                      "validation", "cutover", "cleanup", "done"}));
  EXPECT_EQ(run.router->ShardFor(0), run.options.migrate_to);
  EXPECT_EQ(run.shards.store[run.options.migrate_to]["k0"], Value::Int(42));
  EXPECT_TRUE(run.shards.store[run.from]["k0"].is_nil());  // cleaned up
}

TEST(RouterMigrationTest, GatingHoldsNewRequestsUntilInFlightOnesDrainThenSendsThemToTheTarget) {
  MigrationRun run(/*gating=*/true);
  // A write to k0 in flight at the source, unanswered for now (its call timeout is later
  // than the gate).
  run.ctx.now_ns = 400 * sim::kMillisecond;
  run.router->OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(50, "write", "k0", Value::Int(7))), run.ctx);
  const ShardForward stuck = ShardForwardsSince(run.ctx, 0).back();
  run.shards.silent.insert(stuck.req.op);
  run.ctx.now_ns = sim::kSecond / 2;
  run.ctx.FireDueTimers(*run.router);
  run.shards.Pump(*run.router, run.ctx);
  std::vector<std::string> phases = run.Phases();
  ASSERT_EQ(phases.back(), "cutover");  // the hold has begun: the gate waits for the stuck write
  run.router->OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(51, "read", "k0")),
                        run.ctx);
  EXPECT_EQ(ShardForwardsSince(run.ctx, run.shards.seen).size(), 0u) << "held, not forwarded";
  // 30ms later the write is acked: the gate drains, the copy runs, the route switches.
  run.ctx.now_ns += 30 * sim::kMillisecond;
  run.shards.store[run.from]["k0"] = Value::Int(7);
  run.router->OnMessage(FakeContext::From(stuck.to, ClientReply::Ok(stuck.req, Value(), stuck.to)),
                        run.ctx);
  run.shards.Pump(*run.router, run.ctx);
  EXPECT_EQ(run.Phases().back(), "done");
  // The held read went to the target and saw the write.
  std::vector<ClientReply> replies = run.ctx.replies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[1].op, 51u);
  EXPECT_EQ(replies[1].value, Value::Int(7));
  for (const sim::Observation& o : run.ctx.observations) {
    if (o.f != "cutover") continue;
    EXPECT_EQ(o.value, Value::Int(30 * sim::kMillisecond));
    EXPECT_EQ(o.detail[0].second, Value::Int(1));  // held
  }
}

TEST(RouterMigrationTest, WithoutGatingTheSwitchIsImmediateAndHoldsNothing) {
  MigrationRun run(/*gating=*/false);
  run.ctx.now_ns = 400 * sim::kMillisecond;
  run.router->OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(50, "write", "k0", Value::Int(7))), run.ctx);
  run.shards.silent.insert(ShardForwardsSince(run.ctx, 0).back().req.op);
  run.ctx.now_ns = sim::kSecond / 2;
  run.ctx.FireDueTimers(*run.router);
  run.shards.Pump(*run.router, run.ctx);
  EXPECT_EQ(run.Phases().back(), "done");  // the in-flight write did not hold anything up
  int cutovers = 0;
  for (const sim::Observation& o : run.ctx.observations) {
    if (o.f != "cutover") continue;
    ++cutovers;
    EXPECT_EQ(o.value, Value::Int(0));
  }
  EXPECT_EQ(cutovers, 1);
}

TEST(RouterMigrationTest, AnotherRouterHoldsOnGateAcksWithItsWritesAndSwitchesOnce) {
  ShardOptions o = TwoShards();
  o.routers = 2;  // this is n2; the groups start at id 2
  o.group_spaces = {kShardSpace0, kShardSpace0 + 1};
  RouterNode router(o);
  FakeContext ctx(1, 8);
  router.OnStart(ctx);
  FakeShards shards;
  const int from = router.ShardFor(0);
  router.OnMessage(
      FakeContext::From(
          0,
          ShardRegister{.migration = "m1", .from = from, .to = 1 - from, .keys = KeysValue({0})}),
      ctx);
  // A write to k0 acked through this router is reported to the coordinator.
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(1, "write", "k0", Value::Int(3))), ctx);
  shards.Pump(router, ctx);
  ASSERT_EQ(ctx.SentOf<ShardAcked>().size(), 1u);
  // A write in flight when the gate comes: the ack waits for it.
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(2, "write", "k0", Value::Int(4))), ctx);
  const ShardForward stuck = ShardForwardsSince(ctx, 0).back();
  shards.seen = ctx.sent.size();
  router.OnMessage(
      FakeContext::From(0, ShardGate{.migration = "m1", .version = 2, .keys = KeysValue({0})}),
      ctx);
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(3, "read", "k0")), ctx);
  EXPECT_TRUE(ctx.SentOf<ShardGateAck>().empty());
  EXPECT_TRUE(ShardForwardsSince(ctx, shards.seen).empty()) << "the read is held";
  router.OnMessage(FakeContext::From(stuck.to, ClientReply::Ok(stuck.req, Value(), stuck.to)), ctx);
  ASSERT_EQ(ctx.SentOf<ShardGateAck>().size(), 1u);
  EXPECT_EQ(KeysOf(ctx.SentOf<ShardGateAck>()[0].second.written), std::vector<int64_t>{0});
  // The switch releases the read to the target; a resent, older switch changes nothing.
  router.OnMessage(
      FakeContext::From(
          0, ShardSwitch{.migration = "m1", .version = 2, .to = 1 - from, .keys = KeysValue({0})}),
      ctx);
  std::vector<ShardForward> released = ShardForwardsSince(ctx, shards.seen);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].shard, 1 - from);
  router.OnMessage(
      FakeContext::From(
          0, ShardSwitch{.migration = "m0", .version = 2, .to = from, .keys = KeysValue({0})}),
      ctx);
  EXPECT_EQ(router.ShardFor(0), 1 - from);
}

// A gate resent by the coordinator (or duplicated by the network) can arrive after the
// switch it belongs to: it must not gate the keys again, since no switch would follow.
TEST(RouterMigrationTest, AGateArrivingAfterItsSwitchHoldsNothing) {
  ShardOptions o = TwoShards();
  o.routers = 2;
  RouterNode router(o);
  FakeContext ctx(1, 8);
  router.OnStart(ctx);
  FakeShards shards;
  const int from = router.ShardFor(0);
  const ShardGate gate{.migration = "m1", .version = 2, .keys = KeysValue({0})};
  router.OnMessage(FakeContext::From(0, gate), ctx);
  ASSERT_EQ(ctx.SentOf<ShardGateAck>().size(), 1u);
  router.OnMessage(
      FakeContext::From(
          0, ShardSwitch{.migration = "m1", .version = 2, .to = 1 - from, .keys = KeysValue({0})}),
      ctx);
  router.OnMessage(FakeContext::From(0, gate), ctx);  // the late resend
  shards.seen = ctx.sent.size();
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(1, "read", "k0")), ctx);
  std::vector<ShardForward> fwd = ShardForwardsSince(ctx, shards.seen);
  ASSERT_EQ(fwd.size(), 1u) << "the read is held by a gate no switch will release";
  EXPECT_EQ(fwd[0].shard, 1 - from);
}

// A router that acked the gate and then crashes may miss the switch: the coordinator
// sends it once and resends it only on a repeat ack. Restarted, the router must not route
// the keys to their source (cleaned up after the switch) but hold them and ack again.
TEST(RouterMigrationTest, ARouterRestartedBetweenItsGateAckAndTheSwitchHoldsAndAsksAgain) {
  ShardOptions o = TwoShards();
  o.routers = 2;
  auto router = std::make_unique<RouterNode>(o);
  FakeContext ctx(1, 8);
  router->OnStart(ctx);
  FakeShards shards;
  const int from = router->ShardFor(0);
  router->OnMessage(
      FakeContext::From(0, ShardGate{.migration = "m1", .version = 2, .keys = KeysValue({0})}),
      ctx);
  ASSERT_EQ(ctx.SentOf<ShardGateAck>().size(), 1u);
  ctx.Crash();  // the switch is sent while the router is down
  router = std::make_unique<RouterNode>(o);
  router->OnStart(ctx);
  router->OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(1, "read", "k0")), ctx);
  EXPECT_TRUE(ShardForwardsSince(ctx, 0).empty()) << "the read went to the old shard";
  ctx.now_ns += o.call_timeout_ns;
  ctx.FireDueTimers(*router);
  ASSERT_FALSE(ctx.SentOf<ShardGateAck>().empty()) << "no ack: the switch never comes again";
  router->OnMessage(
      FakeContext::From(
          0, ShardSwitch{.migration = "m1", .version = 2, .to = 1 - from, .keys = KeysValue({0})}),
      ctx);
  std::vector<ShardForward> fwd = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(fwd.size(), 1u);
  EXPECT_EQ(fwd[0].shard, 1 - from);
}

// Finishes the topology change `options` schedules at 1s, serving every forward.
void ShardRunTopologyChange(RouterNode& router, FakeContext& ctx, FakeShards& shards) {
  ctx.now_ns = sim::kSecond;
  ctx.FireDueTimers(router);
  shards.Pump(router, ctx);
}

// A key beyond `keys` (the workload used more keys than the param says) is not migrated
// by a topology change, so its route must not change either: its data stays reachable.
TEST(RouterMigrationTest, AKeyBeyondTheKeyUniverseKeepsItsShardAcrossATopologyChange) {
  ShardOptions o = TwoShards();
  o.spare_shards = 1;
  o.group_spaces.push_back(kShardSpace0 + 2);
  o.add_shard_at_ns = sim::kSecond;
  o.load_window_ns = 3600 * sim::kSecond;
  RouterNode router(o);
  FakeContext ctx(0, 10);
  router.OnStart(ctx);
  FakeShards shards;
  std::vector<int64_t> outside;
  for (int64_t k = o.keys; k < o.keys + 40; ++k) outside.push_back(k);
  uint64_t op = 1;
  for (int64_t k : outside) {
    router.OnMessage(
        FakeContext::From(FakeContext::kClient,
                          ShardReq(op++, "write", absl::StrCat("k", k), Value::Int(k))),
        ctx);
  }
  shards.Pump(router, ctx);
  ShardRunTopologyChange(router, ctx, shards);
  const size_t before = ctx.replies().size();
  for (int64_t k : outside) {
    router.OnMessage(
        FakeContext::From(FakeContext::kClient, ShardReq(op++, "read", absl::StrCat("k", k))), ctx);
  }
  shards.Pump(router, ctx);
  std::vector<ClientReply> replies = ctx.replies();
  ASSERT_EQ(replies.size(), before + outside.size());
  for (size_t i = 0; i < outside.size(); ++i) {
    EXPECT_EQ(replies[before + i].value, Value::Int(outside[i])) << "k" << outside[i];
  }
}

// The coordinator's placement after a topology change must survive its crash: the moved
// keys' data is at their new shards, and their sources were cleaned up.
TEST(RouterMigrationTest, ARestartedCoordinatorRoutesAsBeforeItsCrashAfterATopologyChange) {
  ShardOptions o = TwoShards();
  o.spare_shards = 1;
  o.group_spaces.push_back(kShardSpace0 + 2);
  o.add_shard_at_ns = sim::kSecond;
  o.load_window_ns = 3600 * sim::kSecond;
  auto router = std::make_unique<RouterNode>(o);
  FakeContext ctx(0, 10);
  router->OnStart(ctx);
  FakeShards shards;
  ShardRunTopologyChange(*router, ctx, shards);
  const std::vector<int> before = RoutesOf(*router, o);
  ASSERT_NE(std::count(before.begin(), before.end(), 2), 0) << "the new shard owns keys";
  ExpectRoutesSurviveRestart(router, o, ctx, before);
}

}  // namespace
}  // namespace faultline::models::shard
