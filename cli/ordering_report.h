// The ordering checkers (checkers/ordering/) as the CLI runs them: `ordering` and
// `exactly-once` share one analysis and differ in whether a duplicate decides. Gives the
// JSON object results.json's "checkers" (and `faultline check --report`) holds and the
// lines the run summary and `faultline check` print: one per checker, then one per anomaly
// kind found with its count and first example. docs/ordering-checker.md documents both.
//
//   const OrderingReport r = checkers::ordering::CheckOrdering(history);
//   OrderingOutcome out = OrderingOutcomeFor("ordering", history, r);
//   results["checkers"]["ordering"] = out.report;
#ifndef FAULTLINE_CLI_ORDERING_REPORT_H_
#define FAULTLINE_CLI_ORDERING_REPORT_H_

#include <string>
#include <vector>

#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"
#include "cli/anomaly_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// "ordering" or "exactly-once".
bool IsOrderingChecker(const std::string& name);

// Its outcome (anomaly_report.h).
// report: {"checker", "valid", "verdict", "ops", "observations", "anomalies": {KIND: {"count",
// "decides", "examples"}}, "metrics": {NAME: number}, "notes"}
// lines: "ordering (120 ops, 400 observations): invalid: order-violation 3, lost 1", then
// "  order-violation: 3; first: e7: op 57 (c1) sent 3 after ..." per kind found.
using OrderingOutcome = ObservationCheckerOutcome;

// REQUIRES: IsOrderingChecker(name); `report` is CheckOrdering(history).
OrderingOutcome OrderingOutcomeFor(const std::string& name,
                                   const checkers::ordering::MessageHistory& history,
                                   const checkers::ordering::OrderingReport& report);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_ORDERING_REPORT_H_
