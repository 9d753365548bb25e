// Per-run operation metrics beyond RunStats' totals: the latency of ok ops per op kind
// (`f`), and availability (the share of ops that ended ok) split by whether a fault was
// active when the op was invoked. Constant memory per op kind, whatever the run's length.
//
//   OpMetrics m;
//   m.Record("read", /*invoked_in_fault=*/true, OpOutcome::kOk, 3 * kMillisecond);
//   m.in_faults().ratio_text();  // "1.0000"
//
// What counts as "in a fault" is the simulator's call (Simulator::AnyFaultActive): a
// partition, a crashed or paused node, a degraded link or a faulted clock, during the
// workload phase. Recovery and final-phase ops count as outside.
#ifndef FAULTLINE_SIM_OP_METRICS_H_
#define FAULTLINE_SIM_OP_METRICS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "sim/latency_histogram.h"
#include "sim/op.h"

namespace faultline::sim {

// Completed ops (ok, fail or info) and how many of them were ok.
struct Availability {
  uint64_t ops = 0;
  uint64_t ok = 0;
  // ok / ops in parts per million, rounded down; nullopt when no op completed. Integer
  // arithmetic, so every build and process prints the same ratio.
  std::optional<uint64_t> RatioPpm() const;
  // RatioPpm as "0.9876" (four decimals, truncated), or "" when there were no ops.
  std::string RatioText() const;
  void Add(const Availability& other) {
    ops += other.ops;
    ok += other.ok;
  }
};

class OpMetrics {
 public:
  // One completed op. `latency` is invoke -> completion; only ok ops' latencies are kept.
  // REQUIRES: latency >= 0.
  void Record(std::string_view f, bool invoked_in_fault, OpOutcome outcome, Nanos latency);

  // Ok-op latencies by op kind, in name order.
  const std::map<std::string, LatencyHistogram, std::less<>>& ok_latency_by_f() const {
    return ok_latency_by_f_;
  }
  const Availability& in_faults() const { return in_faults_; }
  const Availability& outside_faults() const { return outside_faults_; }

 private:
  std::map<std::string, LatencyHistogram, std::less<>> ok_latency_by_f_;
  Availability in_faults_;
  Availability outside_faults_;
};

// messages / ops in thousandths, rounded half up; nullopt when ops == 0.
// REQUIRES: ops < 2^50 and messages / ops < 2^53 / 1000.
std::optional<uint64_t> PerOpMilli(uint64_t messages, uint64_t ops);

// messages / ops with three decimals, rounded half up ("4.250"), or "" when ops == 0.
// Integer arithmetic: the text is the same in every build. REQUIRES: ops < 2^50.
std::string PerOpText(uint64_t messages, uint64_t ops);

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_OP_METRICS_H_
