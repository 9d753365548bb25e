#include "viz/label_text.h"

#include "absl/strings/str_cat.h"

namespace faultline::viz {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr const char* kEllipsis = "\xE2\x80\xA6";     // U+2026

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence at text[i], or 0 when it is not valid
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
size_t SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!IsContinuation(byte(k))) return 0;
  }
  return length;
}

// "1234" with 3 decimals kept of unit 1000 -> "1.234"; truncated, trailing zeros trimmed.
std::string Decimal(int64_t magnitude, int64_t unit) {
  std::string out = absl::StrCat(magnitude / unit);
  int64_t frac_milli = (magnitude % unit) / (unit / 1000);
  if (frac_milli == 0) return out;
  std::string digits = absl::StrCat(frac_milli + 1000).substr(1);
  while (digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      out += '\n';
      i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c == '\n') {
      out += '\n';
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
      ++i;
      continue;
    }
    const size_t length = SequenceLength(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // C1 control characters (U+0080..U+009F) are as invisible as C0 ones.
    if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string ShortenText(std::string_view text, size_t max_chars) {
  const std::string clean = CleanText(text);
  size_t chars = 0;
  size_t cut = std::string::npos;  // byte offset where code point number max_chars starts
  for (size_t i = 0; i < clean.size(); ++i) {
    if (IsContinuation(static_cast<unsigned char>(clean[i]))) continue;
    if (chars == max_chars - 1) cut = i;
    ++chars;
  }
  if (chars <= max_chars) return clean;
  return absl::StrCat(clean.substr(0, cut), kEllipsis);
}

std::string ShortTime(int64_t ns) {
  if (ns == 0) return "0s";
  // The most negative value has no positive counterpart; it is never a real time.
  if (ns == INT64_MIN) ns = INT64_MIN + 1;
  const std::string sign = ns < 0 ? "-" : "";
  const int64_t m = ns < 0 ? -ns : ns;
  if (m >= 1'000'000'000) return absl::StrCat(sign, Decimal(m, 1'000'000'000), "s");
  if (m >= 1'000'000) return absl::StrCat(sign, Decimal(m, 1'000'000), "ms");
  if (m >= 1'000) return absl::StrCat(sign, Decimal(m, 1'000), "us");
  return absl::StrCat(sign, m, "ns");
}

}  // namespace faultline::viz
