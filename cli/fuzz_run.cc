#include "cli/fuzz_run.h"

#include <chrono>
#include <filesystem>
#include <utility>

#include "cli/batch_run.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"

namespace faultline::cli {

sim::ScenarioSpec FuzzRunSpec(const sim::ScenarioSpec& spec, bool with_trace) {
  sim::ScenarioSpec out = spec;
  out.outputs = {"history.jsonl"};
  if (with_trace) out.outputs.emplace_back("trace.jsonl");
  out.diagrams.clear();
  return out;
}

absl::StatusOr<FuzzRunResult> RunFuzzCase(const sim::ScenarioSpec& spec, uint64_t seed,
                                          const std::string& scratch_dir, Nanos check_time_limit) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  if (ec) {
    return absl::PermissionDeniedError("cannot create " + scratch_dir + ": " + ec.message());
  }
  RunLimits limits;
  limits.max_events = RunLimits::kDefaultMaxEvents;
  limits.max_trace_bytes = RunLimits::kDefaultMaxTraceBytes;
  absl::StatusOr<ExecutedRun> run =
      ExecuteScenario(spec, RegisteredModels(), seed, scratch_dir, /*progress=*/false, limits);
  if (!run.ok()) return run.status();
  FuzzRunResult result;
  result.seed = seed;
  result.trace_hash = run->result.trace_hash;
  result.trace_events = run->result.trace_events;
  result.completed = run->result.stopped_early.empty();
  result.faults_applied = std::move(run->result.faults_applied);
  const auto checkers_start = std::chrono::steady_clock::now();
  if (!spec.checkers.empty()) {
    absl::StatusOr<CheckersOutcome> checked =
        RunScenarioCheckers(spec, scratch_dir, check_time_limit);
    if (!checked.ok()) return checked.status();
    RunSample sample;
    ReadCheckerFields(checked->results, &sample);
    result.verdicts = std::move(sample.verdicts);
  }
  if (!result.completed) {
    for (auto& [name, verdict] : result.verdicts) verdict = "unknown";
  }
  result.wall_s = run->wall_s + std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                              checkers_start).count();
  return result;
}

std::vector<std::string> FailedCheckers(const FuzzRunResult& run) {
  std::vector<std::string> failed;
  for (const auto& [name, verdict] : run.verdicts) {
    if (verdict == "invalid") failed.push_back(name);
  }
  return failed;
}

std::string OverallVerdict(const FuzzRunResult& run) {
  bool unknown = !run.completed;
  for (const auto& [name, verdict] : run.verdicts) {
    if (verdict == "invalid") return "invalid";
    if (verdict == "unknown") unknown = true;
  }
  return unknown ? "unknown" : "valid";
}

}  // namespace faultline::cli
