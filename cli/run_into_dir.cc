#include "cli/run_into_dir.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/diagram_outputs.h"
#include "cli/output_file.h"
#include "cli/results_json.h"

namespace faultline::cli {

absl::StatusOr<DirRun> RunIntoDir(const DirRunRequest& request) {
  const sim::ScenarioSpec& spec = *request.spec;
  const std::string& out_dir = request.out_dir;
  DirRun out;
  // Held until `out` goes: a second run into out_dir meanwhile is refused. The previous
  // run's files go first (results.json among them), and results.json is written last: a
  // run dir with one is complete.
  absl::StatusOr<RunDir> claimed = RunDir::Claim(out_dir, RunDirFiles(spec), request.scenario_path);
  if (!claimed.ok()) return claimed.status();
  out.dir = std::make_unique<RunDir>(*std::move(claimed));
  if (absl::Status st = WriteFileAtomically(out_dir + "/scenario.yaml", request.scenario_text);
      !st.ok()) {
    return st;
  }
  absl::StatusOr<ExecutedRun> run = ExecuteScenario(spec, RegisteredModels(), request.seed,
                                                    out_dir, request.progress, request.limits);
  if (!run.ok()) return run.status();
  out.run = *std::move(run);
  absl::StatusOr<CheckersOutcome> checked =
      RunScenarioCheckers(spec, out_dir, request.check_time_limit);
  if (!checked.ok()) return checked.status();
  out.checked = *std::move(checked);
  // Diagrams come after the checkers (a failure diagram centres on their violation) and
  // before results.json, which marks the run directory complete.
  if (absl::Status st = WriteDiagramOutputs(spec, out_dir, out.checked.results,
                                            absl::StrCat(spec.name, ", seed ", request.seed));
      !st.ok()) {
    return st;
  }
  const RunRecord record{request.scenario_path, request.overrides, request.seed,
                         request.limits,        &spec,             &out.run,
                         &out.checked};
  // Names and descriptions are the user's bytes: replace invalid UTF-8 rather than fail.
  out.results_json =
      ResultsJson(record).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (absl::Status st = WriteFileAtomically(out_dir + "/results.json", out.results_json);
      !st.ok()) {
    return st;
  }
  return out;
}

}  // namespace faultline::cli
