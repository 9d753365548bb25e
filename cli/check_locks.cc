#include "cli/check_locks.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <utility>

#include "checkers/locks/lock_history.h"
#include "cli/check_flags.h"
#include "cli/exit_codes.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

int CheckLockHistory(const std::string& history_path, const std::string& format_name,
                     const std::string& report_path, const std::vector<std::string>& checker_names,
                     const LockLimits& limits) {
  if (int code = RequireFaultlineFormat(format_name, "the lock checkers"); code != kExitOk) return code;
  if (absl::Status st = CheckReportPath(report_path, history_path); !st.ok()) {
    return ReportError(st);
  }
  absl::StatusOr<checkers::locks::LockHistory> history =
      checkers::locks::ReadLockHistoryFile(history_path);
  if (!history.ok()) return ReportError(history.status());
  std::cout << "history: " << history->source << " (faultline, " << history->requests.size()
            << " requests, " << history->observations() << " node observations)\n";
  nlohmann::json results = nlohmann::json::object();
  bool violation = false;
  bool unknown = false;
  for (const std::string& name : checker_names) {
    LockOutcome o = RunLockChecker(name, *history, limits);
    for (const std::string& line : o.lines) std::cout << line << "\n";
    violation = violation || o.violation;
    unknown = unknown || o.unknown;
    results[name] = std::move(o.report);
  }
  if (!report_path.empty()) {
    const nlohmann::json source = {{"source", history->source},
                                   {"format", "faultline"},
                                   {"ops", history->requests.size()},
                                   {"observations", history->observations()}};
    if (absl::Status st = WriteChecksReport(report_path, violation, unknown, source, results);
        !st.ok()) {
      return ReportError(st);
    }
  }
  return violation ? kExitViolation : unknown ? kExitUnknown : kExitOk;
}

int CheckLocksFromFlags(const boost::program_options::variables_map& vm,
                        const std::string& history_path, const std::string& format_name,
                        const std::string& report_path, const std::string& time_limit_text,
                        const std::string& memory_limit_text,
                        const std::vector<std::string>& checker_names) {
  if (!std::all_of(checker_names.begin(), checker_names.end(), IsLockChecker)) {
    std::fprintf(stderr,
                 "faultline check: mutual-exclusion and mutex judge a lock history (request "
                 "ops and the lock model's observations); check other checkers in a separate "
                 "run\n");
    return kExitUsage;
  }
  if (int code = RefuseKvFlags(vm, "the lock checkers"); code != kExitOk) return code;
  const std::optional<CheckBudget> budget = ParseCheckBudget(time_limit_text, memory_limit_text);
  if (!budget) return kExitUsage;
  const LockLimits limits{.time_limit_ns = budget->time_limit_ns,
                          .memory_limit_bytes = budget->memory_limit_bytes};
  return CheckLockHistory(history_path, format_name, report_path, checker_names, limits);
}

}  // namespace faultline::cli
