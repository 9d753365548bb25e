#include "sim/disk.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace faultline::sim {
namespace {

TEST(DiskTest, ReadOfMissingKeyIsNullopt) {
  Disk disk;
  EXPECT_FALSE(disk.Read("epoch").has_value());
}

TEST(DiskTest, UnsyncedWritesAreReadableButLostOnCrash) {
  Disk disk;
  disk.Write("epoch", 3);
  EXPECT_EQ(disk.Read("epoch"), 3);
  EXPECT_EQ(disk.unsynced_count(), 1u);
  EXPECT_TRUE(disk.durable().empty());
  disk.LoseUnsynced();
  EXPECT_FALSE(disk.Read("epoch").has_value());
  EXPECT_EQ(disk.unsynced_count(), 0u);
}

TEST(DiskTest, SyncMakesWritesDurable) {
  Disk disk;
  disk.Write("a", 1);
  disk.Write("b", 2);
  disk.Sync();
  EXPECT_EQ(disk.unsynced_count(), 0u);
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Read("a"), 1);
  EXPECT_EQ(disk.Read("b"), 2);
  EXPECT_EQ(disk.durable(), (std::map<std::string, int64_t>{{"a", 1}, {"b", 2}}));
}

TEST(DiskTest, UnsyncedOverwriteShadowsDurableValueUntilCrash) {
  Disk disk;
  disk.WriteSynced("epoch", 1);
  disk.Write("epoch", 2);
  EXPECT_EQ(disk.Read("epoch"), 2);  // a node reads its own page cache
  EXPECT_EQ(disk.durable().at("epoch"), 1);
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Read("epoch"), 1);  // the crash rolls back to the synced value
}

TEST(DiskTest, LastWriteBeforeSyncWins) {
  Disk disk;
  disk.Write("k", 1);
  disk.Write("k", 2);
  EXPECT_EQ(disk.unsynced_count(), 1u);
  disk.Sync();
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Read("k"), 2);
}

TEST(DiskTest, WriteSyncedSurvivesCrashAndFlushesEarlierWrites) {
  Disk disk;
  disk.Write("pending", 7);
  disk.WriteSynced("vote", 4);
  disk.LoseUnsynced();
  EXPECT_EQ(disk.Read("vote"), 4);
  EXPECT_EQ(disk.Read("pending"), 7);  // Sync flushes the whole buffer
}

}  // namespace
}  // namespace faultline::sim
