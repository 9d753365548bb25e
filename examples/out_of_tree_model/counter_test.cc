// Unit tests of one CounterNode driven by hand through FakeContext: no network, no
// scheduler, just the handlers and what they send, schedule and write to disk.
#include "counter.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "models/testing/fake_context.h"

namespace example {
namespace {

using faultline::models::testing::FakeContext;

sim::ClientRequest Request(uint64_t op, std::string f, sim::Value value = {}) {
  return sim::ClientRequest{
      .op = op, .f = std::move(f), .key = sim::Value::Str("counter"), .value = std::move(value)};
}

TEST(CounterNodeTest, LeaderAddsReplicatesAndAnswers) {
  FakeContext ctx(/*self=*/0, /*node_count=*/3);
  CounterNode node(CounterOptions{});
  node.OnStart(ctx);
  ASSERT_TRUE(node.is_leader());
  node.OnMessage(FakeContext::From(FakeContext::kClient, Request(1, "add", sim::Value::Int(4))),
                 ctx);
  node.OnMessage(FakeContext::From(FakeContext::kClient, Request(2, "read")), ctx);

  EXPECT_EQ(ctx.SentOf<Replicate>().size(), 2u);  // one per follower
  ASSERT_EQ(ctx.replies().size(), 2u);
  EXPECT_TRUE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[1].value, sim::Value::Int(4));
}

TEST(CounterNodeTest, FollowerSendsClientsToTheLeader) {
  FakeContext ctx(/*self=*/1, /*node_count=*/3);
  CounterNode node(CounterOptions{});
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(FakeContext::kClient, Request(1, "read")), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].leader, 0);
}

// The fix and the planted bug, side by side: only a synced total survives a crash.
TEST(CounterNodeTest, CrashKeepsOnlySyncedAdds) {
  for (const bool bug : {false, true}) {
    FakeContext ctx(/*self=*/0, /*node_count=*/1);
    auto node = std::make_unique<CounterNode>(CounterOptions{.ack_before_sync = bug});
    node->OnStart(ctx);
    node->OnMessage(FakeContext::From(FakeContext::kClient, Request(1, "add", sim::Value::Int(3))),
                    ctx);
    ASSERT_TRUE(ctx.replies().at(0).ok);
    ctx.Crash();
    node = std::make_unique<CounterNode>(CounterOptions{.ack_before_sync = bug});
    node->OnStart(ctx);
    EXPECT_EQ(node->total(), bug ? 0 : 3) << "ack_before_sync=" << bug;
  }
}

}  // namespace
}  // namespace example
