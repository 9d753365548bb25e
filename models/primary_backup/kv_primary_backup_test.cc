#include "models/primary_backup/kv_primary_backup.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/builtin_models.h"
#include "models/primary_backup/primary_backup_node.h"
#include "models/primary_backup/primary_backup_test_util.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::kNil;
using sim::OpFunction;
using sim::OpOutcome;
using testing::FakeContext;
using testing::MakeSetup;
using testing::Msg;
using testing::Request;
namespace cm = sim::client_msg;

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
                                             "failover_timeout", "resend_batch"}));
  EXPECT_EQ(info->functions,
            (std::vector<OpFunction>{OpFunction::kRead, OpFunction::kWrite, OpFunction::kCas}));
  sim::MessageKinds kinds;
  sim::ModelConfig config;
  config.node_count = 3;
  auto model = info->create(config, kinds);
  ASSERT_NE(model, nullptr);
  EXPECT_NE(model->CreateNode(0), nullptr);
  ASSERT_TRUE(kinds.Find("replicate").has_value());
  EXPECT_EQ(kinds.info(*kinds.Find("replicate")).field_names,
            (std::vector<std::string>{"epoch", "seq", "key", "value"}));
}

TEST(PrimaryBackupTest, PrimaryAnswersWriteThenReadAndReplicates) {
  auto s = MakeSetup(3);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  ASSERT_TRUE(n1.IsLeader());
  EXPECT_EQ(n1.epoch(), 1);

  n1.OnMessage(Request(1, OpFunction::kWrite, 7, 42), ctx);
  ASSERT_EQ(ctx.replies.size(), 1u);  // async: acknowledged at once
  EXPECT_EQ(ctx.replies[0].outcome, OpOutcome::kOk);
  const auto replicates = ctx.SentOfKind(s->options.replicate);
  ASSERT_EQ(replicates.size(), 2u);
  EXPECT_EQ(replicates[0].to, 1);
  EXPECT_EQ(replicates[1].to, 2);
  EXPECT_EQ(replicates[0].fields, (sim::Fields{1, 1, 7, 42, 0, 0}));

  n1.OnMessage(Request(2, OpFunction::kRead, 7), ctx);
  n1.OnMessage(Request(3, OpFunction::kRead, 8), ctx);
  ASSERT_EQ(ctx.replies.size(), 3u);
  EXPECT_EQ(ctx.replies[1].outcome, OpOutcome::kOk);
  EXPECT_EQ(ctx.replies[1].value, 42);
  EXPECT_EQ(ctx.replies[2].value, kNil);
}

TEST(PrimaryBackupTest, BackupRefusesWritesAndReadsWithLeaderHint) {
  auto s = MakeSetup(3);
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  EXPECT_FALSE(n2.IsLeader());
  n2.OnMessage(Request(1, OpFunction::kWrite, 7, 42), ctx);
  n2.OnMessage(Request(2, OpFunction::kRead, 7), ctx);
  ASSERT_EQ(ctx.replies.size(), 2u);
  for (const auto& r : ctx.replies) {
    EXPECT_EQ(r.outcome, OpOutcome::kFail);
    EXPECT_EQ(r.leader_hint, 0);
  }
  EXPECT_TRUE(n2.store().cells().empty());  // nothing was applied
}

TEST(PrimaryBackupTest, AnyReplicaReadIsStaleUntilReplicated) {
  auto s = MakeSetup(3, "async", "any-replica");
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(Request(1, OpFunction::kRead, 7), ctx);
  n2.OnMessage(Msg(0, s->options.replicate, {1, 1, 7, 42, 0, 0}), ctx);
  n2.OnMessage(Request(2, OpFunction::kRead, 7), ctx);
  ASSERT_EQ(ctx.replies.size(), 2u);
  EXPECT_EQ(ctx.replies[0].outcome, OpOutcome::kOk);
  EXPECT_EQ(ctx.replies[0].value, kNil);  // stale: the primary already holds 42
  EXPECT_EQ(ctx.replies[1].value, 42);
  const auto acks = ctx.SentOfKind(s->options.ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].to, 0);
  EXPECT_EQ(acks[0].fields, (sim::Fields{1, 1, 0, 0, 0, 0}));
}

