#include "models/lock/resource_node.h"

#include <gtest/gtest.h>

#include "models/lock/lock_test_util.h"

namespace faultline::models {
namespace {

using testing::FakeContext;
using testing::LockDetail;
using testing::LockObserved;

LockWrite WriteWith(uint64_t id, int64_t token) {
  return LockWrite{
      .id = id, .op = id, .key = sim::Value::Str("L1"), .token = token, .holder = "n2/t1"};
}

TEST(LockResourceNodeTest, WithoutFencingAcceptsAStaleToken) {
  FakeContext ctx(2, 3);
  LockResourceNode resource(testing::TestLockOptions());
  resource.OnStart(ctx);
  resource.OnMessage(FakeContext::From(1, WriteWith(1, 5)), ctx);
  resource.OnMessage(FakeContext::From(1, WriteWith(2, 4)), ctx);
  const auto writes = LockObserved(ctx, "write");
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(LockDetail(writes[1], "accepted"), sim::Value::Int(1));
  EXPECT_EQ(LockDetail(writes[1], "highest"), sim::Value::Int(5));
  EXPECT_TRUE(ctx.SentOf<LockWriteReply>()[1].second.accepted);
}

TEST(LockResourceNodeTest, WithFencingRefusesATokenBelowTheHighest) {
  FakeContext ctx(2, 3);
  LockOptions options = testing::TestLockOptions();
  options.fencing = true;
  LockResourceNode resource(options);
  resource.OnStart(ctx);
  resource.OnMessage(FakeContext::From(1, WriteWith(1, 5)), ctx);
  resource.OnMessage(FakeContext::From(1, WriteWith(2, 4)), ctx);
  resource.OnMessage(FakeContext::From(1, WriteWith(3, 5)), ctx);  // equal: the same holder
  const auto replies = ctx.SentOf<LockWriteReply>();
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_TRUE(replies[0].second.accepted);
  EXPECT_FALSE(replies[1].second.accepted);
  EXPECT_EQ(replies[1].second.highest, 5);
  EXPECT_TRUE(replies[2].second.accepted);
  EXPECT_EQ(LockDetail(LockObserved(ctx, "write")[1], "accepted"), sim::Value::Int(0));
}

}  // namespace
}  // namespace faultline::models
