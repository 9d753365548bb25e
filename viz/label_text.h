// Text helpers shared by the renderers that write a text format (DOT, Mermaid): valid
// UTF-8, shortening for labels, and short times for axis ticks. Each renderer then applies
// its own quoting (DotQuote in dot.h, MermaidText in mermaid.h).
//
//   CleanText("a\tb\xff")        -> "a b\xEF\xBF\xBD"   (U+FFFD for the stray byte)
//   ShortenText("replicate seq=4 key=8", 12) -> "replicate s…"
//   ShortTime(5'002'482'424)     -> "5.002s"
#ifndef FAULTLINE_VIZ_LABEL_TEXT_H_
#define FAULTLINE_VIZ_LABEL_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace faultline::viz {

// `text` as valid UTF-8 without control characters: each byte that does not start a valid
// UTF-8 sequence becomes U+FFFD, tabs and other control characters become a space, and
// "\r\n" / "\r" become "\n". Newlines are kept; each format decides what a newline means.
std::string CleanText(std::string_view text);

// At most `max_chars` code points of CleanText(text); when cut, the last one is "…".
// REQUIRES: max_chars >= 1.
std::string ShortenText(std::string_view text, size_t max_chars);

// A short time for ticks and labels, truncated (not rounded) to three significant decimals
// of its unit: "0s", "950ns", "12.5us", "3.672ms", "5.002s", "-1.5ms". Integer arithmetic
// only, so the text is the same on every machine and locale.
std::string ShortTime(int64_t ns);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_LABEL_TEXT_H_
