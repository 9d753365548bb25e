#include "models/lock/lock_server_node.h"

#include <gtest/gtest.h>

#include "models/lock/lock_test_util.h"

namespace faultline::models {
namespace {

using testing::FakeContext;
using testing::LockDetail;
using testing::LockObserved;

constexpr sim::EndpointId kPod = 1;

LockCommand Lock(uint64_t attempt, const std::string& owner, uint64_t op,
                 sim::Nanos ttl_ns = sim::kSecond) {
  return LockCommand{
      .attempt = attempt, .key = sim::Value::Str("L1"), .owner = owner, .op = op, .ttl_ns = ttl_ns};
}

TEST(LockServerNodeTest, GrantsWhenFreeRefusesWhileHeldAndBumpsTheToken) {
  FakeContext ctx(0, 3);
  LockServerNode server(testing::TestLockOptions());
  server.OnStart(ctx);
  server.OnMessage(FakeContext::From(kPod, Lock(1, "n2/t1", 7)), ctx);
  server.OnMessage(FakeContext::From(kPod, Lock(2, "n2/t2", 8)), ctx);
  const auto replies = ctx.SentOf<LockReply>();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].second.granted);
  EXPECT_EQ(replies[0].second.token, 1);
  EXPECT_FALSE(replies[1].second.granted);
  const auto grants = LockObserved(ctx, "grant");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(LockDetail(grants[0], "owner"), sim::Value::Str("n2/t1"));
  EXPECT_TRUE(LockDetail(grants[0], "previous").is_nil());
  EXPECT_EQ(LockDetail(grants[0], "previous_expired"), sim::Value::Int(0));
}

TEST(LockServerNodeTest, CompareAndDeleteOnlyDeletesTheOwnersValue) {
  FakeContext ctx(0, 3);
  LockServerNode server(testing::TestLockOptions());
  server.OnStart(ctx);
  server.OnMessage(FakeContext::From(kPod, Lock(1, "n2/t1", 7)), ctx);
  // The same thread name with another request's op is not the owner (a value per request).
  server.OnMessage(FakeContext::From(kPod, UnlockCommand{sim::Value::Str("L1"), "n2/t1", 99}),
                   ctx);
  server.OnMessage(FakeContext::From(kPod, UnlockCommand{sim::Value::Str("L1"), "n2/t2", 7}), ctx);
  EXPECT_EQ(server.HolderAt(sim::Value::Str("L1"), 0), "n2/t1");
  server.OnMessage(FakeContext::From(kPod, UnlockCommand{sim::Value::Str("L1"), "n2/t1", 7}), ctx);
  EXPECT_EQ(server.HolderAt(sim::Value::Str("L1"), 0), std::nullopt);
  const auto unlocks = ctx.SentOf<UnlockReply>();
  ASSERT_EQ(unlocks.size(), 3u);
  EXPECT_FALSE(unlocks[0].second.deleted);
  EXPECT_FALSE(unlocks[1].second.deleted);
  EXPECT_TRUE(unlocks[2].second.deleted);
  server.OnMessage(FakeContext::From(kPod, Lock(2, "n2/t2", 8)), ctx);
  const auto grants = LockObserved(ctx, "grant");
  ASSERT_EQ(grants.size(), 2u);
  EXPECT_EQ(grants[1].value, sim::Value::Int(2));
  EXPECT_EQ(LockDetail(grants[1], "previous"), sim::Value::Str("n2/t1"));
  EXPECT_EQ(LockDetail(grants[1], "previous_expired"), sim::Value::Int(0));
}

TEST(LockServerNodeTest, ExpiryIsLazyOnTheServersOwnClock) {
  FakeContext ctx(0, 3);
  LockServerNode server(testing::TestLockOptions());
  server.OnStart(ctx);
  server.OnMessage(FakeContext::From(kPod, Lock(1, "n2/t1", 7)), ctx);
  // 400ms later on this clock, then a forward jump of 700ms: past the 1s TTL here, though
  // only 400ms passed for the holder.
  ctx.now_ns = 1100 * sim::kMillisecond;
  server.OnMessage(FakeContext::From(kPod, Lock(2, "n3/t1", 9)), ctx);
  const auto replies = ctx.SentOf<LockReply>();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[1].second.granted);
  EXPECT_EQ(replies[1].second.token, 2);
  const auto grants = LockObserved(ctx, "grant");
  EXPECT_EQ(LockDetail(grants[1], "previous"), sim::Value::Str("n2/t1"));
  EXPECT_EQ(LockDetail(grants[1], "previous_expired"), sim::Value::Int(1));
  // The expired owner's unlock deletes nothing now.
  server.OnMessage(FakeContext::From(kPod, UnlockCommand{sim::Value::Str("L1"), "n2/t1", 7}), ctx);
  EXPECT_EQ(server.HolderAt(sim::Value::Str("L1"), ctx.now_ns), "n3/t1");
}

TEST(LockServerNodeTest, TokensSurviveARestartKeysDoNot) {
  FakeContext ctx(0, 3);
  auto server = std::make_unique<LockServerNode>(testing::TestLockOptions());
  server->OnStart(ctx);
  server->OnMessage(FakeContext::From(kPod, Lock(1, "n2/t1", 7)), ctx);
  ctx.Crash();
  server = std::make_unique<LockServerNode>(testing::TestLockOptions());
  server->OnStart(ctx);
  server->OnMessage(FakeContext::From(kPod, Lock(2, "n3/t1", 8)), ctx);
  const auto replies = ctx.SentOf<LockReply>();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_TRUE(replies[0].second.granted);
  EXPECT_EQ(replies[0].second.token, 2);  // never hands token 1 out twice
}

TEST(LockServerNodeTest, ObservesItsLoadFromTheCpuModel) {
  FakeContext ctx(0, 3);
  LockOptions options = testing::TestLockOptions();
  options.load_interval_ns = 100 * sim::kMillisecond;
  LockServerNode server(options);
  server.OnStart(ctx);
  ctx.cpu = sim::CpuLoad{.queued = 12, .in_service = 1, .served = 400, .busy_ns = 60'000'000};
  ctx.now_ns = 100 * sim::kMillisecond;
  ctx.FireDueTimers(server);
  const auto loads = LockObserved(ctx, "load");
  ASSERT_EQ(loads.size(), 1u);
  EXPECT_EQ(loads[0].value, sim::Value::Int(12));
  EXPECT_EQ(LockDetail(loads[0], "in_service"), sim::Value::Int(1));
  EXPECT_EQ(LockDetail(loads[0], "served"), sim::Value::Int(400));
  EXPECT_EQ(LockDetail(loads[0], "busy_ns"), sim::Value::Int(60'000'000));
  EXPECT_EQ(ctx.timers.size(), 1u);  // the next one is set
}

}  // namespace
}  // namespace faultline::models
