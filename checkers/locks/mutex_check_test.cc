// The mutex checker over acquire/release ops synthesized from the pods' observations.
#include "checkers/locks/mutex_check.h"

#include <gtest/gtest.h>

#include <string>

#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {
namespace {

LockHistory MutexFixture(const std::string& name) {
  absl::StatusOr<LockHistory> h = ReadLockHistoryFile("checkers/locks/testdata/" + name);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *std::move(h) : LockHistory{};
}

TEST(MutexCheckTest, SynthesizesAcquireAtFirstAttemptAndReleaseAtItsLine) {
  const MutexHistory m = BuildMutexHistory(MutexFixture("clean.jsonl"));
  ASSERT_EQ(m.history.ops.size(), 4u);
  const Operation& a = m.history.ops[0];
  EXPECT_EQ(a.f, "acquire");
  EXPECT_EQ(a.client, "n2/t1");
  EXPECT_EQ(a.call, 0);  // 2ms - wait 2ms
  EXPECT_EQ(a.ret, 2'000'000);
  // In call order: n3/t1 began trying (16ms - wait 5ms) before n2/t1 released.
  EXPECT_EQ(m.history.ops[1].call, 11'000'000);
  EXPECT_EQ(m.names[1], "acquire by n3/t1 (op 2, token 2) at [11ms, 16ms], line 9");
  EXPECT_EQ(m.history.ops[2].f, "release");
  EXPECT_EQ(m.history.ops[2].call, 14'000'000);
  EXPECT_EQ(m.history.ops[2].ret, 14'000'000);
}

TEST(MutexCheckTest, CleanHandOffIsLinearizable) {
  const MutexOutcome m = CheckMutex(MutexFixture("clean.jsonl"), {});
  EXPECT_EQ(m.result.verdict, Verdict::kLinearizable);
  EXPECT_TRUE(m.evidence.empty());
}

TEST(MutexCheckTest, ALeaseExpiredUnderAPausedHolderIsANonLinearizableAcquire) {
  const MutexOutcome m = CheckMutex(MutexFixture("paused-unfenced.jsonl"), {});
  ASSERT_EQ(m.result.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(m.evidence.substr(0, m.evidence.find(". The search: ")),
            "L1: the acquire by n3/t1 (op 2, token 2) returned at 1.801s (line 6) while n2/t1 "
            "still held the lock: its acquire (op 1, token 1) returned at 2ms and its release "
            "came only at 3.37s. The server granted the lock again while n2/t1 still believed "
            "it held it: the lease expired under it (a pause past its TTL, or a clock jump on "
            "the server)");
  EXPECT_NE(m.evidence.find(". The search: key 'L1': the longest linearizable prefix"),
            std::string::npos)
      << m.evidence;
}

TEST(MutexCheckTest, AHolderWhosePodCrashedReleasesByItsRestart) {
  // n2/t1 never releases: its pod crashed and restarted at 1.5s; the lease then expired
  // and n3/t1 acquired at 1.8s. No one believed in two holders at once.
  const LockHistory h = MutexFixture("crashed-holder.jsonl");
  const MutexHistory m = BuildMutexHistory(h);
  ASSERT_EQ(m.history.ops.size(), 4u);
  EXPECT_EQ(m.history.ops[1].f, "release");
  EXPECT_EQ(m.history.ops[1].client, "n2/t1");
  EXPECT_EQ(m.history.ops[1].call, 2'000'000);
  EXPECT_EQ(m.history.ops[1].ret, 1'500'000'000);
  const MutexOutcome out = CheckMutex(h, {});
  EXPECT_EQ(out.result.verdict, Verdict::kLinearizable) << out.evidence;
}

TEST(MutexCheckTest, RedlockDoubleGrantIsNonLinearizable) {
  const MutexOutcome m = CheckMutex(MutexFixture("redlock-clock-jump.jsonl"), {});
  ASSERT_EQ(m.result.verdict, Verdict::kNotLinearizable);
  EXPECT_NE(m.evidence.find("the acquire by n7/t1"), std::string::npos) << m.evidence;
}

}  // namespace
}  // namespace faultline::checkers::locks
