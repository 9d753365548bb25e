// A guard for JSON read from users' files: nlohmann's parser itself is iterative, but
// dumping, copying and comparing a parsed value recurse once per level, so a value nested
// 70,000 deep overflows the stack. Readers check the text's nesting first, with a scan
// that never recurses, and refuse a file nested deeper than any file faultline writes.
//
//   if (absl::Status st = CheckJsonDepth(line, {path, 12}); !st.ok()) return st;
//   // InvalidArgument "h.jsonl:12: expected JSON nested at most 128 levels deep, ..."
#ifndef FAULTLINE_BASE_JSON_DEPTH_H_
#define FAULTLINE_BASE_JSON_DEPTH_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "base/line_error.h"

namespace faultline {

// Deeper than anything faultline writes (a results.json is about 5 levels deep, a
// message body as deep as its model makes it), shallow enough for any stack.
inline constexpr int kMaxJsonDepth = 128;

// The byte offset of the first '[' or '{' that opens level `max_depth + 1`, or npos when
// `text` never nests deeper than `max_depth`. Brackets inside "strings" (with their
// backslash escapes) do not count; the text need not be valid JSON.
size_t FindJsonDepthOverflow(std::string_view text, int max_depth);

// OK, or InvalidArgument "SOURCE:LINE: expected JSON nested at most N levels deep, found
// '[[[...'", where LINE is `at.line` plus the newlines before the offending bracket (so a
// whole file passes {path, 1} and a single line passes its own number).
absl::Status CheckJsonDepth(std::string_view text, const LineRef& at,
                            int max_depth = kMaxJsonDepth);

// `text` without a leading UTF-8 byte order mark (EF BB BF), which some editors write:
// every reader accepts one at the start of a file, as the scenario loader does.
std::string_view StripUtf8Bom(std::string_view text);

}  // namespace faultline

#endif  // FAULTLINE_BASE_JSON_DEPTH_H_
