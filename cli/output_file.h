// Output files of the CLI (results.json, scenario.yaml, check reports): written whole or
// not at all, so a reader never sees half a file.
//
//   if (absl::Status st = CheckWritable(path); !st.ok()) return ReportError(st);  // early
//   ...
//   if (absl::Status st = WriteFileAtomically(path, text); !st.ok()) return ReportError(st);
#ifndef FAULTLINE_CLI_OUTPUT_FILE_H_
#define FAULTLINE_CLI_OUTPUT_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace faultline::cli {

// Writes `text` to `path` through `path`.tmp and a rename. Errors are PermissionDenied
// (exit 73) naming the file and the reason.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, const std::string& text);

// Fails (PermissionDenied, naming `what` and the reason) when `path` cannot be written:
// its directory is missing or read-only, or it is a directory. Lets a command refuse a
// bad output path before a long computation rather than after. Leaves no file behind.
[[nodiscard]] absl::Status CheckWritable(const std::string& path, const std::string& what);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_OUTPUT_FILE_H_
