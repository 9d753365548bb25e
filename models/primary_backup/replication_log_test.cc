#include "models/primary_backup/replication_log.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "models/primary_backup/primary_backup_test_util.h"
#include "models/primary_backup/versioned_store.h"
#include "sim/disk.h"
#include "sim/value.h"

namespace faultline::models {
namespace {

using sim::Value;

// Key i as the kv workload names it ("k7"), and an integer value.
Value K(int64_t i) { return Value::Str(absl::StrCat("k", i)); }
Value V(int64_t v) { return Value::Int(v); }

// Semi-sync: one backup holding a whole prefix commits it; acks spread over two backups
// with a gap in each do not, since neither could hand a successor every entry.
TEST(ReplicationLogTest, AckedByAnyNeedsOneBackupWithTheWholePrefix) {
  ReplicationLog log({1, 2});
  for (int i = 1; i <= 3; ++i) log.Append(K(i), V(i));
  EXPECT_EQ(log.acked_by_any_seq(), 0);
  log.Ack(1, 2);
  log.Ack(2, 1);
  EXPECT_EQ(log.acked_by_any_seq(), 1);  // n3 has seq 1; n2 lacks seq 1
  log.Ack(1, 1);
  EXPECT_EQ(log.acked_by_any_seq(), 2);  // n2 has 1 and 2
  EXPECT_EQ(log.committed_seq(), 1);     // sync would still wait for n3's seq 2
  log.Ack(2, 3);
  log.Ack(2, 2);
  EXPECT_EQ(log.acked_by_any_seq(), 3);
  EXPECT_EQ(ReplicationLog({}).acked_by_any_seq(), 0);
}

TEST(ReplicationLogTest, EntriesAfterListsThePendingTailInOrder) {
  ReplicationLog log({1});
  for (int i = 1; i <= 4; ++i) log.Append(K(i), V(10 * i));
  log.Ack(1, 1);
  const auto tail = log.EntriesAfter(2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, 3);
  EXPECT_EQ(tail[1].value, V(40));
  EXPECT_EQ(log.EntriesAfter(0).size(), 3u);  // seq 1 is acked by every backup: gone
}

TEST(ReplicationLogTest, CommitsInSeqOrderOnceEveryBackupAcked) {
  ReplicationLog log({1, 2});
  EXPECT_EQ(log.Append(K(7), V(70)), 1);
  EXPECT_EQ(log.Append(K(8), V(80)), 2);
  EXPECT_EQ(log.committed_seq(), 0);
  log.Ack(1, 2);
  log.Ack(2, 2);  // seq 2 is fully acked, but seq 1 is not: nothing commits yet
  EXPECT_EQ(log.committed_seq(), 0);
  EXPECT_EQ(log.pending_count(), 1u);
  log.Ack(1, 1);
  log.Ack(1, 1);  // duplicate
  log.Ack(5, 1);  // not a backup
  log.Ack(2, 9);  // unknown seq
  EXPECT_EQ(log.committed_seq(), 0);
  log.Ack(2, 1);
  EXPECT_EQ(log.committed_seq(), 2);
  EXPECT_EQ(log.pending_count(), 0u);
}

TEST(ReplicationLogTest, ResendsOnlyWhatEachBackupLacksUpToLimitAndSeqMax) {
  ReplicationLog log({1, 2});
  for (int i = 0; i < 5; ++i) log.Append(K(i), V(i * 10));
  log.Ack(1, 1);
  log.Ack(1, 3);
  const auto to_n2 = log.ToResend(1, /*limit=*/2, /*seq_max=*/5);
  ASSERT_EQ(to_n2.size(), 2u);
  EXPECT_EQ(to_n2[0].seq, 2);
  EXPECT_EQ(to_n2[1].seq, 4);
  EXPECT_EQ(to_n2[1].key, K(3));
  EXPECT_EQ(to_n2[1].value, V(30));
  EXPECT_EQ(log.ToResend(2, 10, /*seq_max=*/3).size(), 3u);
  EXPECT_TRUE(log.ToResend(0, 10, 5).empty());  // not a backup
}

TEST(ReplicationLogTest, SingleNodeCommitsImmediately) {
  ReplicationLog log({});
  EXPECT_EQ(log.Append(K(1), V(1)), 1);
  EXPECT_EQ(log.committed_seq(), 1);
  EXPECT_EQ(log.pending_count(), 0u);
}

// Keys of any kind survive the disk: an integer (negative, as the old encoding had to
// parse) and a string.
TEST(VersionedStoreTest, NewerVersionWinsAndSurvivesReload) {
  sim::Disk disk;
  VersionedStore store;
  const Value neg = Value::Int(-3);
  EXPECT_TRUE(store.Apply(neg, V(30), EpochSeq{1, 2}, disk));
  EXPECT_FALSE(store.Apply(neg, V(10), EpochSeq{1, 1}, disk));
  EXPECT_FALSE(store.Apply(neg, V(10), EpochSeq{1, 2}, disk));
  EXPECT_TRUE(store.Apply(neg, V(40), EpochSeq{2, 1}, disk));
  EXPECT_TRUE(store.Apply(K(5), V(50), EpochSeq{2, 2}, disk));
  disk.LoseUnsynced();
  VersionedStore reloaded;
  reloaded.Load(disk);
  EXPECT_EQ(reloaded.Get(neg), V(40));
  EXPECT_EQ(reloaded.VersionOf(neg), (EpochSeq{2, 1}));
  EXPECT_EQ(reloaded.Get(K(5)), V(50));
  EXPECT_EQ(reloaded.Get(K(6)), Value::Nil());
}

TEST(VersionedStoreTest, ClearIsLostByACrashUnlessSynced) {
  sim::Disk disk;
  VersionedStore store;
  store.Apply(K(1), V(10), EpochSeq{1, 1}, disk);
  store.ClearUnsynced(disk);
  EXPECT_EQ(store.size(), 0u);
  disk.LoseUnsynced();  // crash before the caller synced
  store.Load(disk);
  EXPECT_EQ(store.Get(K(1)), V(10));
  store.ClearUnsynced(disk);
  disk.Sync();
  disk.LoseUnsynced();
  store.Load(disk);
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace faultline::models
