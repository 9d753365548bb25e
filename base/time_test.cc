#include "base/time.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

TEST(FormatDurationTest, ZeroAndNanoseconds) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(1), "1ns");
  EXPECT_EQ(FormatDuration(999), "999ns");
}

TEST(FormatDurationTest, PicksTheLargestWholeUnit) {
  EXPECT_EQ(FormatDuration(1 * kMicrosecond), "1us");
  EXPECT_EQ(FormatDuration(250 * kMillisecond), "250ms");
  EXPECT_EQ(FormatDuration(1 * kSecond), "1s");
  EXPECT_EQ(FormatDuration(59 * kSecond), "59s");
  EXPECT_EQ(FormatDuration(2 * kMinute), "2m");
  // There is no hour unit: minutes keep counting.
  EXPECT_EQ(FormatDuration(2 * kHour), "120m");
}

TEST(FormatDurationTest, FractionsAreExactWithTrailingZerosTrimmed) {
  EXPECT_EQ(FormatDuration(1500 * kMillisecond), "1.5s");
  EXPECT_EQ(FormatDuration(12'004 * kMillisecond), "12.004s");
  EXPECT_EQ(FormatDuration(1 * kSecond + 1 * kMicrosecond), "1.000001s");
  EXPECT_EQ(FormatDuration(1 * kSecond + 1), "1.000000001s");
  EXPECT_EQ(FormatDuration(1'500), "1.5us");
  EXPECT_EQ(FormatDuration(2 * kMillisecond + 50 * kMicrosecond), "2.05ms");
  EXPECT_EQ(FormatDuration(999'999'999), "999.999999ms");
}

TEST(FormatDurationTest, MinutesWithSecondsRemainder) {
  EXPECT_EQ(FormatDuration(2 * kMinute + 3 * kSecond), "2m3s");
  EXPECT_EQ(FormatDuration(2 * kMinute + 3500 * kMillisecond), "2m3.5s");
  // A sub-second remainder is still written in seconds.
  EXPECT_EQ(FormatDuration(1 * kMinute + 20 * kMillisecond), "1m0.02s");
  EXPECT_EQ(FormatDuration(1 * kMinute + 1), "1m0.000000001s");
}

TEST(FormatDurationTest, Negative) {
  EXPECT_EQ(FormatDuration(-5 * kMillisecond), "-5ms");
  EXPECT_EQ(FormatDuration(-1), "-1ns");
  EXPECT_EQ(FormatDuration(-1500 * kMillisecond), "-1.5s");
  EXPECT_EQ(FormatDuration(-(2 * kMinute + 3500 * kMillisecond)), "-2m3.5s");
}

TEST(FormatDurationTest, Never) { EXPECT_EQ(FormatDuration(kNever), "never"); }

}  // namespace
}  // namespace faultline
