#include "checkers/consistency/staleness.h"

#include <gtest/gtest.h>

#include "checkers/test_histories.h"

namespace faultline::checkers::consistency {
namespace {

using testing::Hist;
using testing::R;
using testing::RNil;
using testing::W;

constexpr int64_t kMs = 1'000'000;

StalenessReport Measure(const History& h, StalenessOptions options = {}) {
  absl::StatusOr<KvView> view = KvView::Build(h);
  EXPECT_TRUE(view.ok()) << view.status();
  return MeasureStaleness(*view, options);
}

TEST(StalenessTest, CountsVersionsAndTimeBehind) {
  // Writes 1, 2, 3 acked at 10, 30, 50 ms; a read at 60ms returns 1: two versions
  // behind, and 2 had been acked for 30ms.
  const History h =
      Hist({W(0, 1, 0, 10 * kMs), W(0, 2, 20 * kMs, 30 * kMs), W(0, 3, 40 * kMs, 50 * kMs),
            R(1, 1, 60 * kMs, 61 * kMs), R(1, 3, 70 * kMs, 71 * kMs)});
  const StalenessReport s = Measure(h);
  EXPECT_EQ(s.reads, 2u);
  EXPECT_EQ(s.stale_reads, 1u);
  EXPECT_DOUBLE_EQ(s.stale_read_ratio, 0.5);
  EXPECT_EQ(s.versions_behind.max, 2);
  EXPECT_EQ(s.versions_behind.p50, 0);
  EXPECT_EQ(s.time_behind_ns.max, 30 * kMs);
  ASSERT_EQ(s.examples.size(), 1u);
  EXPECT_EQ(s.examples[0].read, 3u);
  EXPECT_EQ(s.examples[0].oldest_newer, 1u);
}

TEST(StalenessTest, NilReadIsBehindEveryAckedWrite) {
  const StalenessReport s =
      Measure(Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), RNil(1, 40, 50), RNil(2, 5, 6)}));
  EXPECT_EQ(s.stale_reads, 1u);  // the read at 5 came before any ack
  EXPECT_EQ(s.versions_behind.max, 2);
}

TEST(StalenessTest, ConcurrentAndUnackedWritesDoNotMakeAReadStale) {
  const StalenessReport s = Measure(Hist({
      W(0, 1, 0, 30), W(2, 2, 10, 20),                      // concurrent: 1 is not older than 2
      R(1, 1, 40, 50), W(3, 4, 55, 0, Status::kInfo),       // never acknowledged
      R(1, 1, 60, 70), W(4, 5, 80, 200), R(1, 1, 90, 100),  // 5 not acked when the read began
  }));
  EXPECT_EQ(s.reads, 3u);
  EXPECT_EQ(s.stale_reads, 0u);
}

TEST(TVisibilityTest, BucketsPairsByTimeSinceTheAck) {
  // Write 1 acked at 10ms; reads at 10.5ms (nil: not yet visible), 10.7ms (1), 13ms (1).
  // Write 2 acked at 30ms; a read at 300ms (beyond the 100ms horizon) returns 2.
  const History h = Hist({W(0, 1, 0, 10 * kMs), RNil(1, 10 * kMs + 500'000, 11 * kMs),
                          R(2, 1, 10 * kMs + 700'000, 11 * kMs), R(1, 1, 13 * kMs, 14 * kMs),
                          W(0, 2, 20 * kMs, 30 * kMs), R(1, 2, 300 * kMs, 301 * kMs)});
  const StalenessReport s = Measure(h);
  ASSERT_EQ(s.t_visibility.size(), 3u);
  EXPECT_EQ(s.t_visibility[0].t_ns, 0);
  EXPECT_EQ(s.t_visibility[0].pairs, 2u);
  EXPECT_EQ(s.t_visibility[0].fresh, 1u);
  EXPECT_DOUBLE_EQ(s.t_visibility[0].probability, 0.5);
  EXPECT_EQ(s.t_visibility[1].t_ns, 3 * kMs);
  EXPECT_EQ(s.t_visibility[1].fresh, 1u);
  EXPECT_EQ(s.t_visibility[2].t_ns, 100 * kMs);  // the horizon bucket
  EXPECT_EQ(s.t_horizon_ns, 100 * kMs);
}

TEST(TVisibilityTest, ReadsAfterANewerInvocationOrBeforeTheAckArePaired) {
  // The read at 15 follows write 2's invocation (12): it pairs with 2, not 1, and 2 was
  // not acked yet (20), so there is no pair at all. The read at 25 pairs with 2.
  const History h = Hist({W(0, 1, 0, 10), W(1, 2, 12, 20), R(2, 1, 15, 16), R(2, 2, 25, 26)});
  StalenessOptions o;
  o.t_bucket_ns = 2;
  o.t_buckets = 10;
  const StalenessReport s = Measure(h, o);
  ASSERT_EQ(s.t_visibility.size(), 1u);
  EXPECT_EQ(s.t_visibility[0].t_ns, 4);  // t = 25 - 20 = 5, bucket [4, 6)
  EXPECT_EQ(s.t_visibility[0].pairs, 1u);
}

}  // namespace
}  // namespace faultline::checkers::consistency
