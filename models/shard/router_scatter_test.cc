#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/shard/router_node.h"
#include "models/shard/router_test_util.h"
#include "models/testing/fake_context.h"

// Multi-key ops (router_scatter.cc): one single-key part per key, gathered in key order.
namespace faultline::models::shard {
namespace {

using router_test::ClientReply;
using router_test::ClientRequest;
using router_test::FakeContext;
using router_test::FakeShards;
using router_test::ShardForward;
using router_test::ShardForwardsSince;
using router_test::TwoShards;
using router_test::Value;

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

TEST(RouterScatterTest, AMultiWriteScattersOnePartPerShardAndAnswersOnceAllAreOk) {
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

TEST(RouterScatterTest, AMultiWritePartlyUnansweredGetsNoAnswerAReadFails) {
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

TEST(RouterScatterTest, AMultiWriteWhosePartsAllDefinitelyFailFails) {
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

TEST(RouterScatterTest, AMultiKeyOpWithABadKeyFailsWholeWithANote) {
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

TEST(RouterScatterTest, TheGateHoldsAMultiKeyPartToAMovingKeyAsASingleKeyOp) {
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

}  // namespace
}  // namespace faultline::models::shard
