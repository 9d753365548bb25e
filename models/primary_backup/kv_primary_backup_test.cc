#include "models/primary_backup/kv_primary_backup.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "models/builtin_models.h"
#include "models/primary_backup/primary_backup_messages.h"
#include "models/primary_backup/primary_backup_node.h"
#include "models/primary_backup/primary_backup_test_util.h"
#include "sim/message_fields.h"
#include "sim/node.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::Value;
using testing::CasArg;
using testing::FakeContext;
using testing::MakeSetup;
using testing::Request;
using testing::SameMessage;

// Collects a message type's field names, in order.
struct FieldNames {
  template <class F>
  void operator()(std::string_view name, const F& /*value*/) {
    names.emplace_back(name);
  }
  std::vector<std::string> names;
};

TEST(PrimaryBackupTest, RegisteredWithParamsAndFunctions) {
  sim::ModelRegistry registry;
  RegisterBuiltinModels(registry);
  const sim::ModelInfo* info = registry.Find("kv.primary-backup");
  ASSERT_NE(info, nullptr);
  std::vector<std::string> names;
  for (const auto& p : info->params) {
    names.push_back(p.name);
    EXPECT_FALSE(p.help.empty()) << p.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"replication", "reads", "heartbeat",
                                             "failover_timeout", "resend_batch",
                                             "ship_interval", "semi_sync_timeout"}));
  ASSERT_FALSE(info->workloads.empty());
  EXPECT_EQ(info->workloads[0].name, "kv");
  EXPECT_EQ(info->workloads[0].functions, (std::vector<std::string>{"read", "write", "cas"}));
  sim::MessageKinds kinds;
  sim::ModelConfig config;
  config.node_count = 3;
  auto model = info->create(config, kinds);
  ASSERT_NE(model, nullptr);
  EXPECT_NE(model->CreateNode(0), nullptr);
  ASSERT_TRUE(kinds.Find("replicate").has_value());
  EXPECT_EQ(kinds.info(*kinds.Find("replicate")).type->name, "replicate");
  FieldNames fields;
  sim::VisitFields(Replicate{}, fields);
  EXPECT_EQ(fields.names, (std::vector<std::string>{"epoch", "seq", "key", "value"}));
}

TEST(PrimaryBackupTest, PrimaryAnswersWriteThenReadAndReplicates) {
  auto s = MakeSetup(3);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  ASSERT_TRUE(n1.is_primary());
  EXPECT_EQ(n1.epoch(), 1);

  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);  // async: acknowledged at once
  EXPECT_TRUE(ctx.replies()[0].ok);
  const auto replicates = ctx.SentOf<Replicate>();
  ASSERT_EQ(replicates.size(), 2u);
  EXPECT_EQ(replicates[0].first, 1);
  EXPECT_EQ(replicates[1].first, 2);
  EXPECT_TRUE(SameMessage(replicates[0].second, Replicate{1, 1, Value::Str("k7"), Value::Int(42)}));

  n1.OnMessage(Request(2, "read", Value::Str("k7")), ctx);
  n1.OnMessage(Request(3, "read", Value::Str("k8")), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_TRUE(replies[1].ok);
  EXPECT_EQ(replies[1].value, Value::Int(42));
  EXPECT_EQ(replies[2].value, Value::Nil());
}

TEST(PrimaryBackupTest, BackupRefusesWritesAndReadsWithLeaderHint) {
  auto s = MakeSetup(3);
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  EXPECT_FALSE(n2.is_primary());
  n2.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n2.OnMessage(Request(2, "read", Value::Str("k7")), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 2u);
  for (const auto& r : replies) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.leader, 0);
  }
  EXPECT_TRUE(n2.store().cells().empty());  // nothing was applied
}

TEST(PrimaryBackupTest, AnyReplicaReadIsStaleUntilReplicated) {
  auto s = MakeSetup(3, "async", "any-replica");
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(Request(1, "read", Value::Str("k7")), ctx);
  n2.OnMessage(FakeContext::From(0, Replicate{1, 1, Value::Str("k7"), Value::Int(42)}), ctx);
  n2.OnMessage(Request(2, "read", Value::Str("k7")), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].ok);
  EXPECT_EQ(replies[0].value, Value::Nil());  // stale: the primary already holds 42
  EXPECT_EQ(replies[1].value, Value::Int(42));
  const auto acks = ctx.SentOf<Ack>();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].first, 0);
  EXPECT_TRUE(SameMessage(acks[0].second, Ack{1, 1}));
}

