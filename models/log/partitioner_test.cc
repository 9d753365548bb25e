#include "models/log/partitioner.h"

#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

LogOptions Options(LogOptions::Partitioner partitioner,
                   LogOptions::PartitionKey key = LogOptions::PartitionKey::kEntity) {
  LogOptions o;
  o.partitions = 6;
  o.partitioner = partitioner;
  o.partition_key = key;
  return o;
}

std::set<int> PartitionsOf100Entities(LogOptions::PartitionKey key) {
  Partitioner p(Options(LogOptions::Partitioner::kHash, key));
  std::set<int> used;
  for (int e = 0; e < 100; ++e) used.insert(p.Choose(Value::Str(absl::StrCat("e", e)), 0));
  return used;
}

TEST(PartitionerTest, HashKeepsAnEntityOnOnePartition) {
  Partitioner p(Options(LogOptions::Partitioner::kHash));
  const int first = p.Choose(Value::Str("e7"), 0);
  for (int i = 1; i < 20; ++i) EXPECT_EQ(p.Choose(Value::Str("e7"), i * sim::kSecond), first);
  EXPECT_EQ(PartitionsOf100Entities(LogOptions::PartitionKey::kEntity).size(), 6u);
}

TEST(PartitionerTest, PoorKeyUsesAtMostTwoPartitions) {
  EXPECT_LE(PartitionsOf100Entities(LogOptions::PartitionKey::kPoor).size(), 2u);
  EXPECT_EQ(PartitionsOf100Entities(LogOptions::PartitionKey::kCompound).size(), 6u);
}

TEST(PartitionerTest, PartitionKeys) {
  EXPECT_EQ(PartitionKeyOf(Value::Str("e7"), LogOptions::PartitionKey::kEntity), "e7");
  EXPECT_EQ(PartitionKeyOf(Value::Str("e7"), LogOptions::PartitionKey::kPoor), "r1");
  EXPECT_EQ(PartitionKeyOf(Value::Str("e12"), LogOptions::PartitionKey::kCompound), "r0/e12");
  // A key that is no entity is its own partition key.
  EXPECT_EQ(PartitionKeyOf(Value::Str("order-3"), LogOptions::PartitionKey::kPoor), "order-3");
}

TEST(PartitionerTest, RoundRobinSpreadsOneKeyOverEveryPartition) {
  Partitioner p(Options(LogOptions::Partitioner::kRoundRobin));
  for (int i = 0; i < 12; ++i) EXPECT_EQ(p.Choose(Value::Str("e7"), 0), i % 6);
}

TEST(PartitionerTest, StickyKeepsOnePartitionPerInterval) {
  Partitioner p(Options(LogOptions::Partitioner::kSticky));  // interval 100ms
  const int first = p.Choose(Value::Str("e1"), 0);
  EXPECT_EQ(p.Choose(Value::Str("e2"), 50 * sim::kMillisecond), first);
  EXPECT_EQ(p.Choose(Value::Str("e3"), 99 * sim::kMillisecond), first);
  EXPECT_EQ(p.Choose(Value::Str("e1"), 100 * sim::kMillisecond), (first + 1) % 6);
}

TEST(PartitionerTest, HashIsStable) {
  // FNV-1a of "e7": fixed, so partitions (and trace hashes) are the same in every build.
  EXPECT_EQ(PartitionHash("e7"), 0x088e8107b539c2b5ULL);
  EXPECT_EQ(PartitionHash(""), 14695981039346656037ULL);
}

}  // namespace
}  // namespace faultline::models
