// What the checkers that count anomalies by kind (ordering, mutual-exclusion, sharding)
// report alike: the JSON of their anomalies and metrics and the lines `faultline check`
// and the run summary print. One writer, so their reports read the same and sweep finds
// their metrics in the same place.
//
//   AnomalyLines a = DescribeAnomalies("ordering (120 ops, 400 observations): ", valid,
//                                      report.anomalies, [](const std::string& kind) {
//                                        return co::DecidesVerdict(kind, false);
//                                      });
//   out.report["anomalies"] = a.json;  // {KIND: {"count", "decides", "examples"}}
//   out.lines = a.lines;  // "ordering (...): invalid: lost 1", "  lost: 1; first: ..."
#ifndef FAULTLINE_CLI_ANOMALY_REPORT_H_
#define FAULTLINE_CLI_ANOMALY_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// Integers stay integers in JSON; ratios keep six decimals (the same runs, the same bytes).
nlohmann::json MetricJson(double v);

// {NAME: MetricJson(value)} for each metric.
nlohmann::json MetricsJson(const std::map<std::string, double>& metrics);

// What one of these checkers hands the CLI: its JSON for results.json's "checkers" (and
// `faultline check --report`), whether it found a violation (or, for a search with a
// budget, could not decide), and the lines the run summary and `faultline check` print.
// Each report header documents its own JSON's fields.
struct ObservationCheckerOutcome {
  nlohmann::json report;
  bool violation = false;
  bool unknown = false;
  std::vector<std::string> lines;
};

struct AnomalyLines {
  nlohmann::json json = nlohmann::json::object();  // {KIND: {"count", "decides", "examples"}}
  // `head` + "valid" (with " (what follows does not decide)" when anomalies were found)
  // or "invalid: KIND N, ..." (the deciding kinds), then "  KIND: N; first: EXAMPLE" per
  // kind found.
  std::vector<std::string> lines;
};

// `anomalies` maps a kind to a struct with `count` and `examples`; `decides(kind)` says
// whether the kind decides the verdict.
template <class AnomalyMap, class DecidesFn>
AnomalyLines DescribeAnomalies(std::string head, bool valid, const AnomalyMap& anomalies,
                               DecidesFn decides) {
  AnomalyLines out;
  std::vector<std::string> deciding;
  for (const auto& [kind, a] : anomalies) {
    const bool d = decides(kind);
    out.json[kind] = {{"count", a.count}, {"decides", d}, {"examples", a.examples}};
    if (d) deciding.push_back(absl::StrCat(kind, " ", a.count));
  }
  if (valid) {
    absl::StrAppend(&head, "valid", anomalies.empty() ? "" : " (what follows does not decide)");
  } else {
    absl::StrAppend(&head, "invalid: ", absl::StrJoin(deciding, ", "));
  }
  out.lines.push_back(std::move(head));
  for (const auto& [kind, a] : anomalies) {
    out.lines.push_back(absl::StrCat(
        "  ", kind, ": ", a.count,
        a.examples.empty() ? "" : "; first: ", a.examples.empty() ? "" : a.examples[0]));
  }
  return out;
}

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_ANOMALY_REPORT_H_
