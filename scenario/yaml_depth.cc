// Flow nesting in YAML text, measured before yaml-cpp parses it (scenario_sections.h).
#include <string_view>

#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

// A quote opens a quoted scalar only where a token starts: `don't` is a plain scalar.
bool StartsToken(std::string_view text, size_t i) {
  if (i == 0) return true;
  const char before = text[i - 1];
  return before == ' ' || before == '\t' || before == '\n' || before == '[' || before == '{' ||
         before == ',' || before == ':' || before == '-';
}

}  // namespace

size_t FindYamlFlowDepthOverflow(std::string_view text, int max_depth) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '\'' || c == '"') && StartsToken(text, i)) {
      // Skip the quoted scalar: '' is a quote inside single quotes, \" inside double.
      for (++i; i < text.size(); ++i) {
        if (c == '"' && text[i] == '\\') {
          ++i;
        } else if (text[i] == c) {
          if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
            ++i;
          } else {
            break;
          }
        }
      }
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') ++i;  // a comment, to the end of its line
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace faultline::scenario::internal
