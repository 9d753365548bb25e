#include "viz/xml_text.h"

#include <cstddef>

#include "absl/strings/str_cat.h"

namespace faultline::viz {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t ValidSequenceLength(std::string_view text, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = at(0);
  const size_t left = text.size() - i;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && IsContinuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !IsContinuation(at(1)) || !IsContinuation(at(2))) return 0;
    if (c == 0xE0 && at(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && at(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !IsContinuation(at(1)) || !IsContinuation(at(2)) || !IsContinuation(at(3))) {
      return 0;
    }
    if (c == 0xF0 && at(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && at(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void AppendXmlEscaped(std::string* out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const size_t n = ValidSequenceLength(text, i);
    if (n == 0) {
      out->push_back('?');
      ++i;
      continue;
    }
    if (n > 1) {
      const std::string_view seq = text.substr(i, n);
      // U+FFFE and U+FFFF are not XML characters.
      if (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF") {
        out->push_back('?');
      } else {
        out->append(seq);
      }
      i += n;
      continue;
    }
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
      case '\t':
      case '\n':
      case '\r':
        out->push_back(c);
        break;
      default:
        out->push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c);
    }
    ++i;
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

std::string Ellipsize(std::string_view text, int64_t max_chars) {
  if (max_chars < 1) max_chars = 1;
  if (Utf8Length(text) <= max_chars) return std::string(text);
  // Keep max_chars - 1 characters and add the ellipsis.
  int64_t kept = 0;
  size_t end = 0;
  while (end < text.size()) {
    if (!IsContinuation(static_cast<unsigned char>(text[end]))) {
      if (kept == max_chars - 1) break;
      ++kept;
    }
    ++end;
  }
  std::string out(text.substr(0, end));
  out.append("\xE2\x80\xA6");  // …
  return out;
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
