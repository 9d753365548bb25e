// Exit codes of the `faultline` CLI (DESIGN.md's contract; sysexits.h where it has one).
#ifndef FAULTLINE_CLI_EXIT_CODES_H_
#define FAULTLINE_CLI_EXIT_CODES_H_

#include "absl/status/status.h"

namespace faultline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitViolation = 1;  // a checker found a violation
inline constexpr int kExitUnknown = 2;    // a checker ran out of budget
inline constexpr int kExitDiverged = 3;   // replay did not reproduce the trace hash
inline constexpr int kExitUsage = 64;     // bad flags or arguments
inline constexpr int kExitDataErr = 65;   // bad scenario, history or run directory
inline constexpr int kExitInternal = 70;  // a bug in faultline
inline constexpr int kExitCantCreate = 73;  // an output file or directory can't be written

// Prints "faultline: <message>" to stderr and returns the exit code for `status`.
int ReportError(const absl::Status& status);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_EXIT_CODES_H_
