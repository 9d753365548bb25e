// Runs one scenario configuration (the scenario with a list of overrides) on many seeds,
// in this process, for `faultline compare` and `faultline sweep`, and keeps from each run
// what those commands aggregate (RunSample). Each run writes a run directory of its own
// (results.json, history.jsonl, scenario.yaml) that `faultline replay` accepts; trace and
// diagrams are left out to keep a comparison fast.
//
//   BatchSettings s{.scenario_path = path, .scenario_text = text, .out_dir = "runs/cmp"};
//   absl::StatusOr<BatchGroup> g = LoadGroup(s, "sync", {"cluster.params.replication=sync"});
//   absl::StatusOr<RunSample> r = RunGroupSeed(s, *g, 7);
#ifndef FAULTLINE_CLI_BATCH_RUN_H_
#define FAULTLINE_CLI_BATCH_RUN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "nlohmann/json.hpp"
#include "sim/latency_histogram.h"
#include "sim/op_metrics.h"
#include "sim/scenario.h"

namespace faultline::cli {

// What every run of a compare or sweep shares.
struct BatchSettings {
  std::string scenario_path;
  std::string scenario_text;
  std::vector<std::string> common_overrides;  // --set, applied before a group's own
  std::string out_dir;                        // runs go to OUT/runs/<group>-seed<N>
  Nanos check_time_limit_ns = 30 * kSecond;
  std::string group_word = "variant";  // what errors call a group: "variant" or "point"
};

// A configuration to run on every seed: a compare variant or a sweep grid point.
struct BatchGroup {
  std::string name;                    // plain (file-name safe): "sync", "rate=100"
  std::vector<std::string> overrides;  // the group's own PATH=VALUE edits
  sim::ScenarioSpec spec;              // loaded with common + own overrides
};

// What compare and sweep keep of one run.
struct RunSample {
  uint64_t seed = 0;
  std::string trace_hash;
  std::string run_dir;
  bool completed = true;  // false: stopped by a limit; every verdict is then unknown
  // checker name -> "valid", "invalid" or "unknown", from results.json's checkers.
  std::map<std::string, std::string> verdicts;
  // op kind -> (p50, p99) of ok ops, ns.
  std::map<std::string, std::pair<Nanos, Nanos>> latency_ns;
  sim::LatencyHistogram ok_latency;  // every ok op, for the CDF
  sim::Availability in_faults;
  sim::Availability outside_faults;
  uint64_t messages_sent = 0;
  uint64_t ops_invoked = 0;
  // checkers.staleness, when the run has it (see docs/compare.md).
  std::optional<double> stale_read_ratio;
  nlohmann::json t_visibility;  // the staleness checker's array, or null
  // checker -> metric -> value: every number in results.json's checkers.<name>.metrics
  // (the ordering checker's requeues_per_message, latency_p99_ns, ...), for sweep charts.
  std::map<std::string, std::map<std::string, double>> checker_metrics;
};

// Loads the scenario with the common overrides then `overrides`; an error names the group
// (unless `name` is empty: the scenario itself).
// The loaded spec writes only results.json and history.jsonl.
absl::StatusOr<BatchGroup> LoadGroup(const BatchSettings& settings, const std::string& name,
                                     const std::vector<std::string>& overrides);

// The name of the run directory of `group` on `seed` in OUT/runs: <group>-seed<seed>.
std::string RunDirName(const std::string& group, uint64_t seed);

// Runs `group` with `seed` into OUT/runs/<name>-seed<seed> and its checkers; a checker's
// violation is a result, not an error. Errors: the run directory cannot be written (73),
// a run that failed to execute.
absl::StatusOr<RunSample> RunGroupSeed(const BatchSettings& settings, const BatchGroup& group,
                                       uint64_t seed);

// Fills `sample`'s verdicts and staleness fields from results.json's "checkers" object:
// "valid" true / false / "unknown" becomes valid / invalid / unknown (anything else:
// unknown); staleness's stale_read_ratio and t_visibility are kept when well-formed, and
// so is every number of a checker's "metrics" object.
void ReadCheckerFields(const nlohmann::json& checkers, RunSample* sample);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_BATCH_RUN_H_
