#include "viz/time_format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace faultline::viz {
namespace {

TEST(TimeFormatTest, ShortLabels) {
  EXPECT_EQ(FormatTimeShort(0), "0");
  EXPECT_EQ(FormatTimeShort(750), "750ns");
  EXPECT_EQ(FormatTimeShort(12'000), "12us");
  EXPECT_EQ(FormatTimeShort(1'500'000), "1.5ms");
  EXPECT_EQ(FormatTimeShort(120'000'000), "120ms");
  EXPECT_EQ(FormatTimeShort(1'500'000'000), "1.5s");
  EXPECT_EQ(FormatTimeShort(10'000'000'000), "10s");
  EXPECT_EQ(FormatTimeShort(-2'000'000), "-2ms");
}

TEST(TimeFormatTest, TruncatesToTheDecimalsAsked) {
  EXPECT_EQ(FormatTimeShort(3'672'736), "3.672ms");
  EXPECT_EQ(FormatTimeShort(3'672'736, 2), "3.67ms");
  EXPECT_EQ(FormatTimeShort(3'672'736, 0), "3ms");
  EXPECT_EQ(FormatTimeShort(5'004'123'000), "5.004s");
  EXPECT_EQ(FormatTimeShort(5'000'000'999), "5s");
  EXPECT_EQ(FormatTimeShort(1'050'000), "1.05ms");
  EXPECT_EQ(FormatTimeShort(std::numeric_limits<int64_t>::min()), "-9223372036.854s");
}

TEST(TimeFormatTest, TickStepsAreOneTwoFive) {
  // 10 s over 600 px, ticks at least 50 px apart: 1 s is 60 px.
  EXPECT_EQ(TimeTickStep(10'000'000'000, 600, 50), 1'000'000'000);
  // 45 ms over 480 px, at least 56 px: 5 ms is 53 px, 10 ms is 106 px.
  EXPECT_EQ(TimeTickStep(45'000'000, 480, 56), 10'000'000);
  EXPECT_EQ(TimeTickStep(45'000'000, 480, 50), 5'000'000);
  EXPECT_EQ(TimeTickStep(1, 6000, 56), 1);
  EXPECT_EQ(TimeTickStep(3'000'000'000, 100, 50), 2'000'000'000);
}

TEST(TimeFormatTest, MulDivDoesNotOverflow) {
  EXPECT_EQ(MulDiv(4'000'000'000'000'000'000, 60'000, 8'000'000'000'000'000'000), 30'000);
  EXPECT_EQ(MulDiv(7, 3, 2), 10);
  EXPECT_EQ(MulDiv(-7, 3, 2), -10);
}

}  // namespace
}  // namespace faultline::viz
