// Semi-sync replication, its safe failover (catch-up before promotion), and the shipping
// lag of a batching primary (ship_interval).
#include <gtest/gtest.h>

#include <memory>

#include "models/primary_backup/primary_backup_messages.h"
#include "models/primary_backup/primary_backup_node.h"
#include "models/primary_backup/primary_backup_test_util.h"

namespace faultline::models {
namespace {

using sim::kMillisecond;
using sim::Value;
using testing::FakeContext;
using testing::MakeSetup;
using testing::Request;
using testing::SameMessage;

// Delivers every message of type M that `from_ctx` (node `from`) sent to `to`.
template <sim::MessageBody M>
void DeliverAll(const FakeContext& from_ctx, sim::EndpointId from, sim::EndpointId to,
                PrimaryBackupNode& node, FakeContext& to_ctx) {
  for (const auto& [dest, m] : from_ctx.SentOf<M>()) {
    if (dest == to) node.OnMessage(FakeContext::From(from, m), to_ctx);
  }
}

TEST(PrimaryBackupSemiSyncTest, AcksAfterExactlyOneBackupAndHoldsReadsUntilThen) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  n1.OnMessage(Request(2, "read", Value::Str("k7")), ctx);  // must not see uncommitted 42
  EXPECT_TRUE(ctx.replies().empty());
  EXPECT_EQ(n1.waiting_replies(), 2u);
  n1.OnMessage(FakeContext::From(2, Ack{1, 1}), ctx);  // n3 only; n2 never answers
  const auto replies = ctx.replies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].ok);
  EXPECT_EQ(replies[0].op, 1u);
  EXPECT_EQ(replies[1].value, Value::Int(42));
  EXPECT_EQ(n1.waiting_replies(), 0u);
}

// An ack covers a write only if the same backup also holds every earlier entry: acks
// spread over two backups with a gap in each would leave no single successor with both.
TEST(PrimaryBackupSemiSyncTest, OneBackupMustHoldTheWholePrefix) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k1"), Value::Int(1)), ctx);
  n1.OnMessage(Request(2, "write", Value::Str("k2"), Value::Int(2)), ctx);
  n1.OnMessage(FakeContext::From(1, Ack{1, 2}), ctx);  // n2 has seq 2 only
  EXPECT_TRUE(ctx.replies().empty());
  n1.OnMessage(FakeContext::From(2, Ack{1, 1}), ctx);  // n3 has seq 1 only
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].op, 1u);
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);  // now n2 holds 1 and 2
  ASSERT_EQ(ctx.replies().size(), 2u);
  EXPECT_EQ(ctx.replies()[1].op, 2u);
}

// The chosen behaviour with no backup reachable: stall like sync (no fallback to async),
// resending every heartbeat; the first ack after the heal completes the write.
TEST(PrimaryBackupSemiSyncTest, StallsWhileNoBackupAcksThenCompletes) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  for (int tick = 1; tick <= 40; ++tick) {
    ctx.now_ns = tick * 50 * kMillisecond;
    ctx.FireDueTimers(n1);
  }
  EXPECT_TRUE(ctx.replies().empty());
  EXPECT_TRUE(n1.is_primary());
  EXPECT_GE(ctx.SentOf<Replicate>().size(), 40u);  // resent to both, tick after tick
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
}

