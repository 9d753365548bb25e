// `faultline replay RUN_DIR`: re-runs a recorded run and checks its trace hash.
#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/results_json.h"
#include "cli/run_scenario.h"
#include "scenario/scenario_loader.h"
#include "viz/formats.h"

namespace faultline::cli {

int ReplayCommand(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: faultline replay RUN_DIR\n\n"
                 "Re-runs the run recorded in RUN_DIR (its scenario.yaml, seed, --set\n"
                 "overrides and, for a run that stopped early, the event it stopped at, from\n"
                 "results.json) without writing anything, and compares the trace hash with\n"
                 "the recorded one.\n"
                 "exit 0: reproduced; exit 3: diverged (the simulation is not deterministic\n"
                 "for this scenario, or faultline or the model changed since the run).\n";
    return kExitOk;
  }
  if (args.size() != 1 || args[0].empty() || args[0][0] == '-') {
    std::fprintf(stderr, "faultline replay: expected exactly one RUN_DIR\nsee: faultline replay --help\n");
    return kExitUsage;
  }
  const std::string& dir = args[0];
  absl::StatusOr<RecordedRun> recorded = ReadRecordedRun(dir);
  if (!recorded.ok()) return ReportError(recorded.status());
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(), viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioFile(dir + "/scenario.yaml", context, recorded->overrides);
  if (!spec.ok()) return ReportError(spec.status());
  // Writes nothing, so only the event count can stop it: where the recorded run stopped.
  absl::StatusOr<ExecutedRun> run =
      ExecuteScenario(*spec, RegisteredModels(), recorded->seed, /*out_dir=*/"", /*progress=*/true,
                      RunLimits{.max_events = recorded->max_events, .max_trace_bytes = 0});
  if (!run.ok()) return ReportError(run.status());
  const std::string replayed = HashHex(run->result.trace_hash);
  std::cout << "seed=" << recorded->seed << " trace_hash=" << replayed << "\n";
  if (replayed != recorded->trace_hash) {
    std::cout << "replay DIVERGED: recorded trace_hash=" << recorded->trace_hash
              << ", replayed " << replayed << " (" << run->result.trace_events
              << " trace events)\n";
    return kExitDiverged;
  }
  std::cout << "replay reproduced the recorded trace hash (" << run->result.trace_events
            << " trace events)\n";
  return kExitOk;
}

}  // namespace faultline::cli
