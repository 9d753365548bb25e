#include "models/shard/router_node.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/shard/kv_sharded.h"
#include "models/shard/shard_options.h"
#include "models/testing/fake_context.h"

namespace faultline::models::shard {
namespace {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Value;
using testing::FakeContext;

constexpr int kShardSpace0 = 5;  // group spaces as create would fill them: shard0 -> 5, ...

ShardOptions TwoShards() {
  ShardOptions o;
  o.routers = 1;
  o.shards = 2;
  o.replicas = 3;  // shard0 = n2..n4 (ids 1..3), shard1 = ids 4..6
  o.keys = 10;
  o.group_spaces = {kShardSpace0, kShardSpace0 + 1};
  return o;
}

// The forwards sent to shard groups since `from` (index into ctx.sent).
struct ShardForward {
  size_t index;
  sim::EndpointId to;
  int shard;
  ClientRequest req;
};
std::vector<ShardForward> ShardForwardsSince(const FakeContext& ctx, size_t from) {
  std::vector<ShardForward> out;
  for (size_t i = from; i < ctx.sent.size(); ++i) {
    const FakeContext::Sent& s = ctx.sent[i];
    if (s.space == 0) continue;
    if (const ClientRequest* r = s.body.As<ClientRequest>()) {
      out.push_back({i, s.to, s.space - kShardSpace0, *r});
    }
  }
  return out;
}

// Answers every forward as a one-node-per-shard store would, except ops in `silent`,
// until nothing new is sent. Returns the stores.
struct FakeShards {
  std::map<int, std::map<std::string, Value>> store;
  std::set<uint64_t> silent;
  size_t seen = 0;

  void Pump(RouterNode& router, FakeContext& ctx) {
    while (seen < ctx.sent.size()) {
      const size_t end = ctx.sent.size();
      std::vector<ShardForward> fwd = ShardForwardsSince(ctx, seen);
      seen = end;
      for (const ShardForward& f : fwd) {
        if (silent.count(f.req.op) > 0) continue;
        std::map<std::string, Value>& s = store[f.shard];
        const std::string key = f.req.key.as_string();
        ClientReply reply = ClientReply::Ok(f.req, Value(), f.to);
        if (f.req.f == "read") reply.value = s[key];
        if (f.req.f == "write") s[key] = f.req.value;
        if (f.req.f == "cas") {
          const std::vector<Value>& arg = f.req.value.as_list();
          if (s[key] == arg[0]) {
            s[key] = arg[1];
          } else {
            reply = ClientReply::Fail(f.req, f.to, s[key]);
          }
        }
        router.OnMessage(FakeContext::From(f.to, reply), ctx);
      }
    }
  }
};

ClientRequest ShardReq(uint64_t op, std::string f, std::string key, Value value = {}) {
  return ClientRequest{
      .op = op, .f = std::move(f), .key = Value::Str(std::move(key)), .value = std::move(value)};
}

TEST(RouterNodeTest, ForwardsToTheKeysShardInItsNamespaceAndRelays) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(7, "write", "k3", Value::Int(1))), ctx);
  std::vector<ShardForward> fwd = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(fwd.size(), 1u);
  const int shard = router.ShardFor(3);
  EXPECT_EQ(fwd[0].shard, shard);
  EXPECT_EQ(fwd[0].to, TwoShards().Members(shard)[0]);
  EXPECT_EQ(fwd[0].req.key, Value::Str("k3"));
  router.OnMessage(FakeContext::From(fwd[0].to, ClientReply::Ok(fwd[0].req, Value(), fwd[0].to)),
                   ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].op, 7u);
  EXPECT_TRUE(ctx.replies()[0].ok);
}

TEST(RouterNodeTest, FollowsALeaderHintThenTheNextMemberAndGivesUpBounded) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(1, "read", "k0")), ctx);
  const int shard = router.ShardFor(0);
  const std::vector<sim::EndpointId> m = TwoShards().Members(shard);
  ShardForward first = ShardForwardsSince(ctx, 0).back();
  // Not the leader: it names m[2].
  router.OnMessage(FakeContext::From(m[0], ClientReply::Fail(first.req, m[2])), ctx);
  ShardForward second = ShardForwardsSince(ctx, first.index + 1).back();
  EXPECT_EQ(second.to, m[2]);
  // No hint: the next member after the one that answered (wrapping to m[0]).
  router.OnMessage(FakeContext::From(m[2], ClientReply::Fail(second.req, -1)), ctx);
  ShardForward third = ShardForwardsSince(ctx, second.index + 1).back();
  EXPECT_EQ(third.to, m[0]);
  EXPECT_TRUE(ctx.replies().empty());
  // Every further fail without a hint is forwarded again until tries_max, then failed.
  for (int i = 0; i < TwoShards().tries_max; ++i) {
    ShardForward f = ShardForwardsSince(ctx, 0).back();
    router.OnMessage(FakeContext::From(f.to, ClientReply::Fail(f.req, -1)), ctx);
  }
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ShardForwardsSince(ctx, 0).size(), static_cast<size_t>(TwoShards().tries_max));
}

