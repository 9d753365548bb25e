// Text helpers for the XML/SVG writers: escaping, safe truncation and fixed-point numbers.
//
// Everything here is locale-free integer and byte work, so the same input gives the same
// bytes on every machine.
//
//   std::string out;
//   AppendXmlEscaped(&out, "a < b & \"c\"");  // a &lt; b &amp; &quot;c&quot;
//   AppendTenths(&out, 1234);                  // 123.4
#ifndef FAULTLINE_VIZ_XML_TEXT_H_
#define FAULTLINE_VIZ_XML_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace faultline::viz {

// Appends `text` escaped for XML character data and for attribute values in either kind of
// quotes. Bytes that are not valid UTF-8, and characters XML 1.0 forbids (controls other
// than tab, newline and carriage return; U+FFFE, U+FFFF), become '?', so the result is
// always well-formed.
void AppendXmlEscaped(std::string* out, std::string_view text);
std::string XmlEscaped(std::string_view text);

// The number of characters (UTF-8 code points; stray continuation bytes are not counted).
int64_t Utf8Length(std::string_view text);

// `text` cut to at most `max_chars` characters (REQUIRES: max_chars >= 1), ending in "…"
// when cut. Never splits a UTF-8 sequence.
std::string Ellipsize(std::string_view text, int64_t max_chars);

// Appends a count of tenths as a decimal number: 1234 -> "123.4", 120 -> "12", -5 -> "-0.5".
void AppendTenths(std::string* out, int64_t tenths);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_XML_TEXT_H_
