// Executes one scenario with one seed, streaming the trace and history into a run
// directory when one is given. Shared by `run` and `replay`.
#ifndef FAULTLINE_CLI_RUN_SCENARIO_H_
#define FAULTLINE_CLI_RUN_SCENARIO_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/model.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace faultline::cli {

struct ExecutedRun {
  sim::RunResult result;
  double wall_s = 0;
};

// The safety nets of `faultline run` (--max-events, --max-trace-bytes); 0 = none. They
// shape the run when they stop it, so results.json and the reproduce line record them.
struct RunLimits {
  // About fifteen minutes of a busy run: far beyond any scenario we ship.
  static constexpr uint64_t kDefaultMaxEvents = 1'000'000'000;
  // About ten million trace events: a runaway configuration (a 1ms timer on a long run)
  // stops with a clear reason instead of filling the disk.
  static constexpr uint64_t kDefaultMaxTraceBytes = uint64_t{2} << 30;
  uint64_t max_events = 0;
  uint64_t max_trace_bytes = 0;
};

// `out_dir` empty: nothing is written (replay). `progress`: print progress to stderr on
// runs that take more than a couple of seconds.
absl::StatusOr<ExecutedRun> ExecuteScenario(const sim::ScenarioSpec& spec,
                                            const sim::ModelRegistry& models, uint64_t seed,
                                            const std::string& out_dir, bool progress,
                                            RunLimits limits = {});

// The registry of every model this binary runs: the built-in ones (models/), then those
// SetExtraModels adds (a user's binary, cli/faultline_main.h). Built on first use.
const sim::ModelRegistry& RegisteredModels();

// Models to register after the built-in ones. REQUIRES: RegisteredModels() not called yet.
void SetExtraModels(std::function<void(sim::ModelRegistry&)> register_models);

// "0123456789abcdef": the trace hash as printed and stored.
std::string HashHex(uint64_t hash);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RUN_SCENARIO_H_
