#include "models/mq/broker_node.h"

#include <gtest/gtest.h>

#include <memory>

#include "models/mq/mq_test_util.h"
#include "models/testing/fake_context.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::kSecond;
using sim::Value;
using testing::Detail;
using testing::FakeContext;
using testing::SendRequest;

// n1 broker, n2 and n3 consumers, n4 store.
MqOptions Options() {
  MqOptions o;
  o.node_count = 4;
  o.visibility_timeout_ns = 1 * kSecond;
  return o;
}

struct Broker {
  explicit Broker(MqOptions o = Options()) : options(o), ctx(0, o.node_count) {
    node = std::make_unique<BrokerNode>(options);
    node->OnStart(ctx);
  }
  void Deliver(const sim::Envelope& e) { node->OnMessage(e, ctx); }
  std::vector<std::pair<sim::EndpointId, models::MqDeliver>> Deliveries() const {
    return ctx.SentOf<models::MqDeliver>();
  }
  MqOptions options;
  FakeContext ctx;
  std::unique_ptr<BrokerNode> node;
};

TEST(BrokerNodeTest, AcksASendAndPushesItRoundRobinWithinPrefetch) {
  Broker b;
  for (int i = 1; i <= 3; ++i) b.Deliver(SendRequest(10 + i, "e1", i));
  ASSERT_EQ(b.ctx.replies().size(), 3u);
  EXPECT_TRUE(b.ctx.replies()[0].ok);
  EXPECT_EQ(b.ctx.replies()[0].value, Value::Int(1));
  const auto d = b.Deliveries();
  ASSERT_EQ(d.size(), 2u);  // prefetch 1 each: the third waits
  EXPECT_EQ(d[0].first, 1);
  EXPECT_EQ(d[1].first, 2);
  EXPECT_EQ(d[0].second.op, 11u);
  EXPECT_EQ(d[0].second.deliveries, 1);
  EXPECT_EQ(b.node->queued(), 3u);
  b.Deliver(FakeContext::From(1, MqAck{.id = d[0].second.id, .deliveries = 1}));
  ASSERT_EQ(b.Deliveries().size(), 3u);  // n2's slot is free again
  EXPECT_EQ(b.Deliveries()[2].first, 1);
  EXPECT_EQ(b.Deliveries()[2].second.value, Value::Int(3));
  EXPECT_EQ(b.node->queued(), 2u);
}

TEST(BrokerNodeTest, ARetransmittedSendIsNotEnqueuedTwice) {
  Broker b;
  b.Deliver(SendRequest(7, "e1", 1));
  b.Deliver(SendRequest(7, "e1", 1));
  EXPECT_EQ(b.ctx.replies().size(), 2u);
  EXPECT_EQ(b.node->queued(), 1u);
}

TEST(BrokerNodeTest, NackRequeuesAtTheTailWithItsCount) {
  MqOptions o = Options();
  o.node_count = 3;  // one consumer
  Broker b(o);
  b.Deliver(SendRequest(1, "e1", 2));
  b.Deliver(SendRequest(2, "e2", 1));
  const auto first = b.Deliveries().at(0).second;
  b.Deliver(FakeContext::From(1, MqNack{.id = first.id, .deliveries = 1}));
  const auto d = b.Deliveries();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].second.key, Value::Str("e2"));  // e1=2 went behind e2=1
  b.Deliver(FakeContext::From(1, MqAck{.id = d[1].second.id, .deliveries = 1}));
  const auto again = b.Deliveries().at(2).second;
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.deliveries, 2);
  EXPECT_EQ(again.requeues, 1);
}

