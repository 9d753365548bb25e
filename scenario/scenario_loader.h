// The strict scenario loader: YAML text -> a validated sim::ScenarioSpec (sim/scenario.h).
// sim/ reads no YAML; this folder is the only one that links yaml-cpp.
//
//   LoaderContext ctx{.models = registry, .checkers = {"linearizability"},
//                     .diagram_extensions = {".svg"}};
//   absl::StatusOr<sim::ScenarioSpec> spec =
//       LoadScenarioFile("scenarios/stale-read.yaml", ctx, {"workload.rate=500/s"});
//
// The format is documented in docs/scenario-format.md. Every problem is reported as
// InvalidArgument "FILE:LINE:COLUMN: KEY.PATH: what is wrong; how to fix it" (values set
// with --set name the override instead of a position); a missing file is NotFound. No
// yaml-cpp exception escapes these functions.
#ifndef FAULTLINE_SCENARIO_SCENARIO_LOADER_H_
#define FAULTLINE_SCENARIO_SCENARIO_LOADER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/model.h"
#include "sim/scenario.h"

namespace faultline::scenario {

// Shipped scenarios are a few KiB. Parsing takes about 100 bytes of memory per byte of
// YAML, so a generated 50 MB file would take gigabytes: larger ones are refused up front.
inline constexpr size_t kMaxScenarioBytes = 1 << 20;

struct LoaderContext {
  const sim::ModelRegistry& models;
  std::vector<std::string> checkers;  // names `checkers:` may use
  // File name endings `outputs:` may use for diagrams (".svg", ".dot", ...); the CLI
  // passes the formats it can render. Empty: no diagram outputs.
  std::vector<std::string> diagram_extensions = {};
};

// Reads and validates the scenario at `path`. `overrides` are "a.b.c=VALUE" strings (the
// CLI's --set), applied to the YAML tree before validation; VALUE is parsed as YAML, and
// list elements are addressed by index ("faults.schedule.0.at=3s").
[[nodiscard]] absl::StatusOr<sim::ScenarioSpec> LoadScenarioFile(
    const std::string& path, const LoaderContext& context,
    const std::vector<std::string>& overrides);

// As LoadScenarioFile, for text already in memory; `file_name` is used in messages.
[[nodiscard]] absl::StatusOr<sim::ScenarioSpec> LoadScenarioText(
    std::string_view text, std::string_view file_name, const LoaderContext& context,
    const std::vector<std::string>& overrides);

// A named set of overrides from a scenario's `variants:` section, for `faultline
// compare`: {"sync", {"cluster.params.replication=sync"}}.
struct ScenarioVariant {
  std::string name;
  std::vector<std::string> overrides;  // "PATH=VALUE", as --set takes them, in file order
};

// The `variants:` section of a scenario's text, in file order; empty when it has none.
// Errors name FILE:LINE:COLUMN. REQUIRES: the text loads (LoadScenarioText succeeded), so
// only the section itself is checked here.
[[nodiscard]] absl::StatusOr<std::vector<ScenarioVariant>> LoadScenarioVariants(
    std::string_view text, std::string_view file_name);

// True for a name a variant may have: letters, digits, '-', '_', '.'; 1 to 60 bytes.
bool IsVariantName(std::string_view name);

}  // namespace faultline::scenario

#endif  // FAULTLINE_SCENARIO_SCENARIO_LOADER_H_
