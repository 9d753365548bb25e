// One run of a fuzz campaign or of the shrinker: a scenario spec on one seed, in this
// process, into a scratch directory (history.jsonl for the checkers, trace.jsonl when
// asked), and what the campaign keeps of it. No results.json, no diagrams: a campaign
// runs thousands of these; the repro it writes at the end is a full `faultline run`.
#ifndef FAULTLINE_CLI_FUZZ_RUN_H_
#define FAULTLINE_CLI_FUZZ_RUN_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "sim/scenario.h"

namespace faultline::cli {

struct FuzzRunResult {
  uint64_t seed = 0;
  uint64_t trace_hash = 0;
  uint64_t trace_events = 0;
  bool completed = true;  // false: a safety limit stopped it; every verdict is unknown
  // checker name -> "valid", "invalid" or "unknown" (measures such as staleness are left
  // out: they have no verdict).
  std::map<std::string, std::string> verdicts;
  // Every fault the run applied, with concrete targets (sim::RunResult::faults_applied).
  std::vector<sim::FaultAction> faults_applied;
  double wall_s = 0;  // the simulation and its checkers
};

// `spec` with only the outputs a fuzz run needs: history.jsonl, and trace.jsonl when
// `with_trace` (the determinism sentinel compares traces).
sim::ScenarioSpec FuzzRunSpec(const sim::ScenarioSpec& spec, bool with_trace);

// Runs `spec` (REQUIRES: from FuzzRunSpec) with `seed` into `scratch_dir` (created if
// missing; the files are overwritten run after run) and its checkers. A checker's
// violation is a result; errors are runs that could not execute or be written.
absl::StatusOr<FuzzRunResult> RunFuzzCase(const sim::ScenarioSpec& spec, uint64_t seed,
                                          const std::string& scratch_dir, Nanos check_time_limit);

// The checkers that found a violation, by name.
std::vector<std::string> FailedCheckers(const FuzzRunResult& run);
// "invalid" if a checker found a violation, else "unknown" if one ran out of budget (or the
// run stopped early), else "valid".
std::string OverallVerdict(const FuzzRunResult& run);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_RUN_H_
