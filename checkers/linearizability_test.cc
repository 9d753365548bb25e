#include "checkers/linearizability.h"

#include <gtest/gtest.h>

#include <vector>

#include "checkers/spec.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

using testing::Cas;
using testing::Hist;
using testing::Keyed;
using testing::Op;
using testing::R;
using testing::RNil;
using testing::RUnknown;
using testing::W;

CheckResult Check(const History& h, const char* spec = "register") {
  const Spec* m = FindSpec(spec);
  EXPECT_NE(m, nullptr);
  return CheckLinearizability(h, *m, CheckOptions{});
}

TEST(LinearizabilityTest, EmptyHistoryIsLinearizable) {
  EXPECT_EQ(Check(Hist({})).verdict, Verdict::kLinearizable);
}

TEST(LinearizabilityTest, SequentialHistory) {
  const CheckResult r =
      Check(Hist({RNil(0, 0, 1), W(0, 1, 2, 3), R(1, 1, 4, 5), Cas(1, 1, 2, 6, 7), R(0, 2, 8, 9)}));
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
  EXPECT_GT(r.states_explored, 0u);
}

TEST(LinearizabilityTest, ConcurrentReadMaySeeEitherValue) {
  // The read overlaps the write of 2, so both 1 and 2 are fine.
  EXPECT_EQ(Check(Hist({W(0, 1, 0, 5), W(1, 2, 10, 20), R(2, 1, 12, 15)})).verdict,
            Verdict::kLinearizable);
  EXPECT_EQ(Check(Hist({W(0, 1, 0, 5), W(1, 2, 10, 20), R(2, 2, 12, 15)})).verdict,
            Verdict::kLinearizable);
}

TEST(LinearizabilityTest, OrderNeedsReorderingOfCalls) {
  // Calls in order w1, w2 but w2 must take effect first because r1 follows both.
  EXPECT_EQ(Check(Hist({W(0, 1, 0, 10), W(1, 2, 1, 10), R(2, 1, 11, 12)})).verdict,
            Verdict::kLinearizable);
}

TEST(LinearizabilityTest, StaleReadIsCaughtWithEvidence) {
  const CheckResult r = Check(Hist({W(0, 1, 0, 10), W(1, 2, 20, 30), R(2, 1, 40, 50)}));
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->longest_prefix, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(r.violation->stuck_op, 2u);
  EXPECT_TRUE(r.violation->concurrent.empty());
  EXPECT_NE(r.violation->explanation.find("state 2"), std::string::npos)
      << r.violation->explanation;
  EXPECT_NE(r.violation->explanation.find("; op 3 (process 2) read -> 1 [40, 50] cannot come next"),
            std::string::npos)
      << r.violation->explanation;
}

TEST(LinearizabilityTest, LostUpdateIsCaught) {
  // Two cas from 0 both succeed: one of the updates must have been lost.
  const CheckResult r =
      Check(Hist({W(0, 0, 0, 1), Cas(1, 0, 1, 2, 10), Cas(2, 0, 2, 3, 11), R(0, 2, 20, 21)}));
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->longest_prefix.size(), 2u);
  // Deepest prefix: the write and cas #1; cas #2 then cannot be placed before it returns.
  EXPECT_EQ(r.violation->longest_prefix, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(r.violation->stuck_op, 2u);
  EXPECT_EQ(r.violation->concurrent, (std::vector<size_t>{1}));
}

TEST(LinearizabilityTest, ReadOfValueNeverWrittenIsCaught) {
  const CheckResult r = Check(Hist({W(0, 1, 0, 10), R(1, 7, 5, 15)}));
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->stuck_op, 1u);
  EXPECT_EQ(r.violation->concurrent, (std::vector<size_t>{0}));
  EXPECT_EQ(r.violation->longest_prefix, (std::vector<size_t>{0}));
}

TEST(LinearizabilityTest, NonMonotonicReadsAreCaught) {
  // The write of 2 is concurrent with both reads, but once a read sees 2 a later read
  // cannot see 1 again.
  const CheckResult r =
      Check(Hist({W(0, 1, 0, 1), W(1, 2, 5, 100), R(2, 2, 10, 20), R(2, 1, 30, 40)}));
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->stuck_op, 3u);
  EXPECT_EQ(r.violation->longest_prefix, (std::vector<size_t>{0, 1, 2}));
}

TEST(LinearizabilityTest, EqualTimestampsCountAsConcurrent) {
  // The read returns at 10, exactly when the write is called: they may overlap.
  EXPECT_EQ(Check(Hist({W(0, 1, 10, 20), R(1, 1, 0, 10)})).verdict, Verdict::kLinearizable);
  EXPECT_EQ(Check(Hist({W(0, 1, 11, 20), R(1, 1, 0, 10)})).verdict, Verdict::kNotLinearizable);
}

TEST(LinearizabilityTest, InfoWriteMayOrMayNotTakeEffect) {
  const Operation info = W(0, 1, 0, 0, Status::kInfo);
  EXPECT_EQ(Check(Hist({info, RNil(1, 10, 20)})).verdict, Verdict::kLinearizable);
  EXPECT_EQ(Check(Hist({info, R(1, 1, 10, 20)})).verdict, Verdict::kLinearizable);
  // Both readings in one history: nil first, then 1 (it took effect in between).
  EXPECT_EQ(Check(Hist({info, RNil(1, 10, 20), R(1, 1, 30, 40)})).verdict, Verdict::kLinearizable);
  // But not 1 then nil: once it took effect it stays.
  EXPECT_EQ(Check(Hist({info, R(1, 1, 10, 20), RNil(1, 30, 40)})).verdict,
            Verdict::kNotLinearizable);
}

