#include "models/kv/replica_rounds.h"

#include <gtest/gtest.h>

#include "models/kv/kv_workload.h"

namespace faultline::models {
namespace {

using sim::OpOutcome;
using sim::Value;

TEST(ReplicaRoundsTest, ReadsEveryKeyAtEveryNodeKeyByKey) {
  ReplicaRounds rounds(/*nodes=*/2, /*keys=*/2);
  const std::vector<std::pair<std::string, int>> want = {{"k0", 0}, {"k0", 1}, {"k1", 0}, {"k1", 1}};
  for (const auto& [key, node] : want) {
    std::optional<sim::Op> op = rounds.Next();
    ASSERT_TRUE(op.has_value());
    EXPECT_EQ(op->f, kReadLocal);
    EXPECT_EQ(op->key, Value::Str(key));
    EXPECT_EQ(op->node, node);
    EXPECT_EQ(op->value, Value::Str(node == 0 ? "n1" : "n2"));
    rounds.Record(OpOutcome::kOk, Value::Int(7));
  }
  EXPECT_FALSE(rounds.Next().has_value()) << "one agreeing round is enough";
  EXPECT_EQ(rounds.rounds_started(), 1);
}

TEST(ReplicaRoundsTest, RepeatsUntilTheCopiesAgree) {
  ReplicaRounds rounds(/*nodes=*/2, /*keys=*/1);
  ASSERT_TRUE(rounds.Next());
  rounds.Record(OpOutcome::kOk, Value::Int(1));
  ASSERT_TRUE(rounds.Next());
  rounds.Record(OpOutcome::kOk, Value::Int(2));  // differs: another round
  ASSERT_TRUE(rounds.Next());
  rounds.Record(OpOutcome::kFail, Value());  // n1 keeps no copy: does not count
  ASSERT_TRUE(rounds.Next());
  rounds.Record(OpOutcome::kOk, Value::Int(2));
  EXPECT_FALSE(rounds.Next().has_value());
  EXPECT_EQ(rounds.rounds_started(), 2);
}

TEST(ReplicaRoundsTest, ATimedOutReadIsTriedAgainInItsRound) {
  ReplicaRounds rounds(/*nodes=*/2, /*keys=*/1);
  ASSERT_TRUE(rounds.Next());
  rounds.Record(OpOutcome::kOk, Value::Int(1));
  std::optional<sim::Op> first = rounds.Next();
  ASSERT_TRUE(first);
  rounds.Record(OpOutcome::kInfo, Value());
  std::optional<sim::Op> again = rounds.Next();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->node, first->node);
  EXPECT_TRUE(again->probe);
  rounds.Record(OpOutcome::kOk, Value::Int(1));
  EXPECT_FALSE(rounds.Next().has_value()) << "the retry agreed: one round";
  EXPECT_EQ(rounds.rounds_started(), 1);
}

TEST(ReplicaRoundsTest, ATimeoutForcesAnotherRoundAndRoundsAreBounded) {
  ReplicaRounds rounds(/*nodes=*/1, /*keys=*/1);
  int reads = 0;
  while (rounds.Next()) {
    rounds.Record(OpOutcome::kInfo, Value());
    ++reads;
  }
  EXPECT_EQ(reads, ReplicaRounds::kMaxRounds * ReplicaRounds::kReadAttempts);
}

}  // namespace
}  // namespace faultline::models
