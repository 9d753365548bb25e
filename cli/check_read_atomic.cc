#include "cli/check_read_atomic.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include "checkers/multikey/multikey_history.h"
#include "cli/check_flags.h"
#include "cli/check_sharding.h"
#include "cli/exit_codes.h"

namespace faultline::cli {

bool IsReadAtomicCheck(const std::vector<std::string>& names) {
  const bool listed = std::find(names.begin(), names.end(), kReadAtomicChecker) != names.end();
  return listed && std::all_of(names.begin(), names.end(), [](const std::string& n) {
           return n == kReadAtomicChecker || n == kShardingChecker;
         });
}

absl::StatusOr<ReadAtomicOutcome> RunReadAtomicOnFile(const std::string& history_path) {
  absl::StatusOr<checkers::multikey::MultiKeyHistory> history =
      checkers::multikey::ReadMultiKeyHistoryFile(history_path);
  if (!history.ok()) return history.status();
  return RunReadAtomicChecker(*history);
}

int CheckReadAtomicFromFlags(const boost::program_options::variables_map& vm,
                             const std::string& history_path, const std::string& format_name,
                             const std::string& report_path,
                             const std::vector<std::string>& names) {
  if (int code = RefuseKvFlags(vm, "the read-atomic checker"); code != kExitOk) return code;
  if (int code = RequireFaultlineFormat(format_name, "the read-atomic checker"); code != kExitOk)
    return code;
  if (absl::Status st = CheckReportPath(report_path, history_path); !st.ok()) {
    return ReportError(st);
  }
  absl::StatusOr<checkers::multikey::MultiKeyHistory> history =
      checkers::multikey::ReadMultiKeyHistoryFile(history_path);
  if (!history.ok()) return ReportError(history.status());
  std::cout << "history: " << history->source << " (faultline, " << history->ops.size()
            << " multi-key ops, " << history->other_ops << " other ops, " << history->observations
            << " node observations)\n";
  bool violation = false;
  nlohmann::json results = nlohmann::json::object();
  for (const std::string& name : names) {
    if (name == kShardingChecker) {
      absl::StatusOr<ShardingOutcome> o = RunShardingOnFile(history_path);
      if (!o.ok()) return ReportError(o.status());
      for (const std::string& line : o->lines) std::cout << line << "\n";
      violation = violation || o->violation;
      results[name] = std::move(o->report);
      continue;
    }
    ReadAtomicOutcome o = RunReadAtomicChecker(*history);
    for (const std::string& line : o.lines) std::cout << line << "\n";
    violation = violation || o.violation;
    results[name] = std::move(o.report);
  }
  if (!report_path.empty()) {
    const nlohmann::json source = {{"source", history->source},
                                   {"format", "faultline"},
                                   {"ops", history->ops.size() + history->other_ops},
                                   {"observations", history->observations}};
    if (absl::Status st = WriteChecksReport(report_path, violation, false, source, results);
        !st.ok()) {
      return ReportError(st);
    }
  }
  return violation ? kExitViolation : kExitOk;
}

}  // namespace faultline::cli
