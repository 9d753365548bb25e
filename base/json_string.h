// JSON string literals written by hand, for the streams that build JSON lines without a
// JSON library (trace.jsonl, Perfetto and ShiViz output): quotes and backslashes escaped,
// control bytes as \u00XX, everything else (UTF-8 included) passed through.
//
//   std::string line = "{\"name\":";
//   AppendJsonString(line, "n1 \"primary\"");   // {"name":"n1 \"primary\""
#ifndef FAULTLINE_BASE_JSON_STRING_H_
#define FAULTLINE_BASE_JSON_STRING_H_

#include <string>
#include <string_view>

namespace faultline {

// Appends `s` as a JSON string literal (quoted, escaped) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace faultline

#endif  // FAULTLINE_BASE_JSON_STRING_H_
