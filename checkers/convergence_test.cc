#include "checkers/convergence.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

using testing::Hist;
using testing::Keyed;
using Verdict = ConvergenceResult::Verdict;

// node's copy of key, read over [call, call + 1].
Operation Copy(const std::string& node, const std::string& key, Value copy, int64_t call,
               Status status = Status::kOk) {
  return Keyed(testing::Op(0, kReplicaReadF, Value::Str(node), {}, std::move(copy), call, call + 1,
                           status),
               key);
}

TEST(ConvergenceTest, NoReplicaReadsIsUnknown) {
  const ConvergenceResult r = CheckConvergence(Hist({testing::W(0, 1, 0, 10)}));
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.unknown_reason.find("checkers: [convergence]"), std::string::npos);
}

TEST(ConvergenceTest, OneAgreeingRoundConvergesAtOnce) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Int(5), 110),
      Copy("n1", "k1", Value::Nil(), 120), Copy("n2", "k1", Value::Nil(), 130)}));
  EXPECT_EQ(r.verdict, Verdict::kConverged);
  EXPECT_EQ(r.rounds, 1);
  EXPECT_EQ(r.converged_round, 0);
  EXPECT_EQ(r.time_to_converge_ns, 0);
}

// Round 0 differs on k0, round 1 agrees: converged, 200 ns after the first read.
TEST(ConvergenceTest, TimeToConvergeRunsToTheFirstAgreeingRound) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Int(4), 110),
      Copy("n1", "k0", Value::Int(5), 300), Copy("n2", "k0", Value::Int(5), 310)}));
  EXPECT_EQ(r.verdict, Verdict::kConverged);
  EXPECT_EQ(r.rounds, 2);
  EXPECT_EQ(r.converged_round, 1);
  EXPECT_EQ(r.converged_at_ns, 300);
  EXPECT_EQ(r.time_to_converge_ns, 200);
}

TEST(ConvergenceTest, DifferingCopiesInTheLastRoundDiverge) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Int(5), 110),
      Copy("n3", "k0", Value::Int(4), 120), Copy("n1", "k1", Value::Int(7), 130),
      Copy("n2", "k1", Value::Int(7), 140), Copy("n3", "k1", Value::Int(7), 150)}));
  EXPECT_EQ(r.verdict, Verdict::kDiverged);
  EXPECT_EQ(r.divergent_keys, 1);
  ASSERT_EQ(r.divergent.size(), 1u);
  EXPECT_EQ(r.divergent[0].key, "k0");
  ASSERT_EQ(r.divergent[0].copies.size(), 3u);
  EXPECT_EQ(r.divergent[0].copies[2].first, "n3");
  EXPECT_EQ(r.divergent[0].copies[2].second, Value::Int(4));
  EXPECT_EQ(r.divergent[0].ops, (std::vector<size_t>{0, 1, 2}));
}

// A node that keeps no copy answers fail: it neither agrees nor differs.
TEST(ConvergenceTest, FailedReplicaReadsDoNotCount) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Nil(), 110, Status::kFail),
      Copy("n3", "k0", Value::Int(5), 120)}));
  EXPECT_EQ(r.verdict, Verdict::kConverged);
}

// A lost message: the same read tried again in the same round, answered this time.
TEST(ConvergenceTest, ARetriedReadStaysInItsRound) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Unknown(), 110, Status::kInfo),
      Copy("n2", "k0", Value::Int(5), 200)}));
  EXPECT_EQ(r.verdict, Verdict::kConverged);
  EXPECT_EQ(r.rounds, 1);
  EXPECT_EQ(r.time_to_converge_ns, 0);
}

TEST(ConvergenceTest, ATimedOutReadLeavesTheLastRoundUnknown) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Int(5), 100), Copy("n2", "k0", Value::Unknown(), 110, Status::kInfo)}));
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.unknown_reason.find("timed out"), std::string::npos);
}

// Siblings (a list of values) are one copy: equal lists agree.
TEST(ConvergenceTest, EqualSiblingSetsAgree) {
  const ConvergenceResult r = CheckConvergence(Hist({
      Copy("n1", "k0", Value::Set({3, 5}), 100), Copy("n2", "k0", Value::Set({5, 3}), 110)}));
  EXPECT_EQ(r.verdict, Verdict::kConverged);
}

}  // namespace
}  // namespace faultline::checkers
