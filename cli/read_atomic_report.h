// The read-atomic checker (checkers/multikey/) as the CLI runs it: the JSON object
// results.json's "checkers" (and `faultline check --report`) holds, with its metrics for
// sweep and compare, and the lines the run summary and `faultline check` print: the
// verdict, the first fractured reads with their evidence, the cross-shard latency.
// docs/sharding-checker.md documents it.
//
//   ReadAtomicOutcome out = RunReadAtomicChecker(history);
//   results["checkers"]["read-atomic"] = out.report;
#ifndef FAULTLINE_CLI_READ_ATOMIC_REPORT_H_
#define FAULTLINE_CLI_READ_ATOMIC_REPORT_H_

#include <string>
#include <vector>

#include "checkers/multikey/multikey_history.h"
#include "cli/anomaly_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

inline constexpr char kReadAtomicChecker[] = "read-atomic";

// Its outcome (anomaly_report.h).
// report: {"checker", "valid", "verdict", "ops", "anomalies": {"fractured-read": {"count",
// "decides", "examples"}}, "metrics": {NAME: number}, "fractured": [{"read_op",
// "read_client", "write_op", "write_client", "saw_key", "value", "stale_key",
// "stale_value", "stale_write_op"}, ...] (the first 100), "notes"}
// lines: "read-atomic (800 multi-key ops): invalid: fractured-read 3", the first evidence, the
// latency, indented by two spaces.
using ReadAtomicOutcome = ObservationCheckerOutcome;

ReadAtomicOutcome RunReadAtomicChecker(const checkers::multikey::MultiKeyHistory& history);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_READ_ATOMIC_REPORT_H_