TEST(LinearizabilityTest, InfoOpCannotTakeEffectBeforeItsCall) {
  EXPECT_EQ(Check(Hist({R(1, 1, 0, 5), W(0, 1, 10, 0, Status::kInfo)})).verdict,
            Verdict::kNotLinearizable);
}

TEST(LinearizabilityTest, FailOpsAreIgnored) {
  // A failed write of 5 never happened, so reading 5 is a violation and reading nil is not.
  const Operation failed = W(0, 5, 0, 10, Status::kFail);
  EXPECT_EQ(Check(Hist({failed, RNil(1, 20, 30)})).verdict, Verdict::kLinearizable);
  const CheckResult r = Check(Hist({failed, R(1, 5, 20, 30)}));
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->stuck_op, 1u);  // indices are into the full history
  EXPECT_TRUE(r.violation->concurrent.empty());
}

TEST(LinearizabilityTest, UnknownOutputMatchesAnything) {
  EXPECT_EQ(Check(Hist({W(0, 1, 0, 10), RUnknown(1, 20, 30), R(1, 1, 40, 50)})).verdict,
            Verdict::kLinearizable);
}

TEST(LinearizabilityTest, UnknownFunctionIsNotLinearizable) {
  EXPECT_EQ(Check(Hist({Op(0, "frobnicate", {}, {}, {}, 0, 1)})).verdict,
            Verdict::kNotLinearizable);
}

TEST(LinearizabilityTest, KeysArePartitionedAndCheckedInOrder) {
  const History ok = Hist({Keyed(W(0, 1, 0, 10), "a"), Keyed(W(1, 2, 0, 10), "b"),
                           Keyed(R(2, 1, 20, 30), "a"), Keyed(R(2, 2, 40, 50), "b")});
  EXPECT_EQ(Check(ok, "kv").verdict, Verdict::kLinearizable);
  const History bad =
      Hist({Keyed(R(0, 9, 0, 1), "z"), Keyed(W(0, 1, 0, 10), "b"), Keyed(R(2, 2, 20, 30), "b")});
  const CheckResult r = Check(bad, "kv");
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->key, "b");  // "b" sorts before "z"
  EXPECT_EQ(r.violation->stuck_op, 2u);
}

TEST(LinearizabilityTest, PorcupineKvStrings) {
  auto put = [](int64_t p, std::string v, int64_t c, int64_t r) {
    return Op(p, "put", Value::Str(std::move(v)), {}, {}, c, r);
  };
  auto append = [](int64_t p, std::string v, int64_t c, int64_t r) {
    return Op(p, "append", Value::Str(std::move(v)), {}, {}, c, r);
  };
  auto get = [](int64_t p, std::string v, int64_t c, int64_t r) {
    return Op(p, "get", {}, {}, Value::Str(std::move(v)), c, r);
  };
  EXPECT_EQ(Check(Hist({get(0, "", 0, 1), put(0, "x", 2, 3), append(1, "y", 4, 10),
                        append(2, "z", 5, 10), get(0, "xzy", 11, 12)}),
                  "kv")
                .verdict,
            Verdict::kLinearizable);
  EXPECT_EQ(Check(Hist({put(0, "x", 0, 1), append(1, "y", 2, 3), get(0, "x", 4, 5)}), "kv").verdict,
            Verdict::kNotLinearizable);
}

TEST(LinearizabilityTest, BudgetExhaustedIsUnknown) {
  CheckOptions options;
  options.out_of_budget = [] { return true; };
  const CheckResult r =
      CheckLinearizability(Hist({W(0, 1, 0, 10)}), *FindSpec("register"), options);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.unknown_reason.find("budget"), std::string::npos) << r.unknown_reason;
  EXPECT_FALSE(r.violation.has_value());
}

TEST(LinearizabilityTest, MemoryLimitIsUnknown) {
  CheckOptions options;
  options.memory_limit_bytes = 1;
  const CheckResult r =
      CheckLinearizability(Hist({W(0, 1, 0, 10), R(1, 1, 20, 30)}), *FindSpec("register"), options);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.unknown_reason.find("memory"), std::string::npos) << r.unknown_reason;
}

TEST(LinearizabilityTest, MemoryStopOnOneKeyStillChecksLaterKeys) {
  CheckOptions options;
  options.memory_limit_bytes = 1;
  // Key "a" gives up at its first cached state; key "b" fails before caching anything.
  const History h = Hist({Keyed(W(0, 1, 0, 10), "a"), Keyed(R(1, 9, 0, 10), "b")});
  const CheckResult r = CheckLinearizability(h, *FindSpec("kv"), options);
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->key, "b");
  EXPECT_TRUE(r.unknown_reason.empty());
}

TEST(LinearizabilityTest, ManyConcurrentWritesStayFast) {
  // 12 concurrent writes then a read: memoisation keeps this to 2^12 sets, not 12!.
  std::vector<Operation> ops;
  for (int i = 0; i < 12; ++i) ops.push_back(W(i, i, 0, 100));
  ops.push_back(R(0, 7, 200, 300));
  const CheckResult r = Check(Hist(ops));
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
}

}  // namespace
}  // namespace faultline::checkers
