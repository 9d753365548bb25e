// `faultline check` on the histories that are not kv's, each judged by its own checkers
// with its own flags: a lock history (mutual-exclusion, mutex), a messaging history
// (ordering, exactly-once), a multi-key history (read-atomic, with or without sharding)
// and a sharded store's records alone (sharding). The kv checkers' path stays in
// check_command.cc.
//
//   if (std::optional<int> code = CheckOtherHistories(vm, path, format, report, time_limit,
//                                                     memory_limit, names)) {
//     return *code;  // this family's exit code (0, 1, 2, 64, 65, 73)
//   }
#ifndef FAULTLINE_CLI_CHECK_OTHER_HISTORIES_H_
#define FAULTLINE_CLI_CHECK_OTHER_HISTORIES_H_

#include <optional>
#include <string>
#include <vector>

#include "boost/program_options.hpp"

namespace faultline::cli {

// The exit code when `checker_names` names a family other than kv's (having judged the
// history or refused the flags), nullopt when they are kv checkers (sharding may be among
// them: it reads the same history beside linearizability).
std::optional<int> CheckOtherHistories(const boost::program_options::variables_map& vm,
                                       const std::string& history_path,
                                       const std::string& format_name,
                                       const std::string& report_path,
                                       const std::string& time_limit_text,
                                       const std::string& memory_limit_text,
                                       const std::vector<std::string>& checker_names);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_OTHER_HISTORIES_H_
