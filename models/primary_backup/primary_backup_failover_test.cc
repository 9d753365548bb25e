// Failover, step-down, restart and convergence of kv.primary-backup nodes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/primary_backup/primary_backup_messages.h"
#include "models/primary_backup/primary_backup_node.h"
#include "models/primary_backup/primary_backup_test_util.h"
#include "sim/message.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::Value;
using testing::FakeContext;
using testing::MakeSetup;
using testing::Request;
using testing::SameMessage;

TEST(PrimaryBackupTest, BackupPromotesAfterItsRankedTimeoutAndBumpsEpoch) {
  auto s = MakeSetup(3);
  FakeContext ctx(1, 3);  // n2: one place after the primary n1, waits 1.5 x 300ms
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(FakeContext::From(0, Replicate{1, 1, Value::Str("k7"), Value::Int(42)}), ctx);
  // Heartbeats keep it a backup.
  for (int t = 100; t <= 400; t += 100) {
    ctx.now_ns = t * kMillisecond;
    n2.OnMessage(FakeContext::From(0, Heartbeat{1, 0}), ctx);
    ctx.FireDueTimers(n2);
  }
  ctx.now_ns = 849 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_FALSE(n2.is_primary());
  ctx.sent.clear();
  ctx.now_ns = 850 * kMillisecond;
  ctx.FireDueTimers(n2);
  ASSERT_TRUE(n2.is_primary());
  EXPECT_EQ(n2.epoch(), 2);
  EXPECT_EQ(n2.primary(), 1);
  const auto heartbeats = ctx.SentOf<Heartbeat>();
  ASSERT_EQ(heartbeats.size(), 2u);
  EXPECT_TRUE(SameMessage(heartbeats[0].second, Heartbeat{2, 1}));
  // The store is re-replicated as epoch 2's first entry.
  const auto replicates = ctx.SentOf<Replicate>();
  ASSERT_EQ(replicates.size(), 2u);
  EXPECT_TRUE(SameMessage(replicates[0].second, Replicate{2, 1, Value::Str("k7"), Value::Int(42)}));
  EXPECT_FALSE(ctx.notes.empty());
}

TEST(PrimaryBackupTest, FartherBackupWaitsLonger) {
  auto s = MakeSetup(3);
  FakeContext ctx(2, 3);  // n3: two places after n1, waits 2 x 300ms
  PrimaryBackupNode n3(s->options);
  n3.OnStart(ctx);
  ctx.now_ns = 599 * kMillisecond;
  ctx.FireDueTimers(n3);
  EXPECT_FALSE(n3.is_primary());
  ctx.now_ns = 600 * kMillisecond;
  ctx.FireDueTimers(n3);
  EXPECT_TRUE(n3.is_primary());
}

TEST(PrimaryBackupTest, PrimaryStepsDownOnHigherEpochAndDropsPendingReplies) {
  auto s = MakeSetup(3, "sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n1.OnMessage(FakeContext::From(1, Heartbeat{2, 1}), ctx);
  EXPECT_FALSE(n1.is_primary());
  EXPECT_EQ(n1.epoch(), 2);
  EXPECT_EQ(n1.primary(), 1);
  EXPECT_EQ(n1.store().Get(Value::Str("k7")), Value::Nil());  // cleared: it resyncs from n2
  EXPECT_EQ(n1.waiting_replies(), 0u);
  // A late ack for the old epoch answers nothing.
  n1.OnMessage(FakeContext::From(2, Ack{1, 1}), ctx);
  EXPECT_TRUE(ctx.replies().empty());
  n1.OnMessage(Request(2, "write", Value::Str("k7"), Value::Int(43)), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].leader, 1);
  // It stops heartbeating: no heartbeat timer survives the step-down.
  ctx.sent.clear();
  ctx.now_ns = 100 * kMillisecond;
  ctx.FireDueTimers(n1);
  EXPECT_TRUE(ctx.SentOf<Heartbeat>().empty());
}

