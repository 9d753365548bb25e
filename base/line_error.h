// Errors about one line of a line-oriented input file (trace.jsonl, history.jsonl, Jepsen
// logs): "FILE:LINE: expected WHAT, found 'TEXT'", the same shape for every reader.
//
//   return LineError({path, 12}, "a \"type\" field", line);
//   // InvalidArgument "runs/q/trace.jsonl:12: expected a \"type\" field, found '{\"i\":3}'"
#ifndef FAULTLINE_BASE_LINE_ERROR_H_
#define FAULTLINE_BASE_LINE_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace faultline {

// Where a line came from.
struct LineRef {
  std::string_view source;
  int64_t line = 0;    // 1-based
  int64_t column = 0;  // 1-based; 0 for line-oriented formats, whose errors name no column
};

// InvalidArgument "SOURCE:LINE: expected EXPECTED, found FOUND" ("SOURCE:LINE:COLUMN: ..."
// when `at.column` is set) with FOUND quoted,
// shortened and with non-printable bytes escaped, so a binary file gives a readable error.
absl::Status LineError(const LineRef& at, std::string_view expected, std::string_view found);

// `text` in single quotes, cut after 80 bytes ("..."), tabs and bytes outside printable
// ASCII escaped (\t, \x00).
std::string QuoteFound(std::string_view text);

}  // namespace faultline

#endif  // FAULTLINE_BASE_LINE_ERROR_H_
