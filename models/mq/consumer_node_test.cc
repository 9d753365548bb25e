#include "models/mq/consumer_node.h"

#include <gtest/gtest.h>

#include "models/mq/mq_test_util.h"
#include "models/testing/fake_context.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::Value;
using testing::Detail;
using testing::FakeContext;

constexpr sim::EndpointId kBroker = 0;
constexpr sim::EndpointId kStore = 3;

// n1 broker, n2 (this consumer) and n3, n4 store.
MqOptions Options(MqOptions::Consumer consumer) {
  MqOptions o;
  o.node_count = 4;
  o.consumer = consumer;
  return o;
}

MqDeliver Delivery(int64_t value, int64_t requeues = 0) {
  return MqDeliver{.id = 9, .op = 41, .key = Value::Str("e7"), .value = Value::Int(value),
                 .deliveries = requeues + 1, .requeues = requeues};
}

TEST(ConsumerNodeTest, NaiveAppliesThenAcks) {
  FakeContext ctx(1, 4);
  ConsumerNode node(Options(MqOptions::Consumer::kNaive));
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kBroker, Delivery(3)), ctx);
  const auto applies = ctx.SentOf<MqApply>();
  ASSERT_EQ(applies.size(), 1u);
  EXPECT_EQ(applies[0].first, kStore);
  EXPECT_EQ(applies[0].second.op, 41u);
  EXPECT_TRUE(ctx.SentOf<MqAck>().empty());
  node.OnMessage(FakeContext::From(kStore, MqApplied{.id = 9, .key = Value::Str("e7"),
                                                   .value = Value::Int(3), .deliveries = 1}),
                 ctx);
  ASSERT_EQ(ctx.SentOf<MqAck>().size(), 1u);
  EXPECT_EQ(ctx.SentOf<MqAck>()[0].first, kBroker);
  EXPECT_EQ(node.held(), 0u);
}

TEST(ConsumerNodeTest, RouletteNacksAnEarlyEventAndObservesTheWastedTime) {
  FakeContext ctx(1, 4);
  MqOptions o = Options(MqOptions::Consumer::kRequeueRoulette);
  o.process_time_ns = 20 * kMillisecond;
  ConsumerNode node(o);
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kBroker, Delivery(3, /*requeues=*/1)), ctx);
  EXPECT_TRUE(ctx.SentOf<MqCheck>().empty());  // still processing
  ctx.now_ns = 20 * kMillisecond;
  ctx.FireDueTimers(node);
  ASSERT_EQ(ctx.SentOf<MqCheck>().size(), 1u);
  ctx.now_ns = 25 * kMillisecond;
  node.OnMessage(FakeContext::From(kStore, MqCheckReply{.id = 9, .key = Value::Str("e7"),
                                                      .value = Value::Int(3), .deliveries = 2,
                                                      .ready = false}),
                 ctx);
  ASSERT_EQ(ctx.SentOf<MqNack>().size(), 1u);
  EXPECT_EQ(ctx.SentOf<MqNack>()[0].second.deliveries, 2);
  EXPECT_TRUE(ctx.SentOf<MqApply>().empty());
  ASSERT_EQ(ctx.observations.size(), 1u);
  const sim::Observation& r = ctx.observations[0];
  EXPECT_EQ(r.f, "requeue");
  EXPECT_EQ(r.key, Value::Str("e7"));
  EXPECT_EQ(Detail(r, "op"), Value::Int(41));
  EXPECT_EQ(Detail(r, "consumer"), Value::Str("n2"));
  EXPECT_EQ(Detail(r, "held_ns"), Value::Int(25 * kMillisecond));
  EXPECT_EQ(Detail(r, "reason"), Value::Str("early"));
  EXPECT_EQ(node.held(), 0u);
}

TEST(ConsumerNodeTest, RouletteAppliesWhenThePredecessorIsApplied) {
  FakeContext ctx(1, 4);
  ConsumerNode node(Options(MqOptions::Consumer::kRequeueRoulette));
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kBroker, Delivery(1)), ctx);
  EXPECT_TRUE(ctx.SentOf<MqCheck>().empty());  // a first event has nothing to wait for
  EXPECT_EQ(ctx.SentOf<MqApply>().size(), 1u);
  node.OnMessage(FakeContext::From(kBroker, MqDeliver{.id = 10, .op = 42, .key = Value::Str("e7"),
                                                    .value = Value::Int(2), .deliveries = 1}),
                 ctx);
  node.OnMessage(FakeContext::From(kStore, MqCheckReply{.id = 10, .key = Value::Str("e7"),
                                                      .value = Value::Int(2), .deliveries = 1,
                                                      .ready = true}),
                 ctx);
  EXPECT_EQ(ctx.SentOf<MqApply>().size(), 2u);
  EXPECT_TRUE(ctx.SentOf<MqNack>().empty());
}

TEST(ConsumerNodeTest, RouletteGivesUpWaitingAtTheRequeueLimit) {
  for (const int64_t requeues : {1, 2}) {
    FakeContext ctx(1, 4);
    MqOptions o = Options(MqOptions::Consumer::kRequeueRoulette);
    o.requeue_limit = 2;
    ConsumerNode node(o);
    node.OnStart(ctx);
    node.OnMessage(FakeContext::From(kBroker, Delivery(3, requeues)), ctx);
    node.OnMessage(
        FakeContext::From(kStore, MqCheckReply{.id = 9, .key = Value::Str("e7"),
                                             .value = Value::Int(3),
                                             .deliveries = requeues + 1, .ready = false}),
        ctx);
    EXPECT_EQ(ctx.SentOf<MqApply>().size(), requeues >= 2 ? 1u : 0u) << requeues;
    EXPECT_EQ(ctx.SentOf<MqNack>().size(), requeues >= 2 ? 0u : 1u) << requeues;
  }
}

TEST(ConsumerNodeTest, AckBeforeApplyBugAcksOnReceipt) {
  FakeContext ctx(1, 4);
  MqOptions o = Options(MqOptions::Consumer::kNaive);
  o.bug = MqOptions::Bug::kAckBeforeApply;
  o.process_time_ns = 50 * kMillisecond;
  ConsumerNode node(o);
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kBroker, Delivery(1)), ctx);
  EXPECT_EQ(ctx.SentOf<MqAck>().size(), 1u);  // before anything reached the store
  EXPECT_TRUE(ctx.SentOf<MqApply>().empty());
}

TEST(ConsumerNodeTest, IgnoresRepliesForDeliveriesItForgot) {
  FakeContext ctx(1, 4);
  ConsumerNode node(Options(MqOptions::Consumer::kNaive));
  node.OnStart(ctx);
  node.OnMessage(FakeContext::From(kStore, MqApplied{.id = 9, .key = Value::Str("e7"),
                                                   .value = Value::Int(3), .deliveries = 1}),
                 ctx);
  EXPECT_TRUE(ctx.sent.empty());
}

}  // namespace
}  // namespace faultline::models
