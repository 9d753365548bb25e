#include "base/line_error.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline {
namespace {

// Long enough to show a whole jepsen line, short enough for one terminal row.
constexpr size_t kFoundChars = 80;

}  // namespace

std::string QuoteFound(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kFoundChars; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (text.size() > kFoundChars) out += "...";
  out += "'";
  return out;
}

absl::Status LineError(const LineRef& at, std::string_view expected, std::string_view found) {
  const std::string column = at.column > 0 ? absl::StrCat(":", at.column) : std::string();
  return absl::InvalidArgumentError(absl::StrCat(Sv(at.source), ":", at.line, column, ": expected ",
                                                 Sv(expected), ", found ", QuoteFound(found)));
}

}  // namespace faultline
