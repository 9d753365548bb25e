// Places diagram labels without overlap, first come first served, in linear time.
//
// Claimed boxes are kept in horizontal stripes; a box is checked only against the boxes
// of the stripes it touches, and a stripe holds at most kStripeBoxesMax boxes (a full
// stripe refuses new labels), so placing n labels costs O(n) whatever the picture.
//
//   LabelPlacer placer(height);
//   if (placer.TryClaim({x0, y0, x1, y1})) { ...draw the label... }
#ifndef FAULTLINE_VIZ_INTERNAL_LABEL_PLACER_H_
#define FAULTLINE_VIZ_INTERNAL_LABEL_PLACER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace faultline::viz::internal::svg {

// An axis-aligned box in the units of the caller (the SVG writer uses tenths of a pixel).
struct Box {
  int64_t x0 = 0;
  int64_t y0 = 0;
  int64_t x1 = 0;  // exclusive
  int64_t y1 = 0;  // exclusive
};

class LabelPlacer {
 public:
  static constexpr int64_t kStripeHeight = 200;  // 20 px in tenths
  static constexpr size_t kStripeBoxesMax = 64;

  // `height`: the picture's height; boxes outside [0, height) are clipped to it.
  explicit LabelPlacer(int64_t height);

  // Claims `box` if it overlaps no claimed box and its stripes have room.
  bool TryClaim(const Box& box);

  // Claims all of `boxes` if none overlaps a claimed box (a rotated label is a few boxes).
  bool TryClaimAll(std::span<const Box> boxes);

  // Claims `box` whatever it overlaps (lane names and other fixed text), if there is room.
  void Claim(const Box& box);

 private:
  bool Fits(const Box& box) const;
  void Add(const Box& box);
  int64_t StripeOf(int64_t y) const;

  std::vector<std::vector<Box>> stripes_;
};

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_LABEL_PLACER_H_
