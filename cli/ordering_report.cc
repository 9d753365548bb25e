#include "cli/ordering_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "cli/anomaly_report.h"

namespace faultline::cli {
namespace {

namespace co = checkers::ordering;
using nlohmann::json;

}  // namespace

bool IsOrderingChecker(const std::string& name) {
  return name == "ordering" || name == "exactly-once";
}

OrderingOutcome OrderingOutcomeFor(const std::string& name, const co::MessageHistory& history,
                                   const co::OrderingReport& report) {
  FL_CHECK_MSG(IsOrderingChecker(name), "not an ordering checker");
  const bool exactly_once = name == "exactly-once";
  OrderingOutcome out;
  const bool valid = report.Valid(exactly_once);
  out.violation = !valid;
  AnomalyLines described = DescribeAnomalies(
      absl::StrCat(name, " (", history.ops.size(), " ops, ", history.observations.size(),
                   " observations): "),
      valid, report.anomalies,
      [exactly_once](const std::string& kind) { return co::DecidesVerdict(kind, exactly_once); });
  out.report = {{"checker", name},
                {"valid", valid},
                {"verdict", valid ? "valid" : "invalid"},
                {"ops", history.ops.size()},
                {"observations", history.observations.size()},
                {"anomalies", described.json},
                {"metrics", MetricsJson(report.metrics)},
                {"notes", report.notes}};
  out.lines = std::move(described.lines);
  for (const std::string& note : report.notes) out.lines.push_back(absl::StrCat("  note: ", note));
  return out;
}

}  // namespace faultline::cli
