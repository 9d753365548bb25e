// The log side of the ordering checker (Jepsen's kafka anomalies) on hand-written
// histories: each anomaly found, and not found on its fixed twin.
#include <gtest/gtest.h>

#include "checkers/ordering/ordering_checker.h"
#include "checkers/ordering/test_lines.h"

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

// k: 1, 2, 3 at offsets 0, 1, 2, acknowledged at 10, 20, 30ms by process 1.
std::string ThreeSends() {
  return LogSend(0, 10, 1, 1, "k", 1, 0) + LogSend(11, 20, 1, 2, "k", 2, 1) +
         LogSend(21, 30, 1, 3, "k", 3, 2);
}

OrderingReport Check(const std::string& h) { return CheckOrdering(Parse(h)); }

TEST(LogAnomaliesTest, ReadingEverythingInOrderIsValid) {
  const OrderingReport r = Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2]]") +
                                 Poll(60, 70, 2, 5, "[[\"k\",2,3]]"));
  EXPECT_TRUE(r.log);
  EXPECT_FALSE(r.broker);
  EXPECT_TRUE(r.anomalies.empty()) << r.anomalies.begin()->first;
  EXPECT_TRUE(r.Valid(true));
  EXPECT_EQ(r.metrics.at("messages"), 3);
  EXPECT_EQ(r.metrics.at("polled"), 3);
}

TEST(LogAnomaliesTest, LostWrite) {
  // Process 2 reads 1, process 3 reads 3: nobody read 2, below the highest read offset.
  const std::string base =
      ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1]]") + Poll(40, 50, 3, 5, "[[\"k\",2,3]]");
  const OrderingReport r = Check(base);
  EXPECT_EQ(Count(r, "lost-write"), 1);
  EXPECT_FALSE(r.Valid(false));
  EXPECT_EQ(First(r, "lost-write"),
            "k: 2 (offset 1), sent by op 2 (c1) and acknowledged at 20ms, was never polled, "
            "though op 5 (c3) polled 3 (offset 2) after it");
  EXPECT_EQ(r.metrics.at("lost_writes"), 1);
  const OrderingReport fixed = Check(base + Poll(60, 70, 4, 6, "[[\"k\",1,2]]"));
  EXPECT_EQ(Count(fixed, "lost-write"), 0);
  EXPECT_TRUE(fixed.Valid(false));
}

TEST(LogAnomaliesTest, UnseenDoesNotDecide) {
  const OrderingReport r = Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2]]"));
  EXPECT_EQ(Count(r, "unseen"), 1);
  EXPECT_EQ(Count(r, "lost-write"), 0);
  EXPECT_TRUE(r.Valid(true));
  EXPECT_EQ(First(r, "unseen"),
            "k: 3, sent by op 3 (c1) and acknowledged at 30ms (offset 2), was never polled");
}

TEST(LogAnomaliesTest, IntPollSkip) {
  const OrderingReport r = Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",2,3]]") +
                                 Poll(40, 50, 3, 5, "[[\"k\",1,2]]"));
  EXPECT_EQ(Count(r, "int-poll-skip"), 1);
  EXPECT_EQ(First(r, "int-poll-skip"),
            "k: op 4 (c2) polled 1 (offset 0) then 3 (offset 2), skipping 2");
  const OrderingReport fixed =
      Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2],[\"k\",2,3]]"));
  EXPECT_EQ(Count(fixed, "int-poll-skip"), 0);
  EXPECT_TRUE(fixed.anomalies.empty());
}

TEST(LogAnomaliesTest, PollSkipBetweenOneProcesssPolls) {
  const std::string other = Poll(40, 50, 3, 6, "[[\"k\",1,2]]");
  const OrderingReport r = Check(ThreeSends() + other + Poll(40, 50, 2, 4, "[[\"k\",0,1]]") +
                                 Poll(60, 70, 2, 5, "[[\"k\",2,3]]"));
  EXPECT_EQ(Count(r, "poll-skip"), 1);
  EXPECT_FALSE(r.Valid(false));
  EXPECT_EQ(First(r, "poll-skip"),
            "k: op 4 (c2) last polled 1 (offset 0), then op 5 (c2) polled 3 (offset 2) first, "
            "skipping 2");
  const OrderingReport fixed = Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1]]") +
                                     Poll(60, 70, 2, 5, "[[\"k\",1,2],[\"k\",2,3]]"));
  EXPECT_TRUE(fixed.anomalies.empty());
}

