#include "models/mq/ready_queue.h"

#include <gtest/gtest.h>

#include <set>

namespace faultline::models {
namespace {

using sim::Value;
using Dispatch = MqOptions::Dispatch;

const Value kA = Value::Str("e1");
const Value kB = Value::Str("e2");

TEST(ReadyQueueTest, SharedIsOneFifoAndReturnsGoToTheTail) {
  ReadyQueue q(Dispatch::kShared, 2);
  q.Push(1, kA);
  q.Push(2, kA);
  q.Push(3, kB);
  EXPECT_EQ(q.Take(0), 1);
  q.Return(1, kA);  // nacked: behind 2 and 3, as RabbitMQ requeues
  EXPECT_EQ(q.Take(1), 2);
  EXPECT_EQ(q.Take(1), 3);
  EXPECT_EQ(q.Take(0), 1);
  EXPECT_EQ(q.Take(0), std::nullopt);
  EXPECT_EQ(q.size(), 0u);
}

TEST(ReadyQueueTest, GroupsHaveOneMessagePerKeyInFlightAndKeepTheirOrder) {
  ReadyQueue q(Dispatch::kGroups, 3);
  q.Push(1, kA);
  q.Push(2, kA);
  q.Push(3, kB);
  EXPECT_EQ(q.Take(0), 1);
  EXPECT_EQ(q.Take(1), 3);             // e1's next waits for 1; e2 is free
  EXPECT_EQ(q.Take(2), std::nullopt);  // both groups in flight
  q.Release(kA);
  q.Return(1, kA);  // 1 came back: it stays ahead of 2
  EXPECT_EQ(q.Take(2), 1);
  EXPECT_EQ(q.Take(2), std::nullopt);
  q.Release(kA);  // 1 acked
  EXPECT_EQ(q.Take(0), 2);
  EXPECT_EQ(q.size(), 0u);
}

TEST(ReadyQueueTest, GroupsServeTheOldestEligibleMessageFirst) {
  ReadyQueue q(Dispatch::kGroups, 1);
  q.Push(5, kB);
  q.Push(7, kA);
  q.Push(9, kB);
  EXPECT_EQ(q.Take(0), 5);
  EXPECT_EQ(q.Take(0), 7);
  q.Release(kB);
  EXPECT_EQ(q.Take(0), 9);
}

TEST(ReadyQueueTest, ConsistentHashGivesEachKeyToOneConsumer) {
  ReadyQueue q(Dispatch::kConsistentHash, 3);
  const int owner = ConsumerOfKey(kA, 3);
  q.Push(1, kA);
  q.Push(2, kA);
  for (int c = 0; c < 3; ++c) {
    if (c != owner) {
      EXPECT_EQ(q.Take(c), std::nullopt) << c;  // waits for its owner
    }
  }
  EXPECT_EQ(q.Take(owner), 1);
  q.Return(1, kA);
  EXPECT_EQ(q.Take(owner), 2);
  EXPECT_EQ(q.Take(owner), 1);
}

TEST(ReadyQueueTest, ConsumerOfKeyIsStableAndSpreadsKeys) {
  std::set<int> owners;
  for (int i = 0; i < 50; ++i) {
    const Value key = Value::Str("e" + std::to_string(i));
    const int c = ConsumerOfKey(key, 4);
    EXPECT_EQ(c, ConsumerOfKey(key, 4));
    EXPECT_GE(c, 0);
    EXPECT_LT(c, 4);
    owners.insert(c);
  }
  EXPECT_EQ(owners.size(), 4u);
  // FNV-1a of "e1" is pinned: a change would move the keys of every recorded run.
  EXPECT_EQ(ConsumerOfKey(kA, 7), 0);
}

}  // namespace
}  // namespace faultline::models