TEST(PrimaryBackupTest, BackupAppliesLastWriterWinsAndAcksDuplicates) {
  auto s = MakeSetup(3);
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(FakeContext::From(0, Replicate{1, 2, Value::Str("k7"), Value::Int(20)}), ctx);
  // reordered
  n2.OnMessage(FakeContext::From(0, Replicate{1, 1, Value::Str("k7"), Value::Int(10)}), ctx);
  // duplicate
  n2.OnMessage(FakeContext::From(0, Replicate{1, 2, Value::Str("k7"), Value::Int(20)}), ctx);
  EXPECT_EQ(n2.store().Get(Value::Str("k7")), Value::Int(20));
  EXPECT_EQ(ctx.SentOf<Ack>().size(), 3u);
}

TEST(PrimaryBackupTest, SyncWriteRepliesOnlyAfterEveryBackupAcks) {
  auto s = MakeSetup(3, "sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n1.OnMessage(Request(2, "read", Value::Str("k7")), ctx);  // must not see uncommitted 42
  EXPECT_TRUE(ctx.replies().empty());
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);  // a duplicate ack
  EXPECT_TRUE(ctx.replies().empty());
  EXPECT_EQ(n1.waiting_replies(), 2u);
  n1.OnMessage(FakeContext::From(2, Ack{1, 1}), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].ok);
  EXPECT_EQ(replies[0].op, 1u);
  EXPECT_EQ(replies[1].value, Value::Int(42));
  EXPECT_EQ(n1.waiting_replies(), 0u);
}

TEST(PrimaryBackupTest, SyncWriteStallsAndIsResentWhileABackupIsUnreachable) {
  auto s = MakeSetup(3, "sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);
  ctx.sent.clear();
  for (int tick = 1; tick <= 4; ++tick) {
    ctx.now_ns = tick * 50 * kMillisecond;
    ctx.FireDueTimers(n1);
  }
  EXPECT_TRUE(ctx.replies().empty());  // the client will time out: info
  EXPECT_TRUE(n1.is_primary());
  // n3 (never acked) gets the entry again; n2 (acked) does not.
  int resent_to_n3 = 0;
  for (const auto& [to, m] : ctx.SentOf<Replicate>()) {
    EXPECT_EQ(to, 2);
    ++resent_to_n3;
  }
  EXPECT_GE(resent_to_n3, 3);
  EXPECT_EQ(ctx.SentOf<Heartbeat>().size(), 8u);  // 2 backups x 4 ticks
}

TEST(PrimaryBackupTest, CasSucceedsOnlyWhenTheValueMatches) {
  auto s = MakeSetup(1);
  FakeContext ctx(0, 1);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  const Value k7 = Value::Str("k7");
  n1.OnMessage(Request(1, "cas", k7, CasArg(Value::Nil(), Value::Int(5))), ctx);   // nil -> 5
  n1.OnMessage(Request(2, "cas", k7, CasArg(Value::Int(4), Value::Int(6))), ctx);  // mismatch
  n1.OnMessage(Request(3, "cas", k7, CasArg(Value::Int(5), Value::Int(6))), ctx);  // 5 -> 6
  n1.OnMessage(Request(4, "read", k7), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_TRUE(replies[0].ok);
  EXPECT_FALSE(replies[1].ok);
  EXPECT_TRUE(replies[2].ok);
  EXPECT_EQ(replies[3].value, Value::Int(6));
}

TEST(PrimaryBackupTest, CasMismatchFailsWithTheCurrentValueAndRolesFollowThePrimary) {
  auto s = MakeSetup(3);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  const Value k7 = Value::Str("k7");
  n1.OnMessage(Request(1, "write", k7, Value::Int(5)), ctx);
  ctx.sent.clear();
  n1.OnMessage(Request(2, "cas", k7, CasArg(Value::Int(4), Value::Int(6))), ctx);
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].op, 2u);
  EXPECT_FALSE(replies[0].ok);
  EXPECT_EQ(replies[0].value, Value::Int(5));  // the value the cas did not expect
  EXPECT_EQ(replies[0].leader, 0);
  EXPECT_TRUE(ctx.SentOf<Replicate>().empty());  // nothing was written or replicated
  EXPECT_EQ(n1.store().Get(k7), Value::Int(5));
  EXPECT_EQ(sim::RolesOf(n1), (std::vector<std::string>{"primary", "leader"}));

  FakeContext ctx2(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx2);
  EXPECT_EQ(sim::RolesOf(n2), (std::vector<std::string>{"backup", "follower"}));
}

}  // namespace
}  // namespace faultline::models
