#include "cli/check_messaging.h"

#include <cstdio>
#include <iostream>
#include <utility>

#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"
#include "cli/check_flags.h"
#include "cli/exit_codes.h"
#include "cli/ordering_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

int CheckMessagingHistory(const std::string& history_path, const std::string& format_name,
                          const std::string& report_path,
                          const std::vector<std::string>& checker_names) {
  namespace co = checkers::ordering;
  absl::StatusOr<co::MessageFormat> format = co::ParseMessageFormat(format_name);
  if (!format.ok()) {
    std::fprintf(stderr, "faultline check: --format: %s\n",
                 std::string(format.status().message()).c_str());
    return kExitUsage;
  }
  if (absl::Status st = CheckReportPath(report_path, history_path); !st.ok()) {
    return ReportError(st);
  }
  absl::StatusOr<co::MessageHistory> history = co::ReadMessageHistoryFile(history_path, *format);
  if (!history.ok()) return ReportError(history.status());
  std::cout << "history: " << history->source << " ("
            << (history->format.empty() ? "empty" : history->format) << ", "
            << history->ops.size() << " ops, " << history->observations.size()
            << " node observations)\n";
  for (const std::string& note : history->notes) std::cout << "note: " << note << "\n";
  const co::OrderingReport report = co::CheckOrdering(*history);
  nlohmann::json results = nlohmann::json::object();
  bool violation = false;
  for (const std::string& name : checker_names) {
    OrderingOutcome o = OrderingOutcomeFor(name, *history, report);
    for (const std::string& line : o.lines) std::cout << line << "\n";
    violation = violation || o.violation;
    results[name] = std::move(o.report);
  }
  if (!report_path.empty()) {
    const nlohmann::json source = {{"source", history->source},
                                   {"format", history->format.empty() ? "empty" : history->format},
                                   {"ops", history->ops.size()},
                                   {"observations", history->observations.size()}};
    if (absl::Status st = WriteChecksReport(report_path, violation, false, source, results);
        !st.ok()) {
      return ReportError(st);
    }
  }
  return violation ? kExitViolation : kExitOk;
}

}  // namespace faultline::cli
