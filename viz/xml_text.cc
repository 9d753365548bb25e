#include "viz/xml_text.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "viz/label_text.h"

namespace faultline::viz {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

void AppendXmlEscaped(std::string* out, std::string_view text) {
  // CleanText leaves valid UTF-8 without control characters other than newlines; of the
  // rest only U+FFFE and U+FFFF are not XML characters.
  const std::string clean = CleanText(text);
  const std::string_view s = clean;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '&':
        out->append("&amp;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      case '\xEF':
        if (s.substr(i, 3) == "\xEF\xBF\xBE" || s.substr(i, 3) == "\xEF\xBF\xBF") {
          out->append("\xEF\xBF\xBD");  // U+FFFD
          i += 2;
          break;
        }
        out->push_back(c);
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string XmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendXmlEscaped(&out, text);
  return out;
}

int64_t Utf8Length(std::string_view text) {
  int64_t n = 0;
  for (const char c : text) n += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

void AppendTenths(std::string* out, int64_t tenths) {
  if (tenths < 0) {
    out->push_back('-');
    // Negate in unsigned arithmetic so INT64_MIN does not overflow.
    const uint64_t magnitude = 0 - static_cast<uint64_t>(tenths);
    absl::StrAppend(out, magnitude / 10);
    if (magnitude % 10 != 0) absl::StrAppend(out, ".", magnitude % 10);
    return;
  }
  absl::StrAppend(out, tenths / 10);
  if (tenths % 10 != 0) absl::StrAppend(out, ".", tenths % 10);
}

}  // namespace faultline::viz
