#include "viz/internal/dot_geometry.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace faultline::viz::internal::dot {
namespace {

// `p` moved `by` points towards `q` (or not at all when they coincide). IEEE square root
// and llround are exact-rounded, so the result is the same on every machine.
Point Towards(Point p, Point q, int64_t by) {
  const double dx = static_cast<double>(q.x - p.x), dy = static_cast<double>(q.y - p.y);
  const double length = std::sqrt(dx * dx + dy * dy);
  if (length < 1.0) return p;
  const double f = std::min(static_cast<double>(by), length) / length;
  return {p.x + std::llround(dx * f), p.y + std::llround(dy * f)};
}

void AppendPoint(std::string* out, Point p) { absl::StrAppend(out, p.x, ",", p.y); }

}  // namespace

std::string EdgePos(Point from, Point to, bool arrowhead) {
  std::string out;
  Point end = to;
  if (arrowhead) {
    const Point tip = Towards(to, from, kTipGapPt);
    end = Towards(tip, from, kArrowPt);
    out = "e,";
    AppendPoint(&out, tip);
    out += ' ';
  }
  // A straight cubic: control points a third and two thirds of the way.
  const Point c1{from.x + (end.x - from.x) / 3, from.y + (end.y - from.y) / 3};
  const Point c2{from.x + (end.x - from.x) * 2 / 3, from.y + (end.y - from.y) * 2 / 3};
  for (Point p : {from, c1, c2, end}) {
    if (!out.empty() && out.back() != ' ') out += ' ';
    AppendPoint(&out, p);
  }
  return out;
}

Rect LabelRect(Point centre, int64_t width, int64_t height) {
  return {centre.x - width / 2, centre.y - height / 2, centre.x + width - width / 2,
          centre.y + height - height / 2};
}

Point LabelBeside(Point from, Point to, int64_t width, int64_t height, int64_t percent,
                  int quadrant) {
  const Point at{from.x + (to.x - from.x) * percent / 100,
                 from.y + (to.y - from.y) * percent / 100};
  // The line runs through quadrants (sx, sy) and (-sx, -sy) at `at`; the other two are free.
  // A level line counts as going down, so its labels sit above it.
  const int64_t sx = to.x >= from.x ? 1 : -1;
  const int64_t sy = to.y > from.y ? 1 : -1;
  const int64_t qx = quadrant == 0 ? sx : -sx;
  const int64_t qy = quadrant == 0 ? -sy : sy;
  return {at.x + qx * (width / 2 + 2), at.y + qy * (height / 2 + 2)};
}

int64_t TextWidthPt(std::string_view text, int64_t font_pt) {
  int64_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return chars * font_pt * 6 / 10;
}

std::string Inches(int64_t pt) {
  const int64_t hundredths = std::max<int64_t>(pt, 1) * 100 / 72;
  return absl::StrCat(hundredths / 100, ".", hundredths % 100 < 10 ? "0" : "", hundredths % 100);
}

}  // namespace faultline::viz::internal::dot
