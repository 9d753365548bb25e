#include "sim/disk.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace faultline::sim {
namespace {

Value I(int64_t v) { return Value::Int(v); }

TEST(DiskTest, GetOfMissingKeyIsNullopt) {
  Disk disk;
  EXPECT_FALSE(disk.Get("epoch").has_value());
}

TEST(DiskTest, UnsyncedPutsAreReadableButLostOnCrash) {
  Disk disk;
  disk.Put("epoch", I(3));
  EXPECT_EQ(disk.Get("epoch"), I(3));
  EXPECT_EQ(disk.unsynced_count(), 1u);
  EXPECT_TRUE(disk.durable().empty());
  disk.LoseUnsynced();
  EXPECT_FALSE(disk.Get("epoch").has_value());
  EXPECT_EQ(disk.unsynced_count(), 0u);
}

TEST(DiskTest, SyncMakesPutsDurable) {
  Disk disk;
  disk.Put("a", I(1));
  disk.Put("b", Value::Str("two"));
  disk.Sync();
  EXPECT_EQ(disk.unsynced_count(), 0u);
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Get("a"), I(1));
  EXPECT_EQ(disk.Get("b"), Value::Str("two"));
  EXPECT_EQ(disk.durable().size(), 2u);
}

TEST(DiskTest, UnsyncedOverwriteShadowsDurableValueUntilCrash) {
  Disk disk;
  disk.Put("epoch", I(1));
  disk.Sync();
  disk.Put("epoch", I(2));
  EXPECT_EQ(disk.Get("epoch"), I(2));  // a node reads its own page cache
  EXPECT_EQ(disk.durable().at("epoch"), I(1));
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Get("epoch"), I(1));  // the crash rolls back to the synced value
}

TEST(DiskTest, SyncFlushesEveryEarlierPut) {
  Disk disk;
  disk.Put("pending", I(7));
  disk.Put("vote", I(4));
  disk.Sync();
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Get("vote"), I(4));
  EXPECT_EQ(disk.Get("pending"), I(7));
}

std::vector<int> Contents(const DurableLog<int>& log) {
  std::vector<int> out;
  for (size_t i = 0; i < log.size(); ++i) out.push_back(log.at(i));
  return out;
}

TEST(DurableLogTest, UnsyncedAppendsAreLostOnCrash) {
  Disk disk;
  DurableLog<int>& log = disk.Log<int>("raft");
  log.Append(1);
  log.Append(2);
  disk.Sync();
  log.Append(3);
  EXPECT_EQ(Contents(log), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(log.unsynced_count(), 1u);
  disk.LoseUnsynced();
  EXPECT_EQ(Contents(log), (std::vector<int>{1, 2}));
}

TEST(DurableLogTest, UnsyncedTruncationOfSyncedEntriesComesUndone) {
  Disk disk;
  DurableLog<int>& log = disk.Log<int>("raft");
  for (int i = 1; i <= 4; ++i) log.Append(i);
  disk.Sync();
  log.TruncateFrom(1);
  log.Append(9);
  EXPECT_EQ(Contents(log), (std::vector<int>{1, 9}));
  disk.LoseUnsynced();
  EXPECT_EQ(Contents(log), (std::vector<int>{1, 2, 3, 4}));
  log.TruncateFrom(2);
  log.Append(7);
  disk.Sync();
  disk.LoseUnsynced();
  EXPECT_EQ(Contents(log), (std::vector<int>{1, 2, 7}));
}

TEST(DurableLogTest, SubDiskSyncsAndCrashesWithItsHost) {
  Disk disk;
  disk.Sub("shard1").Log<int>("raft").Append(5);
  disk.Sub("shard1").Put("term", I(2));
  disk.Sync();
  disk.Sub("shard1").Log<int>("raft").Append(6);
  disk.LoseUnsynced();
  EXPECT_EQ(Contents(disk.Sub("shard1").Log<int>("raft")), (std::vector<int>{5}));
  EXPECT_EQ(disk.Sub("shard1").Get("term"), I(2));
  EXPECT_FALSE(disk.Get("term").has_value());  // namespaced: the host's keys are apart
}

// A random sequence of appends, truncations, syncs and crashes: after a crash the log is
// exactly what it was at the last sync.
RC_GTEST_PROP(DurableLogTest, CrashRestoresLastSyncedContents, ()) {
  Disk disk;
  DurableLog<int>& log = disk.Log<int>("l");
  std::vector<int> model;
  std::vector<int> synced;
  const auto steps = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 100));
  int next = 0;
  for (int step : steps) {
    if (step < 50) {
      log.Append(next);
      model.push_back(next++);
    } else if (step < 70) {
      const size_t at = model.empty() ? 0 : static_cast<size_t>(step) % (model.size() + 1);
      log.TruncateFrom(at);
      model.resize(at);
    } else if (step < 85) {
      disk.Sync();
      synced = model;
    } else {
      disk.LoseUnsynced();
      model = synced;
    }
    RC_ASSERT(Contents(log) == model);
  }
}

}  // namespace
}  // namespace faultline::sim
