// Reads a whole input file (a scenario, a history) with the errors a user can act on:
// a directory, a missing or unreadable file, a read error, each naming the path.
//
//   absl::StatusOr<std::string> text = ReadTextFile(path, "scenario file", "scenarios/*.yaml");
#ifndef FAULTLINE_BASE_TEXT_FILE_H_
#define FAULTLINE_BASE_TEXT_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace faultline {

// `what` names the kind of file in messages; `example` shows what to give instead of a
// directory. Missing or unreadable: NotFound; a directory: InvalidArgument.
// `max_bytes`: a larger file is refused (InvalidArgument, naming both sizes) before any of
// it is read; a pipe is cut off just past the limit and refused likewise.
absl::StatusOr<std::string> ReadTextFile(const std::string& path, std::string_view what,
                                         std::string_view example,
                                         uint64_t max_bytes = UINT64_MAX);

}  // namespace faultline

#endif  // FAULTLINE_BASE_TEXT_FILE_H_
