// The mutual-exclusion checker on the hand-written histories of checkers/locks/testdata
// (docs/lock-checker.md walks through them): a clean hand-off, a paused holder's overlap
// unfenced, fenced, harmless and without a resource, and a Redlock double grant after a
// clock jump.
#include "checkers/locks/mutual_exclusion.h"

#include <gtest/gtest.h>

#include <string>

#include "base/text_file.h"
#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {
namespace {

constexpr double kMs = 1e6;

LockHistory Fixture(const std::string& name) {
  absl::StatusOr<LockHistory> h = ReadLockHistoryFile("checkers/locks/testdata/" + name);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *std::move(h) : LockHistory{};
}

int64_t CountOf(const LockReport& r, const std::string& kind) {
  const auto it = r.anomalies.find(kind);
  return it == r.anomalies.end() ? 0 : it->second.count;
}

std::string FirstExample(const LockReport& r, const std::string& kind) {
  const auto it = r.anomalies.find(kind);
  return it == r.anomalies.end() || it->second.examples.empty() ? "" : it->second.examples[0];
}

TEST(MutualExclusionTest, CleanHandOffIsValidWithExactMetrics) {
  const LockHistory h = Fixture("clean.jsonl");
  ASSERT_EQ(h.requests.size(), 4u);
  const LockReport r = CheckMutualExclusion(h);
  EXPECT_TRUE(r.Valid());
  EXPECT_TRUE(r.anomalies.empty());
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("requests"), 4);
  EXPECT_EQ(m.at("ok"), 2);
  EXPECT_EQ(m.at("timeouts"), 1);
  EXPECT_EQ(m.at("rejected"), 1);
  EXPECT_EQ(m.at("busy"), 0);
  EXPECT_EQ(m.at("lock_timeouts"), 0);
  EXPECT_EQ(m.at("fenced"), 0);
  // Two ok per offered-load window: the first invocation (0) to the last (30ms).
  EXPECT_DOUBLE_EQ(m.at("qps"), 2 / 0.03);
  EXPECT_EQ(m.at("latency_p50_ns"), 250 * kMs);
  EXPECT_EQ(m.at("latency_p99_ns"), 260 * kMs);
  EXPECT_EQ(m.at("latency_max_ns"), 260 * kMs);
  EXPECT_EQ(m.at("acquisitions"), 2);
  EXPECT_EQ(m.at("retries_per_acquisition"), 1.0);    // 1 and 3 attempts
  EXPECT_DOUBLE_EQ(m.at("wait_share"), 7.0 / 510.0);  // (2ms + 5ms) / (250ms + 260ms)
  EXPECT_EQ(m.at("max_wait_ns"), 5 * kMs);
  EXPECT_EQ(m.at("lock_wait_p99_ns"), 5 * kMs);
  EXPECT_EQ(m.at("pod_share_min"), 0.5);
  EXPECT_EQ(m.at("pod_share_max"), 0.5);
  EXPECT_DOUBLE_EQ(m.at("server_utilisation"), 1.8e6 / 200e6);
  EXPECT_EQ(m.at("server_queue_p50"), 0);
  EXPECT_EQ(m.at("server_queue_max"), 2);
  EXPECT_EQ(m.at("overlaps"), 0);
  EXPECT_EQ(m.at("overlaps_fenced"), 0);
  EXPECT_EQ(m.at("stale_writes"), 0);
}

TEST(MutualExclusionTest, PausedHolderWithAcceptedStaleWriteIsInvalid) {
  const LockReport r = CheckMutualExclusion(Fixture("paused-unfenced.jsonl"));
  EXPECT_FALSE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap"), 1);
  EXPECT_EQ(CountOf(r, "stale-write"), 1);
  EXPECT_EQ(r.metrics.at("overlaps"), 1);
  EXPECT_EQ(r.metrics.at("stale_writes"), 1);
  EXPECT_EQ(FirstExample(r, "overlap"),
            "L1: n2/t1 (op 1, token 1, TTL 1s, granted 1ms by n1) still believed it held the "
            "lock when n3/t1 (op 2, token 2, TTL 1s, granted 1.8s by n1) got it (acquire at "
            "1.801s); n2/t1 believed it until 3.37s (released), 2.369s past its TTL (its lease "
            "ran out at 1.001s); its write at 3.36s with token 1 was accepted by n4 (highest "
            "before: 2). n2 was paused for 2.1s from 1.25s: its pause monitor's tick fired late "
            "(line 10).");
  EXPECT_EQ(FirstExample(r, "stale-write"),
            "L1: n4 accepted the write of n2/t1 (op 1) with token 1 at 3.36s (line 11) after "
            "accepting token 2 from n3/t1 (op 2) at 1.811s");
}