TEST(PrimaryBackupTest, BackupAppliesLastWriterWinsAndAcksDuplicates) {
  auto s = MakeSetup(3);
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(Msg(0, s->options.replicate, {1, 2, 7, 20, 0, 0}), ctx);
  n2.OnMessage(Msg(0, s->options.replicate, {1, 1, 7, 10, 0, 0}), ctx);  // reordered
  n2.OnMessage(Msg(0, s->options.replicate, {1, 2, 7, 20, 0, 0}), ctx);  // duplicate
  EXPECT_EQ(n2.store().Get(7), 20);
  EXPECT_EQ(ctx.SentOfKind(s->options.ack).size(), 3u);
}

TEST(PrimaryBackupTest, SyncWriteRepliesOnlyAfterEveryBackupAcks) {
  auto s = MakeSetup(3, "sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, OpFunction::kWrite, 7, 42), ctx);
  n1.OnMessage(Request(2, OpFunction::kRead, 7), ctx);  // must not see uncommitted 42
  EXPECT_TRUE(ctx.replies.empty());
  n1.OnMessage(Msg(1, s->options.ack, {1, 1, 0, 0, 0, 0}), ctx);
  n1.OnMessage(Msg(1, s->options.ack, {1, 1, 0, 0, 0, 0}), ctx);  // a duplicate ack
  EXPECT_TRUE(ctx.replies.empty());
  EXPECT_EQ(n1.waiting_replies(), 2u);
  n1.OnMessage(Msg(2, s->options.ack, {1, 1, 0, 0, 0, 0}), ctx);
  ASSERT_EQ(ctx.replies.size(), 2u);
  EXPECT_EQ(ctx.replies[0].outcome, OpOutcome::kOk);
  EXPECT_EQ(ctx.replies[0].request.fields[cm::kOpId], 1);
  EXPECT_EQ(ctx.replies[1].value, 42);
  EXPECT_EQ(n1.waiting_replies(), 0u);
}

TEST(PrimaryBackupTest, SyncWriteStallsAndIsResentWhileABackupIsUnreachable) {
  auto s = MakeSetup(3, "sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, OpFunction::kWrite, 7, 42), ctx);
  n1.OnMessage(Msg(1, s->options.ack, {1, 1, 0, 0, 0, 0}), ctx);
  ctx.sent.clear();
  for (int tick = 1; tick <= 4; ++tick) {
    ctx.now_ns = tick * 50 * kMillisecond;
    ctx.FireDueTimers(n1);
  }
  EXPECT_TRUE(ctx.replies.empty());  // the client will time out: info
  EXPECT_TRUE(n1.IsLeader());
  // n3 (never acked) gets the entry again; n2 (acked) does not.
  int resent_to_n3 = 0;
  for (const auto& m : ctx.SentOfKind(s->options.replicate)) {
    EXPECT_EQ(m.to, 2);
    ++resent_to_n3;
  }
  EXPECT_GE(resent_to_n3, 3);
  EXPECT_EQ(ctx.SentOfKind(s->options.heartbeat).size(), 8u);  // 2 backups x 4 ticks
}

TEST(PrimaryBackupTest, CasSucceedsOnlyWhenTheValueMatches) {
  auto s = MakeSetup(1);
  FakeContext ctx(0, 1);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, OpFunction::kCas, 7, 5, kNil), ctx);  // nil -> 5
  n1.OnMessage(Request(2, OpFunction::kCas, 7, 6, 4), ctx);     // 4 -> 6: mismatch
  n1.OnMessage(Request(3, OpFunction::kCas, 7, 6, 5), ctx);     // 5 -> 6
  n1.OnMessage(Request(4, OpFunction::kRead, 7), ctx);
  ASSERT_EQ(ctx.replies.size(), 4u);
  EXPECT_EQ(ctx.replies[0].outcome, OpOutcome::kOk);
  EXPECT_EQ(ctx.replies[1].outcome, OpOutcome::kFail);
  EXPECT_EQ(ctx.replies[2].outcome, OpOutcome::kOk);
  EXPECT_EQ(ctx.replies[3].value, 6);
}

}  // namespace
}  // namespace faultline::models