TEST(PrimaryBackupTest, EqualEpochSplitBrainLowerIdWins) {
  auto s = MakeSetup(3);
  FakeContext ctx(2, 3);
  PrimaryBackupNode n3(s->options);
  n3.OnStart(ctx);
  ctx.now_ns = 600 * kMillisecond;
  ctx.FireDueTimers(n3);
  ASSERT_TRUE(n3.is_primary());
  ASSERT_EQ(n3.epoch(), 2);
  n3.OnMessage(FakeContext::From(1, Heartbeat{2, 1}), ctx);  // n2 in epoch 2
  EXPECT_FALSE(n3.is_primary());
  EXPECT_EQ(n3.primary(), 1);

  // The winner ignores the loser's heartbeat and replicates.
  FakeContext ctx2(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx2);
  ctx2.now_ns = 450 * kMillisecond;
  ctx2.FireDueTimers(n2);
  ASSERT_TRUE(n2.is_primary());
  n2.OnMessage(FakeContext::From(2, Heartbeat{2, 2}), ctx2);
  n2.OnMessage(FakeContext::From(2, Replicate{2, 1, Value::Str("k9"), Value::Int(9)}), ctx2);
  EXPECT_TRUE(n2.is_primary());
  EXPECT_EQ(n2.store().Get(Value::Str("k9")), Value::Nil());
  EXPECT_TRUE(ctx2.SentOf<Ack>().empty());
}

TEST(PrimaryBackupTest, StaleEpochReplicateIsIgnored) {
  auto s = MakeSetup(3);
  FakeContext ctx(2, 3);
  PrimaryBackupNode n3(s->options);
  n3.OnStart(ctx);
  n3.OnMessage(FakeContext::From(1, Heartbeat{2, 1}), ctx);
  // From the deposed n1:
  n3.OnMessage(FakeContext::From(0, Replicate{1, 5, Value::Str("k7"), Value::Int(42)}), ctx);
  EXPECT_EQ(n3.store().Get(Value::Str("k7")), Value::Nil());
  EXPECT_TRUE(ctx.SentOf<Ack>().empty());
}

TEST(PrimaryBackupTest, RestartReloadsStoreAndEpochFromDiskAsBackup) {
  auto s = MakeSetup(3);
  FakeContext ctx(0, 3);
  auto n1 = std::make_unique<PrimaryBackupNode>(s->options);
  n1->OnStart(ctx);
  n1->OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n1->OnMessage(Request(2, "write", Value::Str("k8"), Value::Int(43)), ctx);
  n1->OnMessage(FakeContext::From(1, Heartbeat{3, 1}), ctx);  // now epoch 3
  n1->OnMessage(FakeContext::From(1, Replicate{3, 1, Value::Str("k9"), Value::Int(44)}), ctx);
  ctx.Crash();
  n1 = std::make_unique<PrimaryBackupNode>(s->options);
  n1->OnStart(ctx);
  EXPECT_FALSE(n1->is_primary());  // a restarted node waits for heartbeats
  EXPECT_EQ(n1->epoch(), 3);
  EXPECT_EQ(n1->primary(), 1);
  EXPECT_EQ(n1->store().Get(Value::Str("k9")), Value::Int(44));
  EXPECT_EQ(n1->store().Get(Value::Str("k7")), Value::Nil());  // dropped when it adopted epoch 3
  EXPECT_EQ(n1->store().size(), 1u);
  // The reloaded version still wins over a reordered older entry.
  n1->OnMessage(FakeContext::From(1, Replicate{3, 0, Value::Str("k9"), Value::Int(1)}), ctx);
  EXPECT_EQ(n1->store().Get(Value::Str("k9")), Value::Int(44));
}

