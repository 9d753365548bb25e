#include "models/lock/pause_monitor.h"

#include <gtest/gtest.h>

#include "models/lock/lock_test_util.h"
#include "models/lock/pod_node.h"

namespace faultline::models {
namespace {

using testing::FakeContext;
using testing::LockDetail;
using testing::LockObserved;

TEST(PauseMonitorTest, ReportsATickThatFiredLateByMoreThanTheThreshold) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.pause_monitor_ns = 50 * sim::kMillisecond;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  // On time: ticks every 25ms, nothing to report.
  for (int i = 1; i <= 4; ++i) {
    ctx.now_ns = i * 25 * sim::kMillisecond;
    ctx.FireDueTimers(pod);
  }
  EXPECT_TRUE(LockObserved(ctx, "pause").empty());
  // Stopped for 2s: the tick due at 125ms fires at 2.1s.
  ctx.now_ns = 2100 * sim::kMillisecond;
  ctx.FireDueTimers(pod);
  const auto pauses = LockObserved(ctx, "pause");
  ASSERT_EQ(pauses.size(), 1u);
  EXPECT_EQ(pauses[0].value, sim::Value::Int(1975 * sim::kMillisecond));
  EXPECT_EQ(LockDetail(pauses[0], "expected_ns"), sim::Value::Int(125 * sim::kMillisecond));
  // A 40ms late tick is below the threshold.
  ctx.now_ns += 65 * sim::kMillisecond;
  ctx.FireDueTimers(pod);
  EXPECT_EQ(LockObserved(ctx, "pause").size(), 1u);
}

TEST(PauseMonitorTest, ZeroTurnsItOff) {
  FakeContext ctx(1, 3);
  PauseMonitor monitor(0);
  monitor.Start(ctx, 15);
  EXPECT_TRUE(ctx.timers.empty());
}

}  // namespace
}  // namespace faultline::models
