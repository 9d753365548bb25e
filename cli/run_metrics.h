// A run's metrics as results.json's `metrics` object and as summary lines:
//
//   "metrics": {
//     "latency_ns": {"read": {"count": 412, "p50": 2100000, "p95": ..., "p99": ..., "max": ...}},
//     "availability": {"in_faults": {"ops": 197, "ok": 123, "ratio": 0.624365},
//                      "outside_faults": {"ops": 803, "ok": 802, "ratio": 0.998754}},
//     "messages_per_op": 6.125
//   }
//
// Latencies are of ok ops, per op kind, from a log-linear histogram (within 1/64). An op
// is "in faults" when a fault was in force at its invocation (sim/op_metrics.h); ratio is
// null when no op fell on that side. Ratios have six decimals, rounded down, and
// messages_per_op three, rounded half up, both from integer arithmetic: the numbers are
// identical in every process and build.
#ifndef FAULTLINE_CLI_RUN_METRICS_H_
#define FAULTLINE_CLI_RUN_METRICS_H_

#include <string>

#include "nlohmann/json.hpp"
#include "sim/run_stats.h"

namespace faultline::cli {

nlohmann::json MetricsJson(const sim::RunStats& stats);

// "latency     read p50 2.1ms p99 14ms (412 ok); write ..." and the availability and
// messages lines, each ending in a newline.
std::string MetricsSummary(const sim::RunStats& stats);

// Three significant digits with a unit: "812ns", "2.1ms", "1.5s".
std::string ShortDuration(int64_t ns);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RUN_METRICS_H_
