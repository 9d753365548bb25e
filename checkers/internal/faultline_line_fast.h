// A fast path for the faultline history reader: parses the lines sim/history.cc writes
// (a flat JSON object of integers, plain strings, null and one flat array) without
// building a JSON tree, which is most of the cost of reading a million-op history.
//
// It accepts only lines it can read completely and that are valid; anything else
// (escapes in strings, floats, missing or repeated fields, unknown types, any error)
// returns nullopt, and the caller parses the line with the full JSON parser, which
// gives the error message. So for every line, the fast path gives the same Event as the
// full parser or nothing (faultline_line_fast_test.cc checks this).
#ifndef FAULTLINE_CHECKERS_INTERNAL_FAULTLINE_LINE_FAST_H_
#define FAULTLINE_CHECKERS_INTERNAL_FAULTLINE_LINE_FAST_H_

#include <optional>
#include <string_view>

#include "checkers/internal/history_events.h"

namespace faultline::checkers::internal {

std::optional<Event> ParseFaultlineLineFast(std::string_view line);

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_FAULTLINE_LINE_FAST_H_
