// `faultline check HISTORY --checkers sharding`: the sharding checker over a kv history
// with a router's observe lines (cli/sharding_report.h). Alone it reads only what it
// needs; with kv checkers (linearizability, lost-writes, ...) the check command runs it
// beside them on the same file (RunShardingOnFile).
#ifndef FAULTLINE_CLI_CHECK_SHARDING_H_
#define FAULTLINE_CLI_CHECK_SHARDING_H_

#include <string>

#include "absl/status/statusor.h"
#include "boost/program_options.hpp"
#include "cli/sharding_report.h"

namespace faultline::cli {

// --checkers sharding alone: refuses the kv checkers' flags and a --format other than auto
// or faultline, reads the history, prints the checker's lines and writes
// {"valid", "history", "checkers"} to `report_path` unless it is empty. Returns the exit
// code.
int CheckShardingFromFlags(const boost::program_options::variables_map& vm,
                           const std::string& history_path, const std::string& format_name,
                           const std::string& report_path);

// Reads `history_path` as a sharded store's history and runs the checker; a bad line is
// InvalidArgument naming FILE:LINE.
absl::StatusOr<ShardingOutcome> RunShardingOnFile(const std::string& history_path);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_SHARDING_H_