TEST(LogAnomaliesTest, AssignForgetsOnlyTheKeysItDrops) {
  // As Jepsen's: an assign keeps a process's last read of the keys it still holds.
  const std::string other = Poll(40, 50, 3, 7, "[[\"k\",1,2]]");
  auto run = [&](const std::string& keys) {
    return Check(ThreeSends() + other + Poll(40, 50, 2, 4, "[[\"k\",0,1]]") +
                 Invoke(55, 2, 5, "assign", "", keys) + Ok(56, 2, 5, "assign", "", keys) +
                 Poll(60, 70, 2, 6, "[[\"k\",2,3]]"));
  };
  const OrderingReport dropped = run("[\"j\"]");
  EXPECT_TRUE(dropped.anomalies.empty()) << dropped.anomalies.begin()->first;
  EXPECT_EQ(Count(run("[\"k\"]"), "poll-skip"), 1);
}

TEST(LogAnomaliesTest, NonmonotonicPoll) {
  const OrderingReport r = Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2]]") +
                                 Poll(60, 70, 2, 5, "[[\"k\",1,2],[\"k\",2,3]]"));
  EXPECT_EQ(Count(r, "nonmonotonic-poll"), 1);
  EXPECT_FALSE(r.Valid(false));
  EXPECT_NE(First(r, "nonmonotonic-poll").find("backwards or repeated"), std::string::npos);
}

TEST(LogAnomaliesTest, IntNonmonotonicPoll) {
  const OrderingReport r =
      Check(ThreeSends() + Poll(40, 50, 2, 4, "[[\"k\",1,2],[\"k\",0,1],[\"k\",2,3]]"));
  EXPECT_EQ(Count(r, "int-nonmonotonic-poll"), 1);
  EXPECT_FALSE(r.Valid(false));
}

TEST(LogAnomaliesTest, NonmonotonicSend) {
  const std::string polls = Poll(40, 50, 2, 4, "[[\"k\",0,2],[\"k\",1,1]]");
  const OrderingReport r =
      Check(LogSend(0, 10, 1, 1, "k", 1, 1) + LogSend(11, 20, 1, 2, "k", 2, 0) + polls);
  EXPECT_EQ(Count(r, "nonmonotonic-send"), 1);
  EXPECT_EQ(First(r, "nonmonotonic-send"),
            "k: op 1 (c1) sent 1 (offset 1), then op 2 (c1) of the same process sent 2 (offset "
            "0): backwards in the log");
  const OrderingReport fixed =
      Check(LogSend(0, 10, 1, 1, "k", 1, 0) + LogSend(11, 20, 1, 2, "k", 2, 1) +
            Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2]]"));
  EXPECT_TRUE(fixed.anomalies.empty());
}

TEST(LogAnomaliesTest, InconsistentOffsets) {
  const OrderingReport r =
      Check(LogSend(0, 10, 1, 1, "k", 1, 0) + Poll(40, 50, 2, 4, "[[\"k\",0,9]]"));
  EXPECT_EQ(Count(r, "inconsistent-offsets"), 1);
  EXPECT_EQ(First(r, "inconsistent-offsets"),
            "k: offset 0 holds 2 messages: 1 (op 1 (c1) sent it), 9 (op 4 (c2) polled it)");
  const OrderingReport fixed =
      Check(LogSend(0, 10, 1, 1, "k", 1, 0) + Poll(40, 50, 2, 4, "[[\"k\",0,1]]"));
  EXPECT_TRUE(fixed.anomalies.empty());
}

TEST(LogAnomaliesTest, DuplicateAtTwoOffsets) {
  const OrderingReport r =
      Check(LogSend(0, 10, 1, 1, "k", 1, 0) + LogSend(11, 20, 1, 2, "k", 2, 1) +
            Poll(40, 50, 2, 4, "[[\"k\",0,1],[\"k\",1,2],[\"k\",2,1]]"));
  EXPECT_EQ(Count(r, "duplicate"), 1);
  EXPECT_EQ(First(r, "duplicate"), "k: 1 is at offsets 0, 2");
  EXPECT_TRUE(r.Valid(false));
  EXPECT_FALSE(r.Valid(true));
}

TEST(LogAnomaliesTest, PartitionsHoldSeveralKeys) {
  // e1 and e2 share partition 0: offsets order them together; messages stay (key, value).
  const std::string sends =
      Invoke(0, 1, 1, "send", "e1", "1") +
      "{\"time\":10000000,\"process\":1,\"op\":1,\"type\":\"ok\",\"f\":\"send\",\"key\":\"e1\","
      "\"value\":[0,1],\"partition\":0}\n" +
      Invoke(11, 1, 2, "send", "e2", "1") +
      "{\"time\":20000000,\"process\":1,\"op\":2,\"type\":\"ok\",\"f\":\"send\",\"key\":\"e2\","
      "\"value\":[1,1],\"partition\":0}\n";
  const OrderingReport skip = Check(sends + Poll(40, 50, 2, 4, "[[\"e2\",1,1]]") +
                                    Poll(40, 50, 3, 5, "[[\"e1\",0,1],[\"e2\",1,1]]"));
  EXPECT_TRUE(skip.anomalies.empty());
  const OrderingReport lost = Check(sends + Poll(40, 50, 2, 4, "[[\"e2\",1,1]]"));
  EXPECT_EQ(Count(lost, "lost-write"), 1);
  EXPECT_NE(First(lost, "lost-write").find("0: e1 1 (offset 0)"), std::string::npos)
      << First(lost, "lost-write");
}

