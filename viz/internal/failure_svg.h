// SVG pieces of the failure view's timeline (failure_timeline.h): its stylesheet and
// gradients (scoped under the svg's "tl" class, since an inline SVG's style applies to the
// whole page), small element writers that escape their text, label extents, and the
// legend. Integer coordinates only.
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_SVG_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_SVG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faultline::viz::internal::failure {

// Text is 10px monospace: about 6px per character.
inline constexpr int64_t kCharW = 6;

// `text` escaped for XML (xml_text.h).
std::string Esc(std::string_view text);

// The width of `text` in px.
int64_t TextW(std::string_view text);

// <rect class=cls .../> (width at least 1); `extra` adds attributes (" rx=\"3\"").
void Rect(std::string* out, int64_t x, int64_t y, int64_t w, int64_t h, std::string_view cls,
          std::string_view extra = "");
void Text(std::string* out, int64_t x, int64_t y, std::string_view cls, std::string_view text);
void Line(std::string* out, int64_t x1, int64_t y1, int64_t x2, int64_t y2, std::string_view cls);
// <title>text</title>: the hover text of the enclosing element.
void Title(std::string* out, std::string_view text);

// Horizontal extents taken by labels on one line. Few labels per line: a linear scan.
class Extents {
 public:
  // Takes [from, to) when it overlaps nothing taken; returns whether it did.
  bool Take(int64_t from, int64_t to);

 private:
  std::vector<std::pair<int64_t, int64_t>> taken_;
};

// Appends <style> and <defs> (gradients for info ops, hatching for down and paused nodes).
void AppendStyleAndDefs(std::string* out);

// Appends the legend from `top`, wrapping within `width`; returns the y below it.
int64_t AppendLegend(std::string* out, int64_t top, int64_t width);

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_SVG_H_
