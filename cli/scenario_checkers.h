// Runs the checkers a scenario lists (`checkers: [linearizability, session, staleness]`)
// over the run's history.jsonl, read once, for results.json, the summary and the exit
// code. `session` stands for the four session guarantees, each reported under its name.
#ifndef FAULTLINE_CLI_SCENARIO_CHECKERS_H_
#define FAULTLINE_CLI_SCENARIO_CHECKERS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "nlohmann/json.hpp"
#include "sim/scenario.h"
#include "viz/diagram.h"

namespace faultline::cli {

struct CheckersOutcome {
  nlohmann::json results = nlohmann::json::object();  // results.json's "checkers"
  nlohmann::json valid = true;                        // true, false or "unknown"
  // 1 if any judging checker found a violation, else 2 if one was unknown, else 0.
  int exit_code = 0;
  std::string summary;                                // lines for the text summary
};

// The failure view a run writes into its directory when the linearizability checker finds
// a violation (viz/failure_view.h); results.json's checker entry names it under "html".
inline constexpr char kFailureViewFile[] = "linearizability.html";
// The story of a linearizability violation (viz/story.h), drawn when the run writes its trace.
inline constexpr char kStoryFile[] = "story.svg";

// A story picture's title from the run's results.json and the story: "NAME seed N: the
// story of the violation" (or "... the story of key k4"); "" when results names no scenario.
std::string StoryTitle(const nlohmann::json& results, const viz::Diagram& story);

// The checkers scenarios may list (cli/consistency_report.h's CheckerNames()).
std::vector<std::string> ScenarioCheckerNames();

// Fails (InvalidArgument) for an unknown checker (the loader refuses those too, with
// file:line; this guards specs built in code) and when checkers are listed but the
// scenario does not write history.jsonl, which they all read, before anything runs.
absl::Status ValidateScenarioCheckers(const sim::ScenarioSpec& spec);

// REQUIRES: ValidateScenarioCheckers(spec).ok(); the run wrote out_dir/history.jsonl.
absl::StatusOr<CheckersOutcome> RunScenarioCheckers(const sim::ScenarioSpec& spec,
                                                    const std::string& out_dir,
                                                    Nanos time_limit_ns);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_SCENARIO_CHECKERS_H_
