// The sharding checker (checkers/sharding/) as the CLI runs it: the JSON object
// results.json's "checkers" (and `faultline check --report`) holds, with its metrics for
// sweep and compare, and the lines the run summary and `faultline check` print: the
// verdict, one line per migration with its phase durations, one per topology change with
// the keys it moved, the imbalance and the hot shard. docs/sharding-checker.md documents it.
//
//   ShardingOutcome out = RunShardingChecker(history);
//   results["checkers"]["sharding"] = out.report;
#ifndef FAULTLINE_CLI_SHARDING_REPORT_H_
#define FAULTLINE_CLI_SHARDING_REPORT_H_

#include <string>
#include <vector>

#include "checkers/sharding/shard_history.h"
#include "cli/anomaly_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

inline constexpr char kShardingChecker[] = "sharding";

// Its outcome (anomaly_report.h).
// report: {"checker", "valid", "verdict", "ops", "observations", "anomalies": {KIND: {"count",
// "decides", "examples"}}, "metrics": {NAME: number}, "hot_shard", "imbalance_over_time":
// [[window_end_ns, imbalance], ...], "migrations": [{"id", "done", "duration_ns",
// "detail", "phases": [{"phase", "time_ns"}]}], "topology_changes": [...], "notes"}
// lines: "sharding (1200 ops, 340 observations): valid", then the anomalies, migrations,
// topology changes, imbalance and hot shard, indented by two spaces.
using ShardingOutcome = ObservationCheckerOutcome;

ShardingOutcome RunShardingChecker(const checkers::sharding::ShardHistory& history);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_SHARDING_REPORT_H_
