#include "models/raft/raft_log.h"

#include <gtest/gtest.h>

namespace faultline::models {
namespace {

LogEntry E(int64_t term, int64_t value = 0) {
  return LogEntry{
      .term = term, .f = "write", .key = sim::Value::Str("k"), .value = sim::Value::Int(value)};
}

std::vector<int64_t> Terms(const RaftLog& log) {
  std::vector<int64_t> terms;
  for (int64_t i = 1; i <= log.last_index(); ++i) terms.push_back(log.TermAt(i));
  return terms;
}

TEST(RaftLogTest, EmptyLogMatchesOnlyTheEmptyPrefix) {
  sim::DurableLog<LogEntry> disk;
  RaftLog log(disk);
  EXPECT_EQ(log.last_index(), 0);
  EXPECT_EQ(log.last_term(), 0);
  EXPECT_TRUE(log.Matches(0, 0));
  EXPECT_FALSE(log.Matches(1, 1));
}

TEST(RaftLogTest, AppendFromTruncatesOnlyAtAConflict) {
  sim::DurableLog<LogEntry> disk;
  RaftLog log(disk);
  EXPECT_EQ(log.AppendFrom(1, {E(1), E(1), E(2), E(2)}), 0);
  // A late, shorter message with entries already present changes nothing.
  EXPECT_EQ(log.AppendFrom(2, {E(1)}), 0);
  EXPECT_EQ(Terms(log), (std::vector<int64_t>{1, 1, 2, 2}));
  // A conflict at index 3 drops 3.. and appends the leader's entries.
  EXPECT_EQ(log.AppendFrom(3, {E(3)}), 3);
  EXPECT_EQ(Terms(log), (std::vector<int64_t>{1, 1, 3}));
}

TEST(RaftLogTest, ConflictHintNamesTheFirstIndexOfTheConflictingTerm) {
  sim::DurableLog<LogEntry> disk;
  RaftLog log(disk);
  log.AppendFrom(1, {E(1), E(2), E(2), E(2)});
  EXPECT_EQ(log.ConflictHint(4), (std::pair<int64_t, int64_t>{2, 2}));
  // Shorter than prev_index: no term, retry just past our end.
  EXPECT_EQ(log.ConflictHint(9), (std::pair<int64_t, int64_t>{0, 5}));
}

TEST(RaftLogTest, LeaderSkipsAWholeTermPerRoundTrip) {
  sim::DurableLog<LogEntry> disk;
  RaftLog leader(disk);
  leader.AppendFrom(1, {E(1), E(1), E(3), E(3), E(4)});
  // The follower has term 2 at the conflict from index 3: the leader has no term 2.
  EXPECT_EQ(leader.NextIndexAfterConflict(2, 3), 3);
  // The follower has term 1 from index 1: resend after the leader's last term-1 entry.
  EXPECT_EQ(leader.NextIndexAfterConflict(1, 1), 3);
  EXPECT_EQ(leader.NextIndexAfterConflict(0, 2), 2);
}

TEST(RaftLogTest, UpToDateComparesLastTermThenLength) {
  sim::DurableLog<LogEntry> disk;
  RaftLog log(disk);
  log.AppendFrom(1, {E(1), E(2), E(2)});
  EXPECT_TRUE(log.CandidateUpToDate(1, 3));   // higher last term, shorter log
  EXPECT_TRUE(log.CandidateUpToDate(3, 2));   // same term, as long
  EXPECT_FALSE(log.CandidateUpToDate(2, 2));  // same term, shorter
  EXPECT_FALSE(log.CandidateUpToDate(9, 1));  // older last term, longer
}

TEST(RaftLogTest, SliceIsBoundedByBatchAndLogEnd) {
  sim::DurableLog<LogEntry> disk;
  RaftLog log(disk);
  log.AppendFrom(1, {E(1, 10), E(1, 11), E(1, 12)});
  EXPECT_EQ(log.Slice(2, 64).size(), 2u);
  EXPECT_EQ(log.Slice(1, 1).at(0).value, sim::Value::Int(10));
  EXPECT_TRUE(log.Slice(4, 64).empty());
}

}  // namespace
}  // namespace faultline::models
