#include "cli/ordering_report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"

namespace faultline::cli {
namespace {

namespace co = checkers::ordering;
using nlohmann::json;

// Integers stay integers in JSON; ratios keep six decimals (the same runs, the same bytes).
json MetricJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return std::round(v * 1e6) / 1e6;
}

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
  json anomalies = json::object();
  std::vector<std::string> deciding;
  for (const auto& [kind, a] : report.anomalies) {
    const bool decides = co::DecidesVerdict(kind, exactly_once);
    anomalies[kind] = {{"count", a.count}, {"decides", decides}, {"examples", a.examples}};
    if (decides) deciding.push_back(absl::StrCat(kind, " ", a.count));
  }
  json metrics = json::object();
  for (const auto& [metric, v] : report.metrics) metrics[metric] = MetricJson(v);
  out.report = {{"checker", name},
                {"valid", valid},
                {"verdict", valid ? "valid" : "invalid"},
                {"ops", history.ops.size()},
                {"observations", history.observations.size()},
                {"anomalies", std::move(anomalies)},
                {"metrics", std::move(metrics)},
                {"notes", report.notes}};
  std::string first = absl::StrCat(name, " (", history.ops.size(), " ops, ",
                                   history.observations.size(), " observations): ");
  if (valid) {
    absl::StrAppend(&first, "valid",
                    report.anomalies.empty() ? "" : " (what follows does not decide)");
  } else {
    absl::StrAppend(&first, "invalid: ", absl::StrJoin(deciding, ", "));
  }
  out.lines.push_back(std::move(first));
  for (const auto& [kind, a] : report.anomalies) {
    out.lines.push_back(absl::StrCat("  ", kind, ": ", a.count,
                                     a.examples.empty() ? "" : "; first: ",
                                     a.examples.empty() ? "" : a.examples[0]));
  }
  for (const std::string& note : report.notes) out.lines.push_back(absl::StrCat("  note: ", note));
  return out;
}

}  // namespace faultline::cli
