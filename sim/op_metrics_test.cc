#include "sim/op_metrics.h"

#include <gtest/gtest.h>

namespace faultline::sim {
namespace {

TEST(OpMetricsTest, SplitsAvailabilityByFaultAtInvocation) {
  OpMetrics m;
  m.Record("read", /*invoked_in_fault=*/true, OpOutcome::kOk, 5 * kMillisecond);
  m.Record("read", true, OpOutcome::kInfo, 500 * kMillisecond);
  m.Record("write", true, OpOutcome::kFail, kMillisecond);
  m.Record("write", false, OpOutcome::kOk, 2 * kMillisecond);
  EXPECT_EQ(m.in_faults().ops, 3u);
  EXPECT_EQ(m.in_faults().ok, 1u);
  EXPECT_EQ(m.outside_faults().ops, 1u);
  EXPECT_EQ(m.outside_faults().ok, 1u);
  EXPECT_EQ(m.in_faults().RatioText(), "0.3333");
  EXPECT_EQ(m.outside_faults().RatioText(), "1.0000");
}

TEST(OpMetricsTest, KeepsOnlyOkLatenciesPerKindInNameOrder) {
  OpMetrics m;
  m.Record("write", false, OpOutcome::kOk, 7);
  m.Record("cas", false, OpOutcome::kFail, 100);
  m.Record("read", false, OpOutcome::kOk, 3);
  m.Record("read", false, OpOutcome::kOk, 9);
  ASSERT_EQ(m.ok_latency_by_f().size(), 2u);  // the failed cas left no latency
  auto it = m.ok_latency_by_f().begin();
  EXPECT_EQ(it->first, "read");
  EXPECT_EQ(it->second.count(), 2u);
  EXPECT_EQ(it->second.max(), 9);
  EXPECT_EQ((++it)->first, "write");
}

TEST(OpMetricsTest, NoOpsHasNoRatio) {
  Availability a;
  EXPECT_FALSE(a.RatioPpm().has_value());
  EXPECT_EQ(a.RatioText(), "");
  a.Add({3, 2});
  EXPECT_EQ(*a.RatioPpm(), 666666u);  // rounded down
  EXPECT_EQ(a.RatioText(), "0.6666");
}

TEST(OpMetricsTest, PerOpTextRoundsHalfUp) {
  EXPECT_EQ(PerOpText(0, 0), "");
  EXPECT_EQ(PerOpText(17, 4), "4.250");
  EXPECT_EQ(PerOpText(2, 3), "0.667");
  EXPECT_EQ(PerOpText(1, 2000), "0.001");  // 0.0005 rounds up
  EXPECT_EQ(PerOpText(1, 2001), "0.000");
  EXPECT_EQ(PerOpText(19999, 10000), "2.000");  // 1.9999 carries into the whole part
  EXPECT_EQ(*PerOpMilli(17, 4), 4250u);
}

}  // namespace
}  // namespace faultline::sim
