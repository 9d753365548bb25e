// Geometry for the pinned DOT layout (viz/dot.cc): straight edges given as Graphviz
// `pos` splines, label positions beside a line, and text-size estimates. Coordinates are
// integer points with y pointing up, as Graphviz has it.
//
//   EdgePos({0, 0}, {100, -50}, /*arrowhead=*/true)  // "e,98,-49 0,0 31,-16 63,-31 93,-46"
#ifndef FAULTLINE_VIZ_INTERNAL_DOT_GEOMETRY_H_
#define FAULTLINE_VIZ_INTERNAL_DOT_GEOMETRY_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace faultline::viz::internal::dot {

struct Point {
  int64_t x = 0;
  int64_t y = 0;
};

// Graphviz's default arrowhead is 10pt long; the renderer draws them at arrowsize 0.6.
inline constexpr int64_t kArrowPt = 6;
// Arrow tips stop this far short of the point they aim at (the radius of an event dot).
inline constexpr int64_t kTipGapPt = 2;

// The `pos` of a straight edge from `from` to `to` as a one-segment cubic B-spline. With
// `arrowhead`, the line stops kArrowPt before the tip and the tip stops kTipGapPt before
// `to` ("e,TIP LINE..."), which is how Graphviz expects an arrowhead to be given.
std::string EdgePos(Point from, Point to, bool arrowhead);

// An axis-aligned rectangle, x0 < x1 and y0 < y1 (y up, as everywhere here).
struct Rect {
  int64_t x0 = 0;
  int64_t y0 = 0;
  int64_t x1 = 0;
  int64_t y1 = 0;
};

// The rectangle of a label `width` x `height` centred at `centre`.
Rect LabelRect(Point centre, int64_t width, int64_t height);

// Where to centre a label `width` x `height` beside the line from `from` to `to` so that
// one corner touches the line at `percent` of its length and the line never crosses it:
// in one of the two quadrants at that point the line does not pass through. Quadrant 0 is
// the one above the line on the side it heads to (up-right for a line going down to the
// right), quadrant 1 the opposite one (below, on the side it comes from).
Point LabelBeside(Point from, Point to, int64_t width, int64_t height, int64_t percent,
                  int quadrant);

// Rough width of `text` at `font_pt` in a sans-serif font (0.6 em per character), used to
// align labels; overestimating a little keeps them clear of lanes.
int64_t TextWidthPt(std::string_view text, int64_t font_pt);

// Points as inches with two decimals ("1.25"), for Graphviz's width and height.
std::string Inches(int64_t pt);

}  // namespace faultline::viz::internal::dot

#endif  // FAULTLINE_VIZ_INTERNAL_DOT_GEOMETRY_H_