// The network duplicates node-to-node messages, a group's replies to the router too: a
// second copy of a fail must not send the request a second time (two forwards of one
// write in flight could both be applied), nor may an older forward's reply end the call.
TEST(RouterNodeTest, ADuplicatedFailReplyForwardsOnceAndAStaleReplyIsIgnored) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(1, "write", "k0", Value::Int(5))), ctx);
  const std::vector<sim::EndpointId> m = TwoShards().Members(router.ShardFor(0));
  const ShardForward first = ShardForwardsSince(ctx, 0).back();
  const ClientReply not_leader = ClientReply::Fail(first.req, m[2]);
  router.OnMessage(FakeContext::From(m[0], not_leader), ctx);
  router.OnMessage(FakeContext::From(m[0], not_leader), ctx);  // the network's copy
  EXPECT_EQ(ShardForwardsSince(ctx, 0).size(), 2u);
  // An ok for the first forward (a reply to it can only be stale now) relays nothing.
  router.OnMessage(FakeContext::From(m[0], ClientReply::Ok(first.req, Value(), m[0])), ctx);
  EXPECT_TRUE(ctx.replies().empty());
  const ShardForward second = ShardForwardsSince(ctx, 0).back();
  router.OnMessage(FakeContext::From(m[2], ClientReply::Ok(second.req, Value(), m[2])), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
}

// A reply to a forward sent before a crash must not be taken for a new call's reply.
TEST(RouterNodeTest, ARestartedRouterIgnoresRepliesToForwardsOfItsPreviousLife) {
  auto router = std::make_unique<RouterNode>(TwoShards());
  FakeContext ctx(0, 7);
  router->OnStart(ctx);
  router->OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(1, "write", "k0", Value::Int(5))), ctx);
  const ShardForward before = ShardForwardsSince(ctx, 0).back();
  ctx.Crash();
  router = std::make_unique<RouterNode>(TwoShards());
  router->OnStart(ctx);
  router->OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(2, "read", "k0")), ctx);
  const ShardForward after = ShardForwardsSince(ctx, 0).back();
  EXPECT_NE(after.req.op, before.req.op);
  router->OnMessage(FakeContext::From(before.to, ClientReply::Ok(before.req, Value(), before.to)),
                    ctx);
  EXPECT_TRUE(ctx.replies().empty()) << "the old write's ok answered the new read";
}

TEST(RouterNodeTest, ACasFailFromTheLeaderIsRelayedNotRetried) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient,
                        ShardReq(4, "cas", "k1", Value::List({Value::Int(1), Value::Int(2)}))),
      ctx);
  ShardForward f = ShardForwardsSince(ctx, 0).back();
  router.OnMessage(FakeContext::From(f.to, ClientReply::Fail(f.req, f.to, Value::Int(9))), ctx);
  EXPECT_EQ(ShardForwardsSince(ctx, 0).size(), 1u);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].value, Value::Int(9));
}

TEST(RouterNodeTest, NoReplyIsNeverRetriedAndTheClientGetsNothing) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(2, "write", "k2", Value::Int(5))), ctx);
  ctx.now_ns = TwoShards().call_timeout_ns;
  ctx.FireDueTimers(router);
  ShardForward f = ShardForwardsSince(ctx, 0).back();
  EXPECT_EQ(ShardForwardsSince(ctx, 0).size(), 1u);
  EXPECT_TRUE(ctx.replies().empty());
  // A late reply after the give-up is dropped: the op stays unknown.
  router.OnMessage(FakeContext::From(f.to, ClientReply::Ok(f.req)), ctx);
  EXPECT_TRUE(ctx.replies().empty());
}

TEST(RouterNodeTest, AKeyNotShapedKiFailsWithANote) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(3, "read", "x")), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  ASSERT_FALSE(ctx.notes.empty());
  EXPECT_NE(ctx.notes.back().find("not k<i>"), std::string::npos);
}

