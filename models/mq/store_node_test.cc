#include "models/mq/store_node.h"

#include <gtest/gtest.h>

#include <memory>

#include "models/mq/mq_test_util.h"
#include "models/testing/fake_context.h"

namespace faultline::models {
namespace {

using sim::Value;
using testing::Detail;
using testing::FakeContext;

constexpr sim::EndpointId kConsumer = 2;  // n3

MqApply ApplyOf(int64_t value, int64_t deliveries = 1) {
  return MqApply{.id = value, .op = static_cast<uint64_t>(40 + value), .key = Value::Str("e7"),
               .value = Value::Int(value), .deliveries = deliveries, .requeues = 1};
}

bool CheckReady(StoreNode& node, FakeContext& ctx, int64_t value) {
  node.OnMessage(FakeContext::From(kConsumer, MqCheck{.id = 1, .key = Value::Str("e7"),
                                                    .value = Value::Int(value),
                                                    .deliveries = 1}),
                 ctx);
  return ctx.SentOf<MqCheckReply>().back().second.ready;
}

MqOptions Options(bool idempotent) {
  MqOptions o;
  o.node_count = 4;
  o.idempotent = idempotent;
  return o;
}

TEST(StoreNodeTest, ObservesEveryApplicationWithItsPath) {
  FakeContext ctx(3, 4);
  StoreNode node(Options(false));
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kConsumer, ApplyOf(1)), ctx);
  ASSERT_EQ(ctx.observations.size(), 1u);
  const sim::Observation& o = ctx.observations[0];
  EXPECT_EQ(o.f, "apply");
  EXPECT_EQ(o.key, Value::Str("e7"));
  EXPECT_EQ(o.value, Value::Int(1));
  ASSERT_EQ(o.detail.size(), 4u);
  EXPECT_EQ(Detail(o, "op"), Value::Int(41));
  EXPECT_EQ(Detail(o, "consumer"), Value::Str("n3"));
  EXPECT_EQ(Detail(o, "deliveries"), Value::Int(1));
  EXPECT_EQ(Detail(o, "requeues"), Value::Int(1));
  ASSERT_EQ(ctx.SentOf<MqApplied>().size(), 1u);
  EXPECT_EQ(ctx.SentOf<MqApplied>()[0].first, kConsumer);
}

TEST(StoreNodeTest, CheckAnswersFromWhatIsApplied) {
  FakeContext ctx(3, 4);
  StoreNode node(Options(false));
  node.OnStart(ctx);
  EXPECT_TRUE(CheckReady(node, ctx, 1));   // no predecessor
  EXPECT_FALSE(CheckReady(node, ctx, 2));  // e7=1 not applied
  node.OnMessage(FakeContext::From(kConsumer, ApplyOf(1)), ctx);
  EXPECT_TRUE(CheckReady(node, ctx, 2));
  EXPECT_FALSE(CheckReady(node, ctx, 3));
}

TEST(StoreNodeTest, AppliesADuplicateUnlessIdempotent) {
  for (const bool idempotent : {false, true}) {
    FakeContext ctx(3, 4);
    StoreNode node(Options(idempotent));
    node.OnStart(ctx);
    node.OnMessage(FakeContext::From(kConsumer, ApplyOf(1)), ctx);
    node.OnMessage(FakeContext::From(kConsumer, ApplyOf(1, /*deliveries=*/2)), ctx);
    EXPECT_EQ(ctx.observations.size(), idempotent ? 1u : 2u) << idempotent;
    ASSERT_EQ(ctx.SentOf<MqApplied>().size(), 2u);  // both acknowledged
    EXPECT_EQ(ctx.SentOf<MqApplied>()[1].second.duplicate, idempotent);
  }
}

TEST(StoreNodeTest, ARestartRemembersWhatWasApplied) {
  FakeContext ctx(3, 4);
  auto node = std::make_unique<StoreNode>(Options(true));
  node->OnStart(ctx);
  node->OnMessage(FakeContext::From(kConsumer, ApplyOf(1)), ctx);
  ctx.Crash();
  node = std::make_unique<StoreNode>(Options(true));
  node->OnStart(ctx);
  EXPECT_TRUE(node->IsApplied(Value::Str("e7"), 1));
  EXPECT_TRUE(CheckReady(*node, ctx, 2));
}

}  // namespace
}  // namespace faultline::models
