#include "base/json_depth.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace faultline {

size_t FindJsonDepthOverflow(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped byte, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        depth = std::max(depth - 1, 0);  // unbalanced text is the parser's to report
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

absl::Status CheckJsonDepth(std::string_view text, const LineRef& at, int max_depth) {
  const size_t overflow = FindJsonDepthOverflow(text, max_depth);
  if (overflow == std::string_view::npos) return absl::OkStatus();
  const auto newlines = std::count(text.begin(), text.begin() + overflow, '\n');
  return LineError({at.source, at.line + newlines},
                   absl::StrCat("JSON nested at most ", max_depth,
                                " levels deep (faultline's limit for the files it reads)"),
                   text.substr(overflow));
}

std::string_view StripUtf8Bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace faultline
