#include "viz/internal/label_placer.h"

#include <algorithm>

namespace faultline::viz::internal::svg {

LabelPlacer::LabelPlacer(int64_t height)
    : stripes_(static_cast<size_t>(std::max<int64_t>(1, height / kStripeHeight + 1))) {}

int64_t LabelPlacer::StripeOf(int64_t y) const {
  const int64_t last = static_cast<int64_t>(stripes_.size()) - 1;
  return std::clamp<int64_t>(y / kStripeHeight, 0, last);
}

bool LabelPlacer::Fits(const Box& box) const {
  for (int64_t s = StripeOf(box.y0); s <= StripeOf(box.y1 - 1); ++s) {
    const std::vector<Box>& stripe = stripes_[static_cast<size_t>(s)];
    if (stripe.size() >= kStripeBoxesMax) return false;
    for (const Box& b : stripe) {
      if (box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1) return false;
    }
  }
  return true;
}

void LabelPlacer::Add(const Box& box) {
  for (int64_t s = StripeOf(box.y0); s <= StripeOf(box.y1 - 1); ++s) {
    std::vector<Box>& stripe = stripes_[static_cast<size_t>(s)];
    if (stripe.size() < kStripeBoxesMax) stripe.push_back(box);
  }
}

bool LabelPlacer::TryClaim(const Box& box) {
  if (box.y1 <= box.y0 || box.x1 <= box.x0 || !Fits(box)) return false;
  Add(box);
  return true;
}

bool LabelPlacer::TryClaimAll(std::span<const Box> boxes) {
  for (const Box& box : boxes) {
    if (box.y1 <= box.y0 || box.x1 <= box.x0 || !Fits(box)) return false;
  }
  for (const Box& box : boxes) Add(box);
  return true;
}

void LabelPlacer::Claim(const Box& box) {
  if (box.y1 > box.y0 && box.x1 > box.x0) Add(box);
}

}  // namespace faultline::viz::internal::svg
