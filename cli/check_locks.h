// `faultline check HISTORY --checkers mutual-exclusion[,mutex]`: the lock path of the check
// command (a history of requests and the lock model's observations, not a kv history).
#ifndef FAULTLINE_CLI_CHECK_LOCKS_H_
#define FAULTLINE_CLI_CHECK_LOCKS_H_

#include <string>
#include <vector>

#include "boost/program_options.hpp"
#include "cli/lock_report.h"

namespace faultline::cli {

// Reads the history (faultline's history.jsonl; `format_name` as --format: auto or
// faultline), prints each checker's lines, and writes {"valid", "history", "checkers"} to
// `report_path` unless it is empty. Returns the exit code.
int CheckLockHistory(const std::string& history_path, const std::string& format_name,
                     const std::string& report_path, const std::vector<std::string>& checker_names,
                     const LockLimits& limits);

// The check command's lock path from its parsed flags: refuses the kv checkers' flags
// (--model, --html, --semantics, ...) and a mix with other checkers, parses --time-limit
// and --memory-limit (the mutex search's budget), then CheckLockHistory.
int CheckLocksFromFlags(const boost::program_options::variables_map& vm,
                        const std::string& history_path, const std::string& format_name,
                        const std::string& report_path, const std::string& time_limit_text,
                        const std::string& memory_limit_text,
                        const std::vector<std::string>& checker_names);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_LOCKS_H_
