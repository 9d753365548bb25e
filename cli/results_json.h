// results.json: the machine-readable record of a run (DESIGN.md's run directory), and
// the fields `faultline replay` reads back.
#ifndef FAULTLINE_CLI_RESULTS_JSON_H_
#define FAULTLINE_CLI_RESULTS_JSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "nlohmann/json.hpp"
#include "sim/scenario.h"

namespace faultline::cli {

struct RunRecord {
  std::string scenario_path;           // as given on the command line
  std::vector<std::string> overrides;  // --set arguments, in order
  uint64_t seed = 0;
  RunLimits limits;
  const sim::ScenarioSpec* spec = nullptr;
  const ExecutedRun* run = nullptr;
  const CheckersOutcome* checkers = nullptr;  // null: no checker ran
};

nlohmann::json ResultsJson(const RunRecord& record);

// The command that reproduces a run: "faultline run FILE --seed N --set a=b", plus the
// limits that differ from the defaults.
std::string ReproduceCommand(const RunRecord& record);

// The program ReproduceCommand names ("faultline" until set): FaultlineMain sets the
// name the binary was run as, so a user's binary (cli/faultline_main.h), which has models
// the stock one lacks, prints a command that reruns itself.
void SetProgramName(std::string name);

// "faultline run PATH" with that program name, both quoted for a shell where needed.
std::string RunCommandLine(const std::string& scenario_path);

// `word` as a shell reads it back: unchanged when it is safe, else in single quotes.
std::string ShellQuote(const std::string& word);

struct RecordedRun {
  uint64_t seed = 0;
  std::string trace_hash;
  std::vector<std::string> overrides;
  // The event count to stop at: where the recorded run stopped early (whichever limit
  // stopped it), else its --max-events; 0 = none.
  uint64_t max_events = 0;
  // Events the run traced (stats.trace_events), if recorded: a trace.jsonl of this run
  // has exactly this many lines.
  std::optional<uint64_t> trace_events;
};

// Reads what replay needs from RUN_DIR/results.json; errors name the file and the field.
// NotFound when `run_dir` does not exist (saying which command creates it) or has no
// results.json; InvalidArgument for a file that is not what `faultline run` writes.
absl::StatusOr<RecordedRun> ReadRecordedRun(const std::string& run_dir);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RESULTS_JSON_H_