// With semi_sync_timeout, MySQL's choice instead: after waiting that long the primary
// answers the waiting ops, acknowledges new writes at once (async), and returns to
// semi-sync once a backup holds its whole log.
TEST(PrimaryBackupSemiSyncTest, TimeoutFallsBackToAsyncUntilABackupCatchesUp) {
  auto s = MakeSetup(3, "semi-sync", "primary", 0, /*semi_sync_timeout_ns=*/200 * kMillisecond);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(1)), ctx);
  ctx.now_ns = 150 * kMillisecond;
  ctx.FireDueTimers(n1);
  EXPECT_TRUE(ctx.replies().empty());  // 150ms < 200ms: still waiting
  ctx.now_ns = 200 * kMillisecond;
  ctx.FireDueTimers(n1);  // the tick at 200ms sees a 200ms wait
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
  n1.OnMessage(Request(2, "write", Value::Str("k8"), Value::Int(2)), ctx);
  ASSERT_EQ(ctx.replies().size(), 2u);  // async now: acknowledged at once
  n1.OnMessage(FakeContext::From(1, Ack{1, 1}), ctx);  // n2 has seq 1 but not 2
  n1.OnMessage(Request(3, "write", Value::Str("k9"), Value::Int(3)), ctx);
  ASSERT_EQ(ctx.replies().size(), 3u);  // still async
  n1.OnMessage(FakeContext::From(1, Ack{1, 2}), ctx);
  n1.OnMessage(FakeContext::From(1, Ack{1, 3}), ctx);  // n2 holds the whole log
  n1.OnMessage(Request(4, "write", Value::Str("k9"), Value::Int(4)), ctx);
  EXPECT_EQ(ctx.replies().size(), 3u);  // semi-sync again: waits for an ack
  n1.OnMessage(FakeContext::From(2, Ack{1, 4}), ctx);
  EXPECT_EQ(ctx.replies().size(), 3u);  // n3 lacks seqs 1..3
  n1.OnMessage(FakeContext::From(1, Ack{1, 4}), ctx);
  EXPECT_EQ(ctx.replies().size(), 4u);
}

// The primary crashes after a write only n3 received and acknowledged. n2 times out first
// (ring order) but lacks the write: it collects n3's store before promoting, so the
// acknowledged write survives. Async would promote n2 at once and lose it.
TEST(PrimaryBackupSemiSyncTest, PrimaryCrashLosesNoAcknowledgedWrite) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext c1(0, 3), c2(1, 3), c3(2, 3);
  auto n1 = std::make_unique<PrimaryBackupNode>(s->options);
  PrimaryBackupNode n2(s->options), n3(s->options);
  n1->OnStart(c1);
  n2.OnStart(c2);
  n3.OnStart(c3);
  n1->OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(1)), c1);
  n1->OnMessage(Request(2, "write", Value::Str("k8"), Value::Int(2)), c1);
  DeliverAll<Replicate>(c1, 0, 2, n3, c3);  // the copies to n2 are lost
  DeliverAll<Ack>(c3, 2, 0, *n1, c1);
  ASSERT_EQ(c1.replies().size(), 2u);
  ASSERT_TRUE(c1.replies()[0].ok && c1.replies()[1].ok);
  c1.Crash();
  n1.reset();

  c2.now_ns = 450 * kMillisecond;  // n2: 1.5 x failover_timeout; n3 waits until 600ms
  c2.FireDueTimers(n2);
  EXPECT_FALSE(n2.is_primary());  // it asks first
  const auto asks = c2.SentOf<CatchUp>();
  ASSERT_EQ(asks.size(), 2u);
  EXPECT_TRUE(SameMessage(asks[1].second, CatchUp{1, 0}));
  DeliverAll<CatchUp>(c2, 1, 2, n3, c3);
  const auto answers = c3.SentOf<CatchUpReply>();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].second.cells.size(), 2u);
  DeliverAll<CatchUpReply>(c3, 2, 1, n2, c2);

  c2.now_ns = 525 * kMillisecond;  // a quarter of failover_timeout later
  c2.FireDueTimers(n2);
  ASSERT_TRUE(n2.is_primary());
  EXPECT_EQ(n2.epoch(), 2);
  EXPECT_EQ(n2.store().Get(Value::Str("k7")), Value::Int(1));
  EXPECT_EQ(n2.store().Get(Value::Str("k8")), Value::Int(2));
}

