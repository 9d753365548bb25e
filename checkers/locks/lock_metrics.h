// The load test's numbers from a lock history, for the report and `faultline sweep`'s
// charts (the meltdown curve): throughput and latency of the requests, why requests
// failed, how long and how often threads tried for the lock, how fairly pods got it, and
// the lock servers' own utilisation and queue. docs/lock-checker.md defines each one.
//
//   std::map<std::string, double> m;
//   AddLockMetrics(history, m);  // m["qps"], m["latency_p99_ns"], m["server_utilisation"], ...
#ifndef FAULTLINE_CHECKERS_LOCKS_LOCK_METRICS_H_
#define FAULTLINE_CHECKERS_LOCKS_LOCK_METRICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {

// Adds the metrics the history has facts for: request metrics when it has requests,
// latency ones when some ended ok, acquisition ones when it has acquire lines, server ones
// when a lock server wrote two or more load lines.
void AddLockMetrics(const LockHistory& history, std::map<std::string, double>& metrics);

// Nearest-rank percentile of `sorted` (ascending, non-empty), p in (0, 1].
int64_t NearestRank(const std::vector<int64_t>& sorted, double p);

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_LOCK_METRICS_H_