TEST(BrokerNodeTest, VisibilityTimeoutRedeliversAndObservesIt) {
  Broker b;
  b.Deliver(SendRequest(5, "e1", 1));
  const auto d = b.Deliveries().at(0);
  b.ctx.now_ns = 1 * kSecond;
  b.ctx.FireDueTimers(*b.node);
  ASSERT_EQ(b.ctx.observations.size(), 1u);
  const sim::Observation& o = b.ctx.observations[0];
  EXPECT_EQ(o.f, "redeliver");
  EXPECT_EQ(Detail(o, "op"), Value::Int(5));
  EXPECT_EQ(Detail(o, "consumer"), Value::Str("n2"));
  EXPECT_EQ(Detail(o, "deliveries"), Value::Int(1));
  const auto again = b.Deliveries().at(1);
  EXPECT_EQ(again.first, 2);  // the next consumer round-robin
  EXPECT_EQ(again.second.deliveries, 2);
  // n2's late ack of delivery 1 is stale: the message stays with n3's delivery.
  b.Deliver(FakeContext::From(1, MqAck{.id = d.second.id, .deliveries = 1}));
  EXPECT_EQ(b.node->queued(), 1u);
  b.Deliver(FakeContext::From(2, MqAck{.id = d.second.id, .deliveries = 2}));
  EXPECT_EQ(b.node->queued(), 0u);
  EXPECT_FALSE(b.ctx.notes.empty());
}

TEST(BrokerNodeTest, DeadLettersAfterNDeliveries) {
  MqOptions o = Options();
  o.dead_letter_after = 2;
  Broker b(o);
  b.Deliver(SendRequest(3, "e4", 2));
  for (int64_t n = 1; n <= 2; ++n) {
    const auto d = b.Deliveries().back().second;
    ASSERT_EQ(d.deliveries, n);
    b.Deliver(FakeContext::From(1, MqNack{.id = d.id, .deliveries = n}));
  }
  EXPECT_EQ(b.Deliveries().size(), 2u);
  EXPECT_EQ(b.node->queued(), 0u);
  EXPECT_EQ(b.node->dead_lettered(), 1);
  ASSERT_EQ(b.ctx.observations.size(), 1u);
  EXPECT_EQ(b.ctx.observations[0].f, "dead-letter");
  EXPECT_EQ(Detail(b.ctx.observations[0], "deliveries"), Value::Int(2));
}

TEST(BrokerNodeTest, PendingAnswersAtOnceWhenEmptyElseAfterTheWait) {
  Broker b;
  auto pending = [](uint64_t op) {
    return FakeContext::From(FakeContext::kClient, sim::ClientRequest{op, "pending", {}, {}});
  };
  b.Deliver(pending(1));
  ASSERT_EQ(b.ctx.replies().size(), 1u);
  EXPECT_EQ(b.ctx.replies()[0].value, Value::List({}));
  b.Deliver(SendRequest(2, "e1", 1));
  b.Deliver(pending(3));
  EXPECT_EQ(b.ctx.replies().size(), 2u);  // held
  b.ctx.now_ns = kPendingWait;
  b.ctx.FireDueTimers(*b.node);
  ASSERT_EQ(b.ctx.replies().size(), 3u);
  EXPECT_EQ(b.ctx.replies()[2].value,
            Value::List({Value::List({Value::Str("e1"), Value::Int(1)})}));
}

TEST(BrokerNodeTest, ARestartKeepsEveryUnackedSend) {
  Broker b;
  b.Deliver(SendRequest(1, "e1", 1));
  b.Deliver(SendRequest(2, "e2", 1));
  const auto d = b.Deliveries().at(0).second;
  b.Deliver(FakeContext::From(1, MqAck{.id = d.id, .deliveries = 1}));
  b.ctx.Crash();
  b.node = std::make_unique<BrokerNode>(b.options);
  b.node->OnStart(b.ctx);
  EXPECT_EQ(b.node->queued(), 1u);
  ASSERT_EQ(b.Deliveries().size(), 1u);  // redelivered at once, counted from 1 again
  EXPECT_EQ(b.Deliveries()[0].second.key, Value::Str("e2"));
  b.Deliver(SendRequest(2, "e2", 1));  // the producer's retransmission: still known
  EXPECT_EQ(b.node->queued(), 1u);
}

TEST(BrokerNodeTest, ReleaseGroupOnDeliverBugPutsTwoOfAKeyInFlight) {
  for (const bool bug : {false, true}) {
    MqOptions o = Options();
    o.dispatch = MqOptions::Dispatch::kGroups;
    if (bug) o.bug = MqOptions::Bug::kReleaseGroupOnDeliver;
    Broker b(o);
    b.Deliver(SendRequest(1, "e1", 1));
    b.Deliver(SendRequest(2, "e1", 2));
    EXPECT_EQ(b.Deliveries().size(), bug ? 2u : 1u) << bug;
  }
}

}  // namespace
}  // namespace faultline::models
