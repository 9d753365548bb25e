// The lock checkers (checkers/locks/) as the CLI runs them: `mutual-exclusion` (overlaps,
// stale writes and the load test's metrics) and `mutex` (acquire/release ops judged by the
// linearizability search with the mutex spec). Gives the JSON object results.json's
// "checkers" (and `faultline check --report`) holds and the lines the run summary and
// `faultline check` print. docs/lock-checker.md documents both.
//
//   LockOutcome out = RunLockChecker("mutual-exclusion", history, {});
//   results["checkers"]["mutual-exclusion"] = out.report;
#ifndef FAULTLINE_CLI_LOCK_REPORT_H_
#define FAULTLINE_CLI_LOCK_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.h"
#include "checkers/locks/lock_history.h"
#include "cli/anomaly_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// "mutual-exclusion" or "mutex".
bool IsLockChecker(const std::string& name);

struct LockLimits {
  Nanos time_limit_ns = 60 * kSecond;               // mutex: then the verdict is unknown
  uint64_t memory_limit_bytes = uint64_t{1} << 30;  // mutex: per lock's search memo
};

// Its outcome (anomaly_report.h).
// report: mutual-exclusion: {"checker", "valid", "verdict", "ops", "observations",
// "anomalies": {KIND: {"count", "decides", "examples"}}, "metrics": {NAME: number},
// "notes"}; mutex: {"checker", "valid" (true, false or "unknown"), "verdict", "ops",
// "observations", "mutex_ops", "evidence", "states_explored", "metrics", "notes"}.
// lines: "mutual-exclusion (120 requests, 400 observations): invalid: overlap 1,
// stale-write 1", then "  overlap: 1; first: L1: n3/t7 ..." per kind found.
using LockOutcome = ObservationCheckerOutcome;

// REQUIRES: IsLockChecker(name).
LockOutcome RunLockChecker(const std::string& name, const checkers::locks::LockHistory& history,
                           const LockLimits& limits);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_LOCK_REPORT_H_
