// Shrinking a failing fuzz run to a small scenario a person can read: greedy passes, each
// trying a simpler scenario on the same seed and keeping it when the same checker still
// fails, until a whole round keeps nothing or the budget is spent. In order:
//   - the random nemesis becomes the explicit fault schedule it drew in the failing run;
//   - a shorter duration (faults past it dropped), a shorter recovery;
//   - fewer fault schedule entries (halves, then one by one), shorter faults;
//   - fewer clients, keys and op kinds, a lower rate;
//   - a milder network and clocks (constant latency, no loss, duplication, reordering,
//     per-link or per-kind latency, skew or drift; the default CPU);
//   - fewer nodes.
// Every candidate is written as YAML and loaded back before it runs, so the scenario kept
// is exactly the text written to repro.yaml (scenario/scenario_writer.h).
#ifndef FAULTLINE_CLI_FUZZ_SHRINK_H_
#define FAULTLINE_CLI_FUZZ_SHRINK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "sim/scenario.h"

namespace faultline::cli {

struct ShrinkRequest {
  sim::ScenarioSpec failing;  // the failing run's scenario (swarm mix applied)
  uint64_t seed = 0;
  std::string checker;        // the checker that must keep failing
  std::string scratch_dir;
  Nanos check_time_limit = 30 * kSecond;
  int max_runs = 300;         // candidate runs at most
  double max_seconds = 120;   // wall time at most
  // Called after each candidate run: (runs so far, steps kept so far).
  std::function<void(int, int)> on_candidate;
  // Set (by a signal handler) to stop shrinking: the smallest failing scenario so far is kept.
  const std::atomic<bool>* stop = nullptr;
};

struct ShrinkResult {
  sim::ScenarioSpec spec;  // the smallest failing scenario found (loaded from `yaml`)
  std::string yaml;        // as written, without comments
  uint64_t events_before = 0;
  uint64_t events_after = 0;
  size_t faults_before = 0;  // faults the failing run applied (schedule and nemesis)
  size_t faults_after = 0;   // faults the shrunk scenario's run applied
  int candidates = 0;        // candidate runs
  std::vector<std::string> steps;  // what was kept, in order: "clients 8 -> 2"
  bool budget_spent = false;
};

// The candidate-run budget (max_runs) makes the result a function of the failing run alone;
// max_seconds and `stop` are safety caps, and a shrink they cut short says so
// (budget_spent). Errors: the failing run does not fail `checker` when written out and
// rerun (the shrinker has nothing to start from), or it could not execute.
absl::StatusOr<ShrinkResult> ShrinkFailure(const ShrinkRequest& request);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_SHRINK_H_