// A catch-up answered by the primary itself means the primary is alive (only its
// heartbeats were lost): the backup stays a backup and waits a full timeout again.
TEST(PrimaryBackupSemiSyncTest, CatchUpAnsweredByThePrimaryCancelsTheTakeover) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  ctx.now_ns = 450 * kMillisecond;
  ctx.FireDueTimers(n2);
  ASSERT_EQ(ctx.SentOf<CatchUp>().size(), 2u);
  n2.OnMessage(FakeContext::From(0, CatchUpReply{1, 0, {}}), ctx);
  ctx.now_ns = 525 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_FALSE(n2.is_primary());
  ctx.now_ns = 899 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_EQ(ctx.SentOf<CatchUp>().size(), 2u);
  ctx.now_ns = 900 * kMillisecond;  // 450ms after the primary's answer: ask again
  ctx.FireDueTimers(n2);
  EXPECT_EQ(ctx.SentOf<CatchUp>().size(), 4u);
}

// With two backups, a candidate no other backup answers may be the stale one (cut off,
// or alone after a crash), so it does not promote until one answers.
TEST(PrimaryBackupSemiSyncTest, CandidateThatNoBackupAnswersDoesNotPromote) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  ctx.now_ns = 450 * kMillisecond;
  ctx.FireDueTimers(n2);
  ctx.now_ns = 525 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_FALSE(n2.is_primary());
  ctx.now_ns = 975 * kMillisecond;  // a failover timeout later it asks again
  ctx.FireDueTimers(n2);
  EXPECT_EQ(ctx.SentOf<CatchUp>().size(), 4u);
  n2.OnMessage(FakeContext::From(2, CatchUpReply{1, 0, {}}), ctx);  // n3 answers, empty
  ctx.now_ns = 1050 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_TRUE(n2.is_primary());
}

// With one backup, every acknowledged write is on it: it may promote alone.
TEST(PrimaryBackupSemiSyncTest, SoleBackupPromotesWithoutAnswers) {
  auto s = MakeSetup(2, "semi-sync");
  FakeContext ctx(1, 2);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  ctx.now_ns = 450 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_EQ(ctx.SentOf<CatchUp>().size(), 1u);  // to the silent primary
  ctx.now_ns = 525 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_TRUE(n2.is_primary());
}

// Only stores of the candidate's own term are merged; a newer term in a reply means
// someone already took over, so the candidate follows it instead of promoting.
TEST(PrimaryBackupSemiSyncTest, CatchUpIgnoresOlderTermsAndFollowsANewerOne) {
  auto s = MakeSetup(3, "semi-sync");
  FakeContext ctx(1, 3);
  PrimaryBackupNode n2(s->options);
  n2.OnStart(ctx);
  n2.OnMessage(FakeContext::From(2, Heartbeat{2, 2}), ctx);  // following n3 in epoch 2
  ctx.now_ns = 600 * kMillisecond;  // n2 is two places after n3 (ring n3, n1, n2)
  ctx.FireDueTimers(n2);
  ASSERT_EQ(ctx.SentOf<CatchUp>().size(), 2u);
  n2.OnMessage(FakeContext::From(0, CatchUpReply{1, 0, {StoreCell{Value::Str("k7"),
                                                                 Value::Int(9), 1, 4}}}),
               ctx);
  EXPECT_EQ(n2.store().Get(Value::Str("k7")), Value::Nil());  // epoch 1: ignored
  n2.OnMessage(FakeContext::From(0, CatchUpReply{3, 0, {}}), ctx);
  ctx.now_ns = 675 * kMillisecond;
  ctx.FireDueTimers(n2);
  EXPECT_FALSE(n2.is_primary());
  EXPECT_EQ(n2.epoch(), 3);
  EXPECT_EQ(n2.primary(), 0);
}

