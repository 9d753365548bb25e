#include "viz/internal/svg_layout.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace faultline::viz::internal::svg {
namespace {

TEST(SvgLayoutTest, TickStepsAreOneTwoFive) {
  // 10 s over 600 px, ticks at least 50 px apart: 1 s is 60 px.
  EXPECT_EQ(TimeTickStep(10'000'000'000, 600, 50), 1'000'000'000);
  // 45 ms over 480 px, at least 56 px: 5 ms is 53 px, 10 ms is 106 px.
  EXPECT_EQ(TimeTickStep(45'000'000, 480, 56), 10'000'000);
  EXPECT_EQ(TimeTickStep(45'000'000, 480, 50), 5'000'000);
  EXPECT_EQ(TimeTickStep(1, 6000, 56), 1);
  EXPECT_EQ(TimeTickStep(3'000'000'000, 100, 50), 2'000'000'000);
}

TEST(SvgLayoutTest, MulDivDoesNotOverflow) {
  EXPECT_EQ(MulDiv(4'000'000'000'000'000'000, 60'000, 8'000'000'000'000'000'000), 30'000);
  EXPECT_EQ(MulDiv(7, 3, 2), 10);
  EXPECT_EQ(MulDiv(-7, 3, 2), -10);
}

Diagram Lanes(int nodes, int clients) {
  Diagram d;
  for (int i = 0; i < nodes; ++i) d.lanes.push_back({"n", LaneKind::kNode});
  for (int i = 0; i < clients; ++i) d.lanes.push_back({"c", LaneKind::kClient});
  return d;
}

TEST(SvgLayoutTest, ClientsSitApartFromNodes) {
  const SvgLayout layout = LayOutLanes(Lanes(3, 2));
  ASSERT_EQ(layout.lane_x.size(), 5u);
  EXPECT_EQ(layout.first_client, 3);
  EXPECT_EQ(layout.lane_x[1] - layout.lane_x[0], kLaneSpacing);
  EXPECT_EQ(layout.lane_x[3] - layout.lane_x[2], kLaneSpacing + kGroupGap);
  EXPECT_EQ(layout.lane_x[4] - layout.lane_x[3], kLaneSpacing);
  EXPECT_GE(layout.width, layout.lanes_right);
  EXPECT_EQ(LayOutLanes(Lanes(0, 2)).lane_x[0], LayOutLanes(Lanes(2, 0)).lane_x[0]);
}

TEST(SvgLayoutTest, CompactScaleIsOneRowPerEvent) {
  Diagram d = Lanes(2, 0);
  d.rows = 10;
  SvgLayout layout = LayOutLanes(d);
  LayOutVertical(d, Scale::kCompact, 1000, &layout);
  EXPECT_EQ(layout.YOfRow(1) - layout.YOfRow(0), kRowHeight);
  EXPECT_EQ(layout.Y({.time = 999, .row = 9}), layout.YOfRow(9));
  EXPECT_EQ(layout.YOfRow(50), layout.YOfRow(9));  // clamped to the selection
  EXPECT_LE(layout.YOfRow(9), layout.lanes_bottom);
  EXPECT_GT(layout.height, layout.lanes_bottom);
}

TEST(SvgLayoutTest, TimeScaleIsProportionalAndCapped) {
  Diagram d = Lanes(2, 0);
  d.begin = {.time = 1'000'000'000};
  d.end = {.time = 3'000'000'000};
  d.rows = 10;
  SvgLayout layout = LayOutLanes(d);
  LayOutVertical(d, Scale::kTime, 0, &layout);
  EXPECT_EQ(layout.scale_height, kTimeHeightMin);  // 10 rows would be shorter
  const int64_t top = layout.YOfTime(1'000'000'000);
  const int64_t mid = layout.YOfTime(2'000'000'000);
  const int64_t bottom = layout.YOfTime(3'000'000'000);
  EXPECT_EQ(mid - top, bottom - mid);
  EXPECT_EQ(layout.YOfTime(0), top);  // clamped
  d.rows = 100'000'000;
  LayOutVertical(d, Scale::kTime, 0, &layout);
  EXPECT_EQ(layout.scale_height, kTimeHeightMax);
}

}  // namespace
}  // namespace faultline::viz::internal::svg
