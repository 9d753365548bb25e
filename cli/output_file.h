// Output files of the CLI (results.json, scenario.yaml, check reports, diagrams): a regular
// file is written whole or not at all, so a reader never sees half a file, and nothing
// else that sits at the path (a device, a FIFO, a directory, the command's own input) is
// ever replaced.
//
//   if (absl::Status st = CheckWritable(path, "--report"); !st.ok()) return ReportError(st);
//   if (absl::Status st = CheckNotInput(path, "--report", input); !st.ok()) ...
//   ...
//   if (absl::Status st = WriteFileAtomically(path, text); !st.ok()) return ReportError(st);
//
// What happens at `path`, by what is there:
//   nothing, or a regular file   a unique temporary file beside it (.NAME.faultline-XXXXXX),
//                                renamed onto it: atomic, and concurrent writers never
//                                share a temporary file
//   a symlink to a regular file  the same for the file it points to (the link stays), unless
//                                the link goes through /proc (/dev/stdout, /dev/fd/N): that
//                                is another process's open file, written through
//   a character device or FIFO   written through, appending (/dev/null, /dev/stdout, a tty)
//   a directory, socket, block   refused: PermissionDenied (exit 73) naming the path
//   device, or a dangling link
#ifndef FAULTLINE_CLI_OUTPUT_FILE_H_
#define FAULTLINE_CLI_OUTPUT_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace faultline::cli {

// Writes `text` to `path` as the table above says. Errors are PermissionDenied (exit 73)
// naming the file and the reason; no temporary file is left behind.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, const std::string& text);

// Fails (PermissionDenied, naming `what` and the reason) when `path` cannot be written:
// its directory is missing or read-only, or it is something the table above refuses.
// Lets a command refuse a bad output path before a long computation rather than after.
// Leaves no file behind.
[[nodiscard]] absl::Status CheckWritable(const std::string& path, const std::string& what);

// Appends `text` to `path` (created if missing), as CI step summaries are written
// ($GITHUB_STEP_SUMMARY). Refuses what WriteFileAtomically refuses; PermissionDenied.
[[nodiscard]] absl::Status AppendToFile(const std::string& path, const std::string& text);

// Fails (PermissionDenied) when the output `path` is the file `input` (same device and
// inode, so hard links, symlinks and ./x vs x are caught): writing it would destroy the
// input. Passes when either does not exist.
[[nodiscard]] absl::Status CheckNotInput(const std::string& path, const std::string& what,
                                         const std::string& input);

// True when `a` and `b` are the same regular file (device and inode).
bool SameFile(const std::string& a, const std::string& b);

// True when two output paths would write one file: the same regular file, or one path
// (after resolving . and .. and symlinks) that does not exist yet.
bool SameOutputPath(const std::string& a, const std::string& b);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_OUTPUT_FILE_H_