TEST(PrimaryBackupShipIntervalTest, ZeroShipsEachWriteAtOnce) {
  auto s = MakeSetup(3, "async", "primary", /*ship_interval_ns=*/0);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  const size_t timers_before = ctx.timers.size();
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(42)), ctx);
  EXPECT_EQ(ctx.SentOf<Replicate>().size(), 2u);
  EXPECT_EQ(n1.unshipped_count(), 0);
  EXPECT_EQ(ctx.timers.size(), timers_before);  // no shipping timer
}

TEST(PrimaryBackupShipIntervalTest, BatchesEntriesAndShipsThemTogether) {
  auto s = MakeSetup(3, "async", "primary", 100 * kMillisecond);
  FakeContext ctx(0, 3);
  PrimaryBackupNode n1(s->options);
  n1.OnStart(ctx);
  n1.OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(1)), ctx);
  ctx.now_ns = 60 * kMillisecond;
  ctx.FireDueTimers(n1);  // a heartbeat tick must not ship or resend the tail early
  n1.OnMessage(Request(2, "write", Value::Str("k8"), Value::Int(2)), ctx);
  EXPECT_EQ(ctx.replies().size(), 2u);  // async: acknowledged before shipping
  EXPECT_TRUE(ctx.SentOf<Replicate>().empty());
  EXPECT_EQ(n1.unshipped_count(), 2);
  ctx.now_ns = 100 * kMillisecond;
  ctx.FireDueTimers(n1);
  const auto shipped = ctx.SentOf<Replicate>();
  ASSERT_EQ(shipped.size(), 4u);  // both entries, to both backups
  EXPECT_TRUE(SameMessage(shipped[1].second, Replicate{1, 2, Value::Str("k8"), Value::Int(2)}));
  EXPECT_EQ(n1.unshipped_count(), 0);
}

// The textbook async-lag loss: the primary acknowledges a write, crashes before shipping
// it, a backup takes over without it, and the restarted primary adopts the new state.
TEST(PrimaryBackupShipIntervalTest, AsyncCrashLosesTheUnshippedTail) {
  auto s = MakeSetup(2, "async", "primary", 100 * kMillisecond);
  FakeContext c1(0, 2), c2(1, 2);
  auto n1 = std::make_unique<PrimaryBackupNode>(s->options);
  PrimaryBackupNode n2(s->options);
  n1->OnStart(c1);
  n2.OnStart(c2);
  n1->OnMessage(Request(1, "write", Value::Str("k7"), Value::Int(1)), c1);
  c1.now_ns = 100 * kMillisecond;
  c1.FireDueTimers(*n1);
  c2.now_ns = 100 * kMillisecond;
  DeliverAll<Replicate>(c1, 0, 1, n2, c2);
  ASSERT_EQ(n2.store().Get(Value::Str("k7")), Value::Int(1));
  n1->OnMessage(Request(2, "write", Value::Str("k7"), Value::Int(2)), c1);
  ASSERT_EQ(c1.replies().size(), 2u);
  ASSERT_TRUE(c1.replies()[1].ok);
  EXPECT_EQ(n1->unshipped_count(), 1);
  c1.Crash();  // at 100ms, before the next shipment at 200ms
  n1 = std::make_unique<PrimaryBackupNode>(s->options);
  n1->OnStart(c1);  // restarted at once: it has k7=2 on disk, as a backup of epoch 1
  EXPECT_EQ(n1->store().Get(Value::Str("k7")), Value::Int(2));

  c2.now_ns = 550 * kMillisecond;
  c2.FireDueTimers(n2);
  ASSERT_TRUE(n2.is_primary());
  DeliverAll<Heartbeat>(c2, 1, 0, *n1, c1);
  EXPECT_FALSE(n1->is_primary());
  EXPECT_EQ(n1->store().Get(Value::Str("k7")), Value::Nil());  // cleared to resync
  n2.OnMessage(Request(3, "read", Value::Str("k7")), c2);
  EXPECT_EQ(c2.replies().back().value, Value::Int(1));  // the acknowledged 2 is lost
}

}  // namespace
}  // namespace faultline::models