TEST(PrimaryBackupTest, RestartedPrimaryDoesNotResumeLeadingButPromotesIfAlone) {
  auto s = MakeSetup(3);
  FakeContext ctx(0, 3);
  auto n1 = std::make_unique<PrimaryBackupNode>(s->options);
  n1->OnStart(ctx);
  n1->OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  ctx.Crash();
  n1 = std::make_unique<PrimaryBackupNode>(s->options);
  n1->OnStart(ctx);
  EXPECT_FALSE(n1->is_primary());
  EXPECT_EQ(n1->store().Get(Value::Str("k7")), Value::Int(42));
  ctx.now_ns = 300 * kMillisecond;
  ctx.FireDueTimers(*n1);
  EXPECT_TRUE(n1->is_primary());
  EXPECT_EQ(n1->epoch(), 2);
  EXPECT_EQ(n1->store().Get(Value::Str("k7")), Value::Int(42));
}

// The textbook async failure: n1 acknowledges a write, fails before replicating it, n2
// takes over, and when n1 comes back it adopts n2's state: the acknowledged write is gone.
TEST(PrimaryBackupTest, AsyncFailoverLosesAnAcknowledgedWrite) {
  auto s = MakeSetup(2);
  FakeContext c1(0, 2), c2(1, 2);
  PrimaryBackupNode n1(s->options), n2(s->options);
  n1.OnStart(c1);
  n2.OnStart(c2);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), c1);
  ASSERT_EQ(c1.replies().size(), 1u);
  ASSERT_TRUE(c1.replies()[0].ok);  // acknowledged; replicate is lost
  c2.now_ns = 450 * kMillisecond;
  c2.FireDueTimers(n2);
  ASSERT_TRUE(n2.is_primary());
  for (const auto& [to, m] : c2.SentOf<Heartbeat>()) {
    n1.OnMessage(FakeContext::From(1, m), c1);
  }
  EXPECT_FALSE(n1.is_primary());
  n1.OnMessage(Request(2, "read", Value::Str("k7")), c1);
  n2.OnMessage(Request(3, "read", Value::Str("k7")), c2);
  EXPECT_FALSE(c1.replies().back().ok);
  EXPECT_EQ(c2.replies().back().value, Value::Nil());  // the acknowledged 42 is lost
}

// Whatever the network does to replicate messages (reorder, duplicate), a backup that
// receives all of them ends with the primary's store.
RC_GTEST_PROP(PrimaryBackupProp, BackupConvergesUnderReorderAndDuplication, ()) {
  auto s = MakeSetup(2);
  FakeContext c1(0, 2), c2(1, 2);
  PrimaryBackupNode n1(s->options), n2(s->options);
  n1.OnStart(c1);
  n2.OnStart(c2);
  const auto writes = *rc::gen::container<std::vector<std::pair<int64_t, int64_t>>>(
      rc::gen::pair(rc::gen::inRange<int64_t>(0, 4), rc::gen::inRange<int64_t>(0, 100)));
  uint64_t op = 0;
  for (const auto& [key, value] : writes) {
    n1.OnMessage(Request(++op, "write", Value::Str(absl::StrCat("k", key)), Value::Int(value)), c1);
  }
  std::vector<sim::Envelope> network;
  for (const auto& [to, m] : c1.SentOf<Replicate>()) {
    network.push_back(FakeContext::From(0, m));
    if (*rc::gen::inRange(0, 4) == 0) network.push_back(FakeContext::From(0, m));
  }
  // A random delivery order: sort the indices by random priorities.
  const auto priority =
      *rc::gen::container<std::vector<uint32_t>>(network.size(), rc::gen::arbitrary<uint32_t>());
  std::vector<size_t> idx(network.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(),
                   [&](size_t a, size_t b) { return priority[a] < priority[b]; });
  for (size_t i : idx) n2.OnMessage(network[i], c2);
  RC_ASSERT(n2.store().size() == n1.store().size());
  for (const auto& [key, cell] : n1.store().cells()) RC_ASSERT(n2.store().Get(key) == cell.value);
}

}  // namespace
}  // namespace faultline::models
