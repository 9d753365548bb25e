#include "cli/check_messaging.h"

#include <cstdio>
#include <iostream>
#include <utility>

#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"
#include "cli/exit_codes.h"
#include "cli/ordering_report.h"
#include "cli/output_file.h"
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
  if (!report_path.empty()) {
    if (absl::Status st = CheckWritable(report_path, "--report"); !st.ok()) return ReportError(st);
    if (absl::Status st = CheckNotInput(report_path, "--report", history_path); !st.ok()) {
      return ReportError(st);
    }
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
    const nlohmann::json out = {
        {"valid", !violation},
        {"history",
         {{"source", history->source},
          {"format", history->format.empty() ? "empty" : history->format},
          {"ops", history->ops.size()},
          {"observations", history->observations.size()}}},
        {"checkers", results}};
    const std::string text =
        out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (absl::Status st = WriteFileAtomically(report_path, text); !st.ok()) return ReportError(st);
    std::cout << "report: " << report_path << "\n";
  }
  return violation ? kExitViolation : kExitOk;
}

}  // namespace faultline::cli
