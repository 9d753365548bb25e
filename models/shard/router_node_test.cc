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
#include "models/shard/router_test_util.h"
#include "models/shard/shard_options.h"
#include "models/testing/fake_context.h"

namespace faultline::models::shard {
namespace {

using router_test::ClientReply;
using router_test::FakeContext;
using router_test::FakeShards;
using router_test::kShardSpace0;
using router_test::ShardForward;
using router_test::ShardForwardsSince;
using router_test::ShardReq;
using router_test::TwoShards;
using router_test::Value;

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