TEST(LogAnomaliesTest, RealtimeLag) {
  // The poll at 50ms returns offset 0 only; offset 1 was acknowledged at 20ms: 30ms behind.
  const OrderingReport r =
      Check(LogSend(0, 10, 1, 1, "k", 1, 0) + LogSend(11, 20, 1, 2, "k", 2, 1) +
            Poll(50, 60, 2, 4, "[[\"k\",0,1]]") + Poll(70, 80, 2, 5, "[[\"k\",1,2]]"));
  EXPECT_EQ(r.metrics.at("realtime_lag_max_ns"), 30 * kMs);
  EXPECT_EQ(r.metrics.at("realtime_lag_p50_ns"), 0);
}

}  // namespace
}  // namespace faultline::checkers::ordering

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

std::string PartSend(int64_t from, int64_t to, int64_t process, int64_t op, const std::string& key,
                     int64_t value, int64_t offset, int64_t partition) {
  return Invoke(from, process, op, "send", key, absl::StrCat(value)) +
         Ok(to, process, op, "send", key, absl::StrCat("[", offset, ",", value, ",", partition, "]"));
}

// A round-robin partitioner puts one key on several partitions: each message's offset
// belongs to its own partition, so offset 0 of partitions 0 and 1 is no conflict.
TEST(LogAnomaliesTest, OffsetsAreGroupedByEachMessagesPartition) {
  const std::string sends = PartSend(0, 10, 1, 1, "e1", 1, 0, 0) +
                            PartSend(11, 20, 1, 2, "e1", 2, 0, 1) +
                            PartSend(21, 30, 1, 3, "e1", 3, 1, 0);
  const OrderingReport r =
      CheckOrdering(Parse(sends + Poll(40, 50, 2, 4, "[[\"e1\",0,1,0],[\"e1\",1,3,0]]") +
                          Poll(60, 70, 2, 5, "[[\"e1\",0,2,1]]")));
  EXPECT_TRUE(r.anomalies.empty()) << r.anomalies.begin()->first << ": "
                                   << r.anomalies.begin()->second.examples[0];
  // The same history with the partition left out reads one stream of e1: offset 0 twice.
  const OrderingReport merged =
      CheckOrdering(Parse(LogSend(0, 10, 1, 1, "e1", 1, 0) + LogSend(11, 20, 1, 2, "e1", 2, 0) +
                          LogSend(21, 30, 1, 3, "e1", 3, 1)));
  EXPECT_EQ(Count(merged, "inconsistent-offsets"), 1);
}

// With partitions, a skip within one partition is still a skip.
TEST(LogAnomaliesTest, PollSkipWithinAPartition) {
  const std::string sends = PartSend(0, 10, 1, 1, "e1", 1, 0, 3) +
                            PartSend(11, 20, 1, 2, "e2", 1, 1, 3) +
                            PartSend(21, 30, 1, 3, "e1", 2, 2, 3);
  const OrderingReport r = CheckOrdering(
      Parse(sends + Poll(40, 50, 2, 4, "[[\"e1\",0,1,3]]") + Poll(60, 70, 2, 5, "[[\"e1\",2,2,3]]") +
            Poll(80, 90, 3, 6, "[[\"e1\",0,1,3],[\"e2\",1,1,3],[\"e1\",2,2,3]]")));
  EXPECT_EQ(Count(r, "poll-skip"), 1);
  EXPECT_EQ(First(r, "poll-skip"),
            "3: op 4 (c2) last polled e1 1 (offset 0), then op 5 (c2) polled e1 2 (offset 2) "
            "first, skipping e2 1");
}

// No poll returned anything (a consumer group applied the messages instead): the log side
// does not call every message unseen.
TEST(LogAnomaliesTest, NoPollsNoUnseen) {
  const OrderingReport r = CheckOrdering(Parse(PartSend(0, 10, 1, 1, "e1", 1, 0, 0)));
  EXPECT_EQ(Count(r, "unseen"), 0) << First(r, "unseen");
}

}  // namespace
}  // namespace faultline::checkers::ordering
