// The strict scenario loader: YAML text -> a validated ScenarioSpec (sim/scenario.h).
//
//   LoaderContext ctx{.models = registry, .checkers = {"linearizability"},
//                     .diagram_extensions = {".svg"}};
//   absl::StatusOr<ScenarioSpec> spec =
//       LoadScenarioFile("scenarios/stale-read.yaml", ctx, {"workload.rate=500/s"});
//
// The format is documented in docs/scenario-format.md. Every problem is reported as
// InvalidArgument "FILE:LINE:COLUMN: KEY.PATH: what is wrong; how to fix it" (values set
// with --set name the override instead of a position); a missing file is NotFound. No
// yaml-cpp exception escapes these functions.
#ifndef FAULTLINE_SIM_SCENARIO_LOADER_H_
#define FAULTLINE_SIM_SCENARIO_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/model.h"
#include "sim/scenario.h"

namespace faultline::sim {

struct LoaderContext {
  const ModelRegistry& models;
  std::vector<std::string> checkers;  // names `checkers:` may use
  // File name endings `outputs:` may use for diagrams (".svg", ".dot", ...); the CLI
  // passes the formats it can render. Empty: no diagram outputs.
  std::vector<std::string> diagram_extensions = {};
};

// Reads and validates the scenario at `path`. `overrides` are "a.b.c=VALUE" strings (the
// CLI's --set), applied to the YAML tree before validation; VALUE is parsed as YAML, and
// list elements are addressed by index ("faults.schedule.0.at=3s").
[[nodiscard]] absl::StatusOr<ScenarioSpec> LoadScenarioFile(
    const std::string& path, const LoaderContext& context,
    const std::vector<std::string>& overrides);

// As LoadScenarioFile, for text already in memory; `file_name` is used in messages.
[[nodiscard]] absl::StatusOr<ScenarioSpec> LoadScenarioText(
    std::string_view text, std::string_view file_name, const LoaderContext& context,
    const std::vector<std::string>& overrides);

// The typed parameter values a model is created with: every parameter the model declares,
// from `cluster.params` or its default. Fails if a value is invalid or unknown (possible
// when the ClusterSpec was built in code rather than loaded).
[[nodiscard]] absl::StatusOr<ModelConfig> MakeModelConfig(const ClusterSpec& cluster,
                                                          const ModelInfo& model);

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SCENARIO_LOADER_H_
