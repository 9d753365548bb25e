#include "cli/batch_run.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/results_json.h"
#include "cli/run_dir.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "scenario/scenario_loader.h"
#include "viz/formats.h"

namespace faultline::cli {

absl::StatusOr<BatchGroup> LoadGroup(const BatchSettings& settings, const std::string& name,
                                     const std::vector<std::string>& overrides) {
  std::vector<std::string> all = settings.common_overrides;
  all.insert(all.end(), overrides.begin(), overrides.end());
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(),
                                        viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioText(settings.scenario_text, settings.scenario_path, context, all);
  if (!spec.ok() && name.empty()) return spec.status();
  if (!spec.ok()) {
    return absl::Status(spec.status().code(), absl::StrCat(settings.group_word, " ", name, ": ",
                                                           spec.status().message()));
  }
  // The checkers read history.jsonl; the trace and diagrams would only slow a comparison
  // down (`faultline run` with the printed reproduce command draws them for one run).
  spec->outputs = {"results.json", "history.jsonl"};
  spec->diagrams.clear();
  if (absl::Status st = ValidateScenarioCheckers(*spec); !st.ok()) return st;
  return BatchGroup{name, overrides, *std::move(spec)};
}

void ReadCheckerFields(const nlohmann::json& checkers, RunSample* sample) {
  if (!checkers.is_object()) return;
  for (const auto& [name, result] : checkers.items()) {
    // A measure (staleness: "verdict": "measured") has no verdict to count; its figures
    // have their own columns.
    if (result.is_object() && result.value("verdict", "") == "measured") continue;
    std::string verdict = "unknown";
    if (result.is_object() && result.contains("valid") && result["valid"].is_boolean()) {
      verdict = result["valid"].get<bool>() ? "valid" : "invalid";
    }
    sample->verdicts[name] = verdict;
    if (result.is_object() && result.contains("metrics") && result["metrics"].is_object()) {
      for (const auto& [metric, value] : result["metrics"].items()) {
        if (value.is_number()) sample->checker_metrics[name][metric] = value.get<double>();
      }
    }
  }
  if (!checkers.contains("staleness") || !checkers["staleness"].is_object()) return;
  const nlohmann::json& s = checkers["staleness"];
  if (s.contains("stale_read_ratio") && s["stale_read_ratio"].is_number()) {
    sample->stale_read_ratio = s["stale_read_ratio"].get<double>();
  }
  if (s.contains("t_visibility") && s["t_visibility"].is_array()) {
    sample->t_visibility = s["t_visibility"];
  }
}

std::string RunDirName(const std::string& group, uint64_t seed) {
  return absl::StrCat(group, "-seed", seed);
}

absl::StatusOr<RunSample> RunGroupSeed(const BatchSettings& settings, const BatchGroup& group,
                                       uint64_t seed) {
  const std::string dir = absl::StrCat(settings.out_dir, "/runs/", RunDirName(group.name, seed));
  std::error_code ec;
  std::filesystem::create_directories(settings.out_dir + "/runs", ec);
  absl::StatusOr<RunDir> run_dir =
      RunDir::Claim(dir, RunDirFiles(group.spec), settings.scenario_path);
  if (!run_dir.ok()) return run_dir.status();
  if (absl::Status st = WriteFileAtomically(dir + "/scenario.yaml", settings.scenario_text);
      !st.ok()) {
    return st;
  }
  RunLimits limits;
  limits.max_events = RunLimits::kDefaultMaxEvents;
  limits.max_trace_bytes = RunLimits::kDefaultMaxTraceBytes;
  absl::StatusOr<ExecutedRun> run =
      ExecuteScenario(group.spec, RegisteredModels(), seed, dir, /*progress=*/false, limits);
  if (!run.ok()) return run.status();
  absl::StatusOr<CheckersOutcome> checked =
      RunScenarioCheckers(group.spec, dir, settings.check_time_limit_ns);
  if (!checked.ok()) return checked.status();
  std::vector<std::string> overrides = settings.common_overrides;
  overrides.insert(overrides.end(), group.overrides.begin(), group.overrides.end());
  const RunRecord record{
      settings.scenario_path, overrides, seed, limits, &group.spec, &*run, &*checked};
  const nlohmann::json results = ResultsJson(record);
  if (absl::Status st = WriteFileAtomically(
          dir + "/results.json",
          results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      !st.ok()) {
    return st;
  }

  const sim::RunStats& stats = run->result.stats;
  RunSample sample;
  sample.seed = seed;
  sample.trace_hash = HashHex(run->result.trace_hash);
  sample.run_dir = dir;
  sample.completed = run->result.stopped_early.empty();
  ReadCheckerFields(results["checkers"], &sample);
  if (!sample.completed) {
    for (auto& [name, verdict] : sample.verdicts) verdict = "unknown";
  }
  for (const auto& [f, h] : stats.op_metrics.ok_latency_by_f()) {
    sample.latency_ns[f] = {h.Percentile(0.5), h.Percentile(0.99)};
  }
  sample.ok_latency = stats.ok_latency;
  sample.in_faults = stats.op_metrics.in_faults();
  sample.outside_faults = stats.op_metrics.outside_faults();
  sample.messages_sent = stats.messages_sent - stats.probe_messages;  // clients' ops only
  sample.ops_invoked = stats.ops_invoked;
  return sample;
}

}  // namespace faultline::cli