TEST(MutualExclusionTest, FencedOverlapIsValidAndCounted) {
  const LockReport r = CheckMutualExclusion(Fixture("paused-fenced.jsonl"));
  EXPECT_TRUE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap-fenced"), 1);
  EXPECT_EQ(CountOf(r, "overlap"), 0);
  EXPECT_EQ(r.metrics.at("overlaps"), 1);
  EXPECT_EQ(r.metrics.at("overlaps_fenced"), 1);
  EXPECT_EQ(r.metrics.at("fenced"), 1);
  EXPECT_NE(FirstExample(r, "overlap-fenced")
                .find("the resource refused its 1 write(s) after that (token 1, highest "
                      "accepted 2): fenced"),
            std::string::npos)
      << FirstExample(r, "overlap-fenced");
}

TEST(MutualExclusionTest, OverlapWithoutLaterWritesIsHarmless) {
  const LockReport r = CheckMutualExclusion(Fixture("paused-harmless.jsonl"));
  EXPECT_TRUE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap-harmless"), 1);
  EXPECT_EQ(r.metrics.at("overlaps_harmless"), 1);
  EXPECT_NE(FirstExample(r, "overlap-harmless").find("n2/t1 wrote nothing after that: harmless"),
            std::string::npos);
}

TEST(MutualExclusionTest, OverlapWithoutAnyResourceDecides) {
  const LockReport r = CheckMutualExclusion(Fixture("paused-no-resource.jsonl"));
  EXPECT_FALSE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap"), 1);
  EXPECT_NE(FirstExample(r, "overlap")
                .find("the history has no resource writes, so the overlap alone decides"),
            std::string::npos);
}

TEST(MutualExclusionTest, RedlockDoubleGrantAfterAClockJumpCitesPreviousExpired) {
  const LockReport r = CheckMutualExclusion(Fixture("redlock-clock-jump.jsonl"));
  EXPECT_FALSE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap"), 1);
  EXPECT_EQ(CountOf(r, "stale-write"), 0);  // tokens are off: nothing to compare
  EXPECT_EQ(FirstExample(r, "overlap"),
            "L1: n6/t1 (op 1, no token, TTL 1s, granted 1ms by 3 servers) still believed it held "
            "the lock when n7/t1 (op 2, no token, TTL 1s, granted 301ms by 3 servers) got it "
            "(acquire at 302ms); n6/t1 believed it until 510ms (released), within its TTL (its "
            "lease ran to 1.001s): the lock was granted again before it expired; its write at "
            "500ms with no token was accepted by n8 (highest before: 0). No pause of n6 was "
            "seen; n1's grant to n7/t1 at 301ms (line 7) has previous_expired: n6/t1's key "
            "expired on that server's clock rather than was released (a clock jump on the "
            "server shortens a TTL).");
}

TEST(MutualExclusionTest, APodRestartEndsItsThreadsHolds) {
  // n2/t1 never releases: its pod restarted at 1.5s, before n3/t1's grant at 1.8s.
  const LockHistory h = Fixture("crashed-holder.jsonl");
  ASSERT_EQ(h.restarts.size(), 1u);
  EXPECT_EQ(h.restarts[0].node, "n2");
  EXPECT_EQ(h.restarts[0].line, 4);
  const LockReport r = CheckMutualExclusion(h);
  EXPECT_TRUE(r.Valid());
  EXPECT_TRUE(r.anomalies.empty());
  EXPECT_EQ(r.metrics.at("overlaps"), 0);
}

TEST(MutualExclusionTest, AnOverlapBeforeTheRestartNamesIt) {
  // The same pod restarts only at 1.9s: n3/t1 got the lock while n2 may still have been
  // up. Nothing written after the grant: harmless, and said to end at the restart.
  absl::StatusOr<std::string> text =
      ReadTextFile("checkers/locks/testdata/crashed-holder.jsonl", "fixture", "");
  ASSERT_TRUE(text.ok()) << text.status();
  std::string moved = *text;
  const std::string restart = "{\"index\":3,\"time\":1500000000,\"node\":\"n2\"";
  ASSERT_NE(moved.find(restart), std::string::npos);
  moved.replace(moved.find(restart), restart.size(),
                "{\"index\":3,\"time\":1900000000,\"node\":\"n2\"");
  absl::StatusOr<LockHistory> h = ReadLockHistoryText(moved, "moved");
  ASSERT_TRUE(h.ok()) << h.status();
  const LockReport r = CheckMutualExclusion(*h);
  EXPECT_TRUE(r.Valid());
  EXPECT_EQ(CountOf(r, "overlap-harmless"), 1);
  EXPECT_NE(FirstExample(r, "overlap-harmless")
                .find("believed it until its pod crashed, at the latest until its restart at "
                      "1.9s (line 4)"),
            std::string::npos)
      << FirstExample(r, "overlap-harmless");
}

}  // namespace
}  // namespace faultline::checkers::locks