TEST(RouterNodeTest, ObservesLoadPerShardEachWindow) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  FakeShards shards;
  for (uint64_t op = 1; op <= 3; ++op) {
    router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(op, "read", "k4")), ctx);
  }
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(9, "read", "k5")), ctx);
  shards.Pump(router, ctx);
  ctx.now_ns = sim::kSecond;
  ctx.FireDueTimers(router);
  std::map<std::string, int64_t> requests;
  int64_t hot4 = 0;
  int64_t imbalance = -1;
  for (const sim::Observation& o : ctx.observations) {
    if (o.f == "imbalance") {
      imbalance = o.value.int_or(-1);
      continue;
    }
    ASSERT_EQ(o.f, "load");
    requests[o.key.as_string()] = o.value.int_or(-1);
    for (const auto& [name, v] : o.detail) {
      if (name == "hot_key" && v == Value::Str("k4")) hot4 = o.value.int_or(0);
    }
  }
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests["shard0"] + requests["shard1"], 4);
  EXPECT_GE(hot4, 3);
  // Max over mean, in thousandths: 4/2 = 2000 when k4 and k5 share a shard, else 3/2.
  EXPECT_EQ(imbalance, std::max(requests["shard0"], requests["shard1"]) * 1000 / 2);
}

// Runs a migration of k0..k3 to the shard that owns none of... whichever shard k0 is not on.
struct MigrationRun {
  ShardOptions options = TwoShards();
  std::unique_ptr<RouterNode> router;
  FakeContext ctx{0, 7};
  FakeShards shards;
  int from = 0;

  explicit MigrationRun(bool gating) {
    RouterNode probe(options);
    FakeContext probe_ctx(0, 7);
    probe.OnStart(probe_ctx);
    from = probe.ShardFor(0);
    options.migrate_at_ns = sim::kSecond / 2;
    options.migrate_first = 0;
    options.migrate_last = 3;
    options.migrate_to = 1 - from;
    options.gating = gating;
    options.load_window_ns = 3600 * sim::kSecond;
    router = std::make_unique<RouterNode>(options);
    router->OnStart(ctx);
  }
  std::vector<std::string> Phases() const {
    std::vector<std::string> out;
    for (const sim::Observation& o : ctx.observations) {
      if (o.f == "phase") out.push_back(o.value.as_string());
    }
    return out;
  }
};

TEST(RouterNodeTest, AMigrationRunsTheSixPhasesInOrderAndMovesTheData) {
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

TEST(RouterNodeTest, GatingHoldsNewRequestsUntilInFlightOnesDrainThenSendsThemToTheTarget) {
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

TEST(RouterNodeTest, WithoutGatingTheSwitchIsImmediateAndHoldsNothing) {
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

TEST(RouterNodeTest, DirectoryMissAssignsOnceCacheHitsSkipTheDirectoryOutageFailsOnlyMisses) {
  ShardOptions o = TwoShards();
  o.strategy = Strategy::kDirectory;
  o.group_spaces.push_back(kShardSpace0 + 2);  // "dir", on ids 7..9
  RouterNode router(o);
  FakeContext ctx(0, 10);
  router.OnStart(ctx);
  FakeShards shards;
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, ShardReq(1, "write", "k3", Value::Int(9))), ctx);
  std::vector<ShardForward> first = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].shard, 2) << "a miss asks the directory first";
  shards.Pump(router, ctx);
  // The directory read nil, the router assigned shard0 (nothing routed yet: ties go low)
  // with cas nil -> 0, then forwarded the write there.
  EXPECT_EQ(shards.store[2]["k3"], Value::Int(0));
  EXPECT_EQ(shards.store[0]["k3"], Value::Int(9));
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
  // A hit: straight to the shard.
  const size_t before = ctx.sent.size();
  router.OnMessage(FakeContext::From(FakeContext::kClient, ShardReq(2, "read", "k3")), ctx);
  std::vector<ShardForward> hit = ShardForwardsSince(ctx, before);
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].shard, 0);
  shards.Pump(router, ctx);
  // The directory goes silent: a hit still works, a miss fails after its attempts.
  for (uint64_t op : {3u, 4u}) {
    router.OnMessage(
        FakeContext::From(FakeContext::kClient, ShardReq(op, "read", op == 3 ? "k3" : "k8")), ctx);
  }
  for (const ShardForward& f : ShardForwardsSince(ctx, shards.seen)) {
    if (f.shard == 2) shards.silent.insert(f.req.op);
  }
  shards.Pump(router, ctx);
  for (int i = 0; i < 3; ++i) {
    ctx.now_ns += o.call_timeout_ns;
    ctx.FireDueTimers(router);
    for (const ShardForward& f : ShardForwardsSince(ctx, shards.seen))
      shards.silent.insert(f.req.op);
    shards.Pump(router, ctx);
  }
  std::map<uint64_t, bool> ok;
  for (const ClientReply& r : ctx.replies()) ok[r.op] = r.ok;
  EXPECT_TRUE(ok.at(3));
  ASSERT_EQ(ok.count(4), 1u);
  EXPECT_FALSE(ok.at(4));
}

