#include "viz/internal/label_placer.h"

#include <gtest/gtest.h>

#include <vector>

namespace faultline::viz::internal::svg {
namespace {

TEST(LabelPlacerTest, RefusesOverlapsOnly) {
  LabelPlacer placer(1000);
  EXPECT_TRUE(placer.TryClaim({0, 0, 100, 50}));
  EXPECT_FALSE(placer.TryClaim({50, 25, 150, 75}));  // overlaps
  EXPECT_TRUE(placer.TryClaim({100, 0, 200, 50}));   // touches: boxes are half-open
  EXPECT_TRUE(placer.TryClaim({0, 50, 100, 100}));
  EXPECT_FALSE(placer.TryClaim({10, 10, 10, 20}));  // empty
}

TEST(LabelPlacerTest, FixedTextKeepsLabelsAway) {
  LabelPlacer placer(1000);
  placer.Claim({0, 0, 100, 50});
  placer.Claim({0, 0, 100, 50});  // fixed text may overlap fixed text
  EXPECT_FALSE(placer.TryClaim({90, 40, 120, 60}));
}

TEST(LabelPlacerTest, AllOrNothingForRotatedLabels) {
  LabelPlacer placer(1000);
  ASSERT_TRUE(placer.TryClaim({200, 200, 300, 250}));
  const std::vector<Box> blocked = {{0, 0, 50, 50}, {250, 240, 260, 260}};
  EXPECT_FALSE(placer.TryClaimAll(blocked));
  EXPECT_TRUE(placer.TryClaim({0, 0, 50, 50}));  // the first box was not kept
}

TEST(LabelPlacerTest, BoxesOutsideThePictureAreClippedToItsStripes) {
  LabelPlacer placer(100);
  EXPECT_TRUE(placer.TryClaim({0, -50, 10, -40}));
  EXPECT_TRUE(placer.TryClaim({0, 5000, 10, 5010}));
  EXPECT_FALSE(placer.TryClaim({0, 5005, 10, 5020}));
}

TEST(LabelPlacerTest, AFullStripeRefusesMore) {
  LabelPlacer placer(1000);
  for (size_t i = 0; i < LabelPlacer::kStripeBoxesMax; ++i) {
    const int64_t x = static_cast<int64_t>(i) * 10;
    ASSERT_TRUE(placer.TryClaim({x, 0, x + 10, 10}));
  }
  EXPECT_FALSE(placer.TryClaim({100000, 0, 100010, 10}));  // no overlap, but no room
  EXPECT_TRUE(placer.TryClaim({100000, 500, 100010, 510}));
}

}  // namespace
}  // namespace faultline::viz::internal::svg
