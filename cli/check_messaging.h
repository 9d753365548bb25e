// `faultline check HISTORY --checkers ordering[,exactly-once]`: the messaging path of the
// check command (a history of sends, polls and node observations, not a kv history).
#ifndef FAULTLINE_CLI_CHECK_MESSAGING_H_
#define FAULTLINE_CLI_CHECK_MESSAGING_H_

#include <string>
#include <vector>

namespace faultline::cli {

// Reads the history (faultline's or Maelstrom's kafka; `format_name` as --format), prints
// each checker's line and its anomaly lines, and writes {"valid", "history", "checkers"}
// to `report_path` unless it is empty. Returns the exit code.
int CheckMessagingHistory(const std::string& history_path, const std::string& format_name,
                          const std::string& report_path,
                          const std::vector<std::string>& checker_names);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_MESSAGING_H_