TEST(RouterNodeTest, AnotherRouterHoldsOnGateAcksWithItsWritesAndSwitchesOnce) {
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
TEST(RouterNodeTest, AGateArrivingAfterItsSwitchHoldsNothing) {
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
TEST(RouterNodeTest, ARouterRestartedBetweenItsGateAckAndTheSwitchHoldsAndAsksAgain) {
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
TEST(RouterNodeTest, AKeyBeyondTheKeyUniverseKeepsItsShardAcrossATopologyChange) {
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
TEST(RouterNodeTest, ARestartedCoordinatorRoutesAsBeforeItsCrashAfterATopologyChange) {
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
  std::vector<int> before;
  for (int64_t k = 0; k < o.keys; ++k) before.push_back(router->ShardFor(k));
  ASSERT_NE(std::count(before.begin(), before.end(), 2), 0) << "the new shard owns keys";
  ctx.Crash();
  ctx.now_ns += sim::kSecond;
  router = std::make_unique<RouterNode>(o);
  router->OnStart(ctx);
  for (int64_t k = 0; k < o.keys; ++k) EXPECT_EQ(router->ShardFor(k), before[k]) << "k" << k;
}

// --- Multi-key ops (router_scatter.cc) ------------------------------------------------------

// Two keys on different shards of `router`: the first key index of each shard.
std::vector<int64_t> KeysOnTwoShards(const RouterNode& router) {
  std::vector<int64_t> out;
  for (int64_t k = 0; k < 10 && out.size() < 2; ++k) {
    if (out.empty() || router.ShardFor(k) != router.ShardFor(out[0])) out.push_back(k);
  }
  return out;
}

ClientRequest MultiReq(uint64_t op, std::string f, const std::vector<int64_t>& keys,
                       Value value = {}) {
  std::vector<Value> names;
  for (int64_t k : keys) names.push_back(Value::Str("k" + std::to_string(k)));
  return ClientRequest{
      .op = op, .f = std::move(f), .key = Value::List(std::move(names)), .value = std::move(value)};
}

TEST(RouterNodeTest, AMultiWriteScattersOnePartPerShardAndAnswersOnceAllAreOk) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  FakeShards shards;
  const std::vector<int64_t> keys = KeysOnTwoShards(router);
  ASSERT_EQ(keys.size(), 2u);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, MultiReq(5, "multi-write", keys, Value::Int(9))),
      ctx);
  const std::vector<ShardForward> fwd = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(fwd.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(fwd[i].req.f, "write");
    EXPECT_EQ(fwd[i].req.value, Value::Int(9));
    EXPECT_EQ(fwd[i].shard, router.ShardFor(keys[i]));
  }
  EXPECT_NE(fwd[0].shard, fwd[1].shard);
  // One part answered: the client waits for the other.
  shards.silent.insert(fwd[1].req.op);
  shards.Pump(router, ctx);
  EXPECT_TRUE(ctx.replies().empty());
  router.OnMessage(FakeContext::From(fwd[1].to, ClientReply::Ok(fwd[1].req, Value(), fwd[1].to)),
                   ctx);
  shards.store[fwd[1].shard][fwd[1].req.key.as_string()] = Value::Int(9);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].op, 5u);
  EXPECT_TRUE(ctx.replies()[0].ok);
  // A multi-read gathers the values in key order.
  shards.seen = ctx.sent.size();
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, MultiReq(6, "multi-read", {keys[1], keys[0], 9})),
      ctx);
  shards.Pump(router, ctx);
  ASSERT_EQ(ctx.replies().size(), 2u);
  EXPECT_TRUE(ctx.replies()[1].ok);
  EXPECT_EQ(ctx.replies()[1].value, Value::List({Value::Int(9), Value::Int(9), Value()}));
}

