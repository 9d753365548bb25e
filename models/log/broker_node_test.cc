#include "models/log/broker_node.h"

#include <gtest/gtest.h>

#include <memory>

#include "models/testing/fake_context.h"

namespace faultline::models {
namespace {

using sim::Value;
using testing::FakeContext;

// Three brokers, three partitions, replication factor 3: partition 1 is on n2 (its first
// leader), n3 and n1. The tests play broker n2 (endpoint 1).
LogOptions Options(LogOptions::Acks acks, bool idempotent = false) {
  LogOptions o;
  o.node_count = 5;
  o.brokers = 3;
  o.partitions = 3;
  o.replicas = 3;
  o.acks = acks;
  o.idempotent = idempotent;
  return o;
}

LeaderAndIsr Meta(int64_t leader, int64_t epoch, std::vector<int64_t> isr) {
  return LeaderAndIsr{.partition = 1, .leader = leader, .epoch = epoch, .isr = std::move(isr)};
}

Produce Send(uint64_t op, int64_t value, int64_t attempt = 1) {
  return Produce{.op = op, .key = Value::Str("e1"), .value = Value::Int(value), .partition = 1,
                 .attempt = attempt};
}

struct Leader {
  explicit Leader(LogOptions o) : ctx(1, 5), node(std::make_unique<LogBrokerNode>(o)) {
    node->OnStart(ctx);
    node->OnMessage(FakeContext::From(0, Meta(1, 0, {1, 2, 0})), ctx);
  }
  std::vector<ProduceAck> Acks() const {
    std::vector<ProduceAck> out;
    for (const auto& [to, a] : ctx.SentOf<ProduceAck>()) out.push_back(a);
    return out;
  }
  FakeContext ctx;
  std::unique_ptr<LogBrokerNode> node;
};

TEST(BrokerNodeTest, AcksOneAnswersAtAppend) {
  Leader l(Options(LogOptions::Acks::kLeader));
  l.node->OnMessage(FakeContext::From(0, Send(7, 1)), l.ctx);
  ASSERT_EQ(l.Acks().size(), 1u);
  EXPECT_TRUE(l.Acks()[0].ok);
  EXPECT_EQ(l.Acks()[0].offset, 0);
  EXPECT_EQ(l.node->HighWatermark(1), 0);  // no follower has it yet
}

TEST(BrokerNodeTest, AcksAllWaitsForEveryInSyncReplica) {
  Leader l(Options(LogOptions::Acks::kAll));
  l.node->OnMessage(FakeContext::From(0, Send(7, 1)), l.ctx);
  EXPECT_TRUE(l.Acks().empty());
  l.node->OnMessage(FakeContext::From(2, LogReplicateAck{.partition = 1, .epoch = 0, .end = 1}),
                    l.ctx);
  EXPECT_TRUE(l.Acks().empty()) << "n1 is in the ISR and has not answered";
  l.node->OnMessage(FakeContext::From(0, LogReplicateAck{.partition = 1, .epoch = 0, .end = 1}),
                    l.ctx);
  ASSERT_EQ(l.Acks().size(), 1u);
  EXPECT_EQ(l.node->HighWatermark(1), 1);
}

TEST(BrokerNodeTest, IdempotentLeaderAppendsARetryOnce) {
  for (const bool idempotent : {false, true}) {
    Leader l(Options(LogOptions::Acks::kLeader, idempotent));
    l.node->OnMessage(FakeContext::From(0, Send(7, 1)), l.ctx);
    l.node->OnMessage(FakeContext::From(0, Send(7, 1, /*attempt=*/2)), l.ctx);
    EXPECT_EQ(l.node->LogSize(1, l.ctx), idempotent ? 1 : 2);
    ASSERT_EQ(l.Acks().size(), 2u);
    EXPECT_EQ(l.Acks()[1].offset, idempotent ? 0 : 1);
  }
}

TEST(BrokerNodeTest, NotTheLeaderSaysWhoIs) {
  Leader l(Options(LogOptions::Acks::kLeader));
  l.node->OnMessage(FakeContext::From(0, Meta(2, 1, {2, 0})), l.ctx);
  l.node->OnMessage(FakeContext::From(0, Send(7, 1)), l.ctx);
  ASSERT_EQ(l.Acks().size(), 1u);
  EXPECT_FALSE(l.Acks()[0].ok);
  EXPECT_EQ(l.Acks()[0].leader, 2);
}

TEST(BrokerNodeTest, DeposedLeaderTruncatesWhatTheNewLeaderLacks) {
  Leader l(Options(LogOptions::Acks::kLeader));
  for (uint64_t op = 1; op <= 3; ++op) {
    l.node->OnMessage(FakeContext::From(0, Send(op, static_cast<int64_t>(op))), l.ctx);
  }
  ASSERT_EQ(l.node->LogSize(1, l.ctx), 3);
  // n3 leads epoch 1 with only the first record, then a record of its own at offset 1.
  const Record first{.op = 1, .key = Value::Str("e1"), .value = Value::Int(1), .epoch = 0};
  const Record other{.op = 9, .key = Value::Str("e2"), .value = Value::Int(1), .epoch = 1};
  l.node->OnMessage(FakeContext::From(2, LogReplicate{.partition = 1,
                                                   .epoch = 1,
                                                   .start = 0,
                                                   .records = {first, other},
                                                   .leader_end = 2,
                                                   .high_watermark = 1}),
                    l.ctx);
  EXPECT_EQ(l.node->LogSize(1, l.ctx), 2);
  EXPECT_FALSE(l.node->Leads(1, 1));
  const auto acks = l.ctx.SentOf<LogReplicateAck>();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].second.end, 2);
  ASSERT_FALSE(l.ctx.notes.empty());
  EXPECT_NE(l.ctx.notes.back().find("truncated 2 records"), std::string::npos)
      << l.ctx.notes.back();
}

TEST(BrokerNodeTest, FetchStopsAtTheHighWatermark) {
  Leader l(Options(LogOptions::Acks::kLeader));
  l.node->OnMessage(FakeContext::From(0, Send(1, 1)), l.ctx);
  l.node->OnMessage(FakeContext::From(0, Send(2, 2)), l.ctx);
  for (sim::EndpointId f : {0, 2}) {
    l.node->OnMessage(FakeContext::From(f, LogReplicateAck{.partition = 1, .epoch = 0, .end = 1}),
                      l.ctx);
  }
  l.node->OnMessage(FakeContext::From(3, Fetch{.partition = 1, .offset = 0, .max = 10}), l.ctx);
  const auto replies = l.ctx.SentOf<FetchReply>();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_TRUE(replies[0].second.ok);
  EXPECT_EQ(replies[0].second.records.size(), 1u) << "offset 1 is not on every ISR member yet";
}

}  // namespace
}  // namespace faultline::models
