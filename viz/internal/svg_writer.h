// Small writers for SVG elements: attributes in tenths of a pixel, escaped text, titles,
// and the glyphs shared by the diagram and its legend (marks, the X of a lost message).
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_WRITER_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "viz/diagram.h"

namespace faultline::viz::internal::svg {

// Appends ` name="value"` with value in tenths of a pixel (1234 -> "123.4").
void Attr(std::string* out, std::string_view name, int64_t tenths);
// Appends ` name="text"` with text escaped.
void AttrText(std::string* out, std::string_view name, std::string_view text);
// Appends <title>text</title> (hover text), escaped; nothing when text is empty.
void AppendTitle(std::string* out, std::string_view text);
// Appends <line class="cls" x1.. y1.. x2.. y2../> (cls may be empty).
void AppendLine(std::string* out, std::string_view cls, int64_t x1, int64_t y1, int64_t x2,
                int64_t y2);
// Appends an X of half-size r centred on (x, y): the end of a lost message.
void AppendCross(std::string* out, std::string_view cls, int64_t x, int64_t y, int64_t r);
// Appends the glyph of a lane mark centred on (x, y), without a title.
void AppendMarkGlyph(std::string* out, MarkType type, int64_t x, int64_t y);

// 16730 -> "16,730".
std::string WithCommas(int64_t n);

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_WRITER_H_