TEST(RouterNodeTest, AMultiWritePartlyUnansweredGetsNoAnswerAReadFails) {
  const ShardOptions o = TwoShards();
  RouterNode router(o);
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  FakeShards shards;
  const std::vector<int64_t> keys = KeysOnTwoShards(router);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, MultiReq(1, "multi-write", keys, Value::Int(3))),
      ctx);
  router.OnMessage(FakeContext::From(FakeContext::kClient, MultiReq(2, "multi-read", keys)), ctx);
  const std::vector<ShardForward> fwd = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(fwd.size(), 4u);
  // The second key's shard never answers either op.
  for (const ShardForward& f : fwd) {
    if (f.shard == router.ShardFor(keys[1])) shards.silent.insert(f.req.op);
  }
  shards.Pump(router, ctx);
  ctx.now_ns = o.call_timeout_ns;
  ctx.FireDueTimers(router);
  // The write may be half applied: no answer (the client times out, info). The read
  // changed nothing: a definite fail.
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].op, 2u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  ASSERT_FALSE(ctx.notes.empty());
  EXPECT_NE(ctx.notes.back().find("1 of 2 parts ok"), std::string::npos) << ctx.notes.back();
}

TEST(RouterNodeTest, AMultiWriteWhosePartsAllDefinitelyFailFails) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  const std::vector<int64_t> keys = KeysOnTwoShards(router);
  router.OnMessage(
      FakeContext::From(FakeContext::kClient, MultiReq(1, "multi-write", keys, Value::Int(3))),
      ctx);
  // Each part fails at the node that says it leads: not applied, not retried.
  for (const ShardForward& f : ShardForwardsSince(ctx, 0)) {
    router.OnMessage(FakeContext::From(f.to, ClientReply::Fail(f.req, f.to)), ctx);
  }
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
}

TEST(RouterNodeTest, AMultiKeyOpWithABadKeyFailsWholeWithANote) {
  RouterNode router(TwoShards());
  FakeContext ctx(0, 7);
  router.OnStart(ctx);
  ClientRequest req = MultiReq(1, "multi-read", {1});
  req.key = Value::List({Value::Str("k1"), Value::Str("x")});
  router.OnMessage(FakeContext::From(FakeContext::kClient, req), ctx);
  EXPECT_TRUE(ShardForwardsSince(ctx, 0).empty());
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_NE(ctx.notes.back().find("not a list of k<i>"), std::string::npos);
}

TEST(RouterNodeTest, TheGateHoldsAMultiKeyPartToAMovingKeyAsASingleKeyOp) {
  ShardOptions o = TwoShards();
  o.routers = 2;  // this is n2: gated by the coordinator n1
  RouterNode router(o);
  FakeContext ctx(1, 8);
  router.OnStart(ctx);
  FakeShards shards;
  const int from = router.ShardFor(0);
  router.OnMessage(
      FakeContext::From(0, ShardGate{.migration = "m1", .version = 2, .keys = KeysValue({0})}),
      ctx);
  int64_t other = 1;
  while (router.ShardFor(other) == from) ++other;
  router.OnMessage(FakeContext::From(FakeContext::kClient,
                                     MultiReq(7, "multi-write", {0, other}, Value::Int(4))),
                   ctx);
  std::vector<ShardForward> fwd = ShardForwardsSince(ctx, 0);
  ASSERT_EQ(fwd.size(), 1u) << "k0's part is held";
  EXPECT_EQ(fwd[0].req.key, Value::Str("k" + std::to_string(other)));
  shards.Pump(router, ctx);
  EXPECT_TRUE(ctx.replies().empty());
  router.OnMessage(
      FakeContext::From(
          0, ShardSwitch{.migration = "m1", .version = 2, .to = 1 - from, .keys = KeysValue({0})}),
      ctx);
  fwd = ShardForwardsSince(ctx, shards.seen);
  ASSERT_EQ(fwd.size(), 1u);
  EXPECT_EQ(fwd[0].shard, 1 - from);
  shards.Pump(router, ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
}

TEST(ShardConfigTest, RefusesANodeCountThatDoesNotFitNamingTheCount) {
  sim::ModelConfig config;
  config.node_count = 9;
  config.integers = {{"routers", 1}, {"shards", 3}, {"replicas", 3}};
  std::optional<std::string> error = CheckShardConfig(config);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("cluster.nodes to 10"), std::string::npos) << *error;
  config.node_count = 10;
  EXPECT_FALSE(CheckShardConfig(config).has_value());
  config.durations["migrate_at"] = sim::kSecond;
  config.integers["migrate_to"] = 3;
  error = CheckShardConfig(config);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("migrate_to"), std::string::npos) << *error;
  config.integers["migrate_to"] = 2;
  config.integers["keys"] = 2;
  error = CheckShardConfig(config);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("keys"), std::string::npos) << *error;
}

}  // namespace
}  // namespace faultline::models::shard
