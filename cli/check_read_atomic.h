// `faultline check HISTORY --checkers read-atomic[,sharding]`: the read-atomic checker
// over a multi-key history (cli/read_atomic_report.h), alone or beside the sharding
// checker on the same file. The kv checkers cannot judge multi-key ops (they refuse such
// a history, naming this checker), so neither can be listed with them.
#ifndef FAULTLINE_CLI_CHECK_READ_ATOMIC_H_
#define FAULTLINE_CLI_CHECK_READ_ATOMIC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "boost/program_options.hpp"
#include "cli/read_atomic_report.h"

namespace faultline::cli {

// Whether `names` are read-atomic, optionally with sharding: the checkers this command
// runs on its own.
bool IsReadAtomicCheck(const std::vector<std::string>& names);

// Refuses the kv checkers' flags and a --format other than auto or faultline, reads the
// history, prints each checker's lines and writes {"valid", "history", "checkers"} to
// `report_path` unless it is empty. Returns the exit code.
// REQUIRES: IsReadAtomicCheck(names).
int CheckReadAtomicFromFlags(const boost::program_options::variables_map& vm,
                             const std::string& history_path, const std::string& format_name,
                             const std::string& report_path, const std::vector<std::string>& names);

// Reads `history_path` as a multi-key history and runs the checker; a bad line is
// InvalidArgument naming FILE:LINE.
absl::StatusOr<ReadAtomicOutcome> RunReadAtomicOnFile(const std::string& history_path);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_READ_ATOMIC_H_
