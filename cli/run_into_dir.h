// What `faultline run` does once its flags are read: claims the run directory, copies the
// scenario, runs it, runs its checkers, draws its diagrams and writes results.json last.
// `faultline fuzz` writes its repro's run directory the same way, so the repro it reports
// is exactly what `faultline run repro.yaml` gives.
#ifndef FAULTLINE_CLI_RUN_INTO_DIR_H_
#define FAULTLINE_CLI_RUN_INTO_DIR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "cli/run_dir.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "nlohmann/json.hpp"
#include "sim/scenario.h"

namespace faultline::cli {

struct DirRunRequest {
  std::string scenario_path;           // as given (for messages, results.json, reproduce)
  std::string scenario_text;           // copied to OUT/scenario.yaml
  std::vector<std::string> overrides;  // --set, as given
  const sim::ScenarioSpec* spec = nullptr;  // loaded from the text with the overrides
  uint64_t seed = 0;
  std::string out_dir;
  RunLimits limits;
  Nanos check_time_limit = 30 * kSecond;
  bool progress = false;
};

struct DirRun {
  std::unique_ptr<RunDir> dir;  // held: the directory stays locked while this lives
  ExecutedRun run;
  CheckersOutcome checked;
  std::string results_json;  // as written to results.json
};

// Errors: the directory cannot be claimed or written (73), the run or its checkers failed
// to execute, a diagram the trace cannot satisfy.
absl::StatusOr<DirRun> RunIntoDir(const DirRunRequest& request);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RUN_INTO_DIR_H_
