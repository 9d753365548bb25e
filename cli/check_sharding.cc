#include "cli/check_sharding.h"

#include <cstdio>
#include <iostream>

#include "checkers/sharding/shard_history.h"
#include "cli/check_flags.h"
#include "cli/exit_codes.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

absl::StatusOr<ShardingOutcome> RunShardingOnFile(const std::string& history_path) {
  absl::StatusOr<checkers::sharding::ShardHistory> history =
      checkers::sharding::ReadShardHistoryFile(history_path);
  if (!history.ok()) return history.status();
  return RunShardingChecker(*history);
}

int CheckShardingFromFlags(const boost::program_options::variables_map& vm,
                           const std::string& history_path, const std::string& format_name,
                           const std::string& report_path) {
  if (int code = RefuseKvFlags(vm, "the sharding checker"); code != kExitOk) return code;
  if (int code = RequireFaultlineFormat(format_name, "the sharding checker"); code != kExitOk)
    return code;
  if (absl::Status st = CheckReportPath(report_path, history_path); !st.ok()) {
    return ReportError(st);
  }
  absl::StatusOr<checkers::sharding::ShardHistory> history =
      checkers::sharding::ReadShardHistoryFile(history_path);
  if (!history.ok()) return ReportError(history.status());
  std::cout << "history: " << history->source << " (faultline, " << history->ops.size() << " ops, "
            << history->observations() << " node observations)\n";
  ShardingOutcome o = RunShardingChecker(*history);
  for (const std::string& line : o.lines) std::cout << line << "\n";
  if (!report_path.empty()) {
    const nlohmann::json source = {{"source", history->source},
                                   {"format", "faultline"},
                                   {"ops", history->ops.size()},
                                   {"observations", history->observations()}};
    if (absl::Status st = WriteChecksReport(report_path, o.violation, false, source,
                                            {{kShardingChecker, std::move(o.report)}});
        !st.ok()) {
      return ReportError(st);
    }
  }
  return o.violation ? kExitViolation : kExitOk;
}

}  // namespace faultline::cli
