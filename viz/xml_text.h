// Text helpers for the XML/SVG writers: escaping, text width and fixed-point numbers.
// (Shortening labels and formatting times: label_text.h.)
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
// quotes, after CleanText (label_text.h): bytes that are not valid UTF-8 become U+FFFD and
// control characters a space; U+FFFE and U+FFFF, which XML 1.0 forbids, become U+FFFD too.
// The result is always well-formed.
void AppendXmlEscaped(std::string* out, std::string_view text);
std::string XmlEscaped(std::string_view text);

// The number of characters (UTF-8 code points; stray continuation bytes are not counted).
int64_t Utf8Length(std::string_view text);

// Appends a count of tenths as a decimal number: 1234 -> "123.4", 120 -> "12", -5 -> "-0.5".
void AppendTenths(std::string* out, int64_t tenths);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_XML_TEXT_H_
