#include "sim/clock.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace faultline::sim {
namespace {

TEST(LocalClockTest, DefaultReadsTrueTime) {
  LocalClock clock;
  EXPECT_EQ(clock.Read(0), 0);
  EXPECT_EQ(clock.Read(123 * kMillisecond), 123 * kMillisecond);
  EXPECT_EQ(clock.TrueDelay(5 * kSecond), 5 * kSecond);
}

TEST(LocalClockTest, ZeroDriftReadsOffsetPlusTrueTime) {
  LocalClock ahead(250 * kMillisecond, 0);
  EXPECT_EQ(ahead.Read(0), 250 * kMillisecond);
  EXPECT_EQ(ahead.Read(3 * kSecond), 3 * kSecond + 250 * kMillisecond);
  EXPECT_EQ(ahead.offset_ns(), 250 * kMillisecond);
  LocalClock behind(-40 * kMillisecond, 0);
  EXPECT_EQ(behind.Read(1 * kSecond), 960 * kMillisecond);
}

TEST(LocalClockTest, DriftScalesElapsedTime) {
  LocalClock fast(0, 100);
  EXPECT_EQ(fast.Read(1 * kSecond), 1 * kSecond + 100 * kMicrosecond);
  LocalClock slow(7, -100);
  EXPECT_EQ(slow.Read(1 * kSecond), 7 + 1 * kSecond - 100 * kMicrosecond);
  // Readings floor: 999 ns at +100ppm is 999.0999 ns.
  EXPECT_EQ(fast.Read(999), 999);
  EXPECT_EQ(fast.drift_ppm(), 100);
}

TEST(LocalClockTest, JumpForwardAndBackward) {
  LocalClock clock(0, 0);
  clock.Jump(1 * kSecond, 300 * kMillisecond);
  EXPECT_EQ(clock.Read(1 * kSecond), 1300 * kMillisecond);
  EXPECT_EQ(clock.Read(2 * kSecond), 2300 * kMillisecond);
  clock.Jump(2 * kSecond, -500 * kMillisecond);
  EXPECT_EQ(clock.Read(2 * kSecond), 1800 * kMillisecond);
  EXPECT_EQ(clock.Read(3 * kSecond), 2800 * kMillisecond);
  EXPECT_EQ(clock.jumped_ns(), -200 * kMillisecond);
  EXPECT_EQ(clock.offset_ns(), 0);  // the initial skew is unchanged by jumps
}

TEST(LocalClockTest, JumpKeepsDrift) {
  LocalClock clock(0, 1000);  // +0.1%
  clock.Jump(1 * kSecond, 10 * kMillisecond);
  const Nanos at_jump = clock.Read(1 * kSecond);
  EXPECT_EQ(at_jump, 1 * kSecond + 1 * kMillisecond + 10 * kMillisecond);
  EXPECT_EQ(clock.Read(2 * kSecond) - at_jump, 1 * kSecond + 1 * kMillisecond);
}

TEST(LocalClockTest, SetDriftReanchorsContinuously) {
  LocalClock clock(5 * kMillisecond, 100);
  const Nanos t = 10 * kSecond;
  const Nanos before = clock.Read(t);
  clock.SetDrift(t, -200);
  EXPECT_EQ(clock.Read(t), before);  // no step at the change
  EXPECT_EQ(clock.drift_ppm(), -200);
  // Only time after the change runs at the new rate.
  EXPECT_EQ(clock.Read(t + 1 * kSecond), before + 1 * kSecond - 200 * kMicrosecond);
  EXPECT_EQ(clock.jumped_ns(), 0);
}

TEST(LocalClockTest, TrueDelayRoundsUp) {
  LocalClock fast(0, 100);
  // 1ns local at 1.0001 rate needs 0.9999 ns of true time: rounded up to 1.
  EXPECT_EQ(fast.TrueDelay(1), 1);
  EXPECT_EQ(fast.TrueDelay(0), 0);
  LocalClock slow(0, -500'000);  // half speed
  EXPECT_EQ(slow.TrueDelay(1 * kSecond), 2 * kSecond);
  LocalClock double_speed(0, 1'000'000);
  EXPECT_EQ(double_speed.TrueDelay(3), 2);  // 1.5 rounded up
}

RC_GTEST_PROP(LocalClockTest, TimerNeverFiresBeforeLocalDeadline, ()) {
  const Nanos offset = *rc::gen::inRange<Nanos>(-kHour, kHour);
  const int64_t drift =
      *rc::gen::inRange<int64_t>(LocalClock::kDriftPpmMin, LocalClock::kDriftPpmMax + 1);
  const Nanos t = *rc::gen::inRange<Nanos>(0, kHour);
  const Nanos d = *rc::gen::inRange<Nanos>(0, kMinute);
  LocalClock clock(offset, drift);
  const Nanos true_delay = clock.TrueDelay(d);
  RC_ASSERT(clock.Read(t + true_delay) - clock.Read(t) >= d);
  // Rounded up by no more than needed: from the anchor, one nanosecond less is too early.
  if (true_delay > 0) RC_ASSERT(clock.Read(true_delay - 1) - clock.Read(0) < d);
}

TEST(LocalClockTest, ExtremeDriftIsClamped) {
  LocalClock stopped(0, -5'000'000);
  EXPECT_EQ(stopped.drift_ppm(), LocalClock::kDriftPpmMin);
  // Time still moves forward, one millionth as fast.
  EXPECT_EQ(stopped.Read(1 * kSecond), 1 * kMicrosecond);
  EXPECT_EQ(stopped.TrueDelay(1), 1'000'000);
  LocalClock racing(0, 9'000'000);
  EXPECT_EQ(racing.drift_ppm(), LocalClock::kDriftPpmMax);
  EXPECT_EQ(racing.Read(1 * kSecond), 2 * kSecond);
  LocalClock clock;
  clock.SetDrift(0, INT64_MIN);
  EXPECT_EQ(clock.drift_ppm(), LocalClock::kDriftPpmMin);
  clock.SetDrift(0, INT64_MAX);
  EXPECT_EQ(clock.drift_ppm(), LocalClock::kDriftPpmMax);
}

TEST(LocalClockTest, ReadingsAreMonotoneBetweenJumps) {
  LocalClock clock(0, -333);
  Nanos last = clock.Read(0);
  for (Nanos t = 1; t < 100'000; t += 7) {
    const Nanos now = clock.Read(t);
    ASSERT_GE(now, last);
    last = now;
  }
}

TEST(LocalClockDeathTest, ReadBeforeAnchorAborts) {
  LocalClock clock;
  clock.SetDrift(10 * kSecond, 5);
  EXPECT_DEATH(clock.Read(9 * kSecond), "true_now >= anchor_true_");
}

}  // namespace
}  // namespace faultline::sim
