// Every shipped scenario through the scenario writer, with the real models: load -> write
// -> load gives an equal spec, writing again gives the same text, and the written file
// runs to the same trace hash as the original (what `faultline fuzz` relies on when it
// writes a shrunk scenario as repro.yaml). Here rather than in scenario/ because it needs
// models/ and viz/, which scenario/ may not include.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "models/builtin_models.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_spec_diff_test_util.h"
#include "scenario/scenario_writer.h"
#include "sim/simulator.h"
#include "viz/formats.h"

namespace faultline {
namespace {

// The checker names the builtin workloads declare: those the loader must accept here.
std::vector<std::string> DeclaredCheckers(const sim::ModelRegistry& models) {
  std::vector<std::string> names;
  for (const auto& [name, model] : models.all()) {
    for (const sim::WorkloadInfo& w : model.workloads) {
      for (const sim::CheckerUse& use : w.checkers) {
        if (std::find(names.begin(), names.end(), use.checker) == names.end()) {
          names.push_back(use.checker);
        }
      }
    }
  }
  return names;
}

std::vector<std::string> ShippedScenarios() {
  const char* root = std::getenv("FAULTLINE_SOURCE_DIR");  // test-only: ctest sets it
  const std::filesystem::path dir = std::filesystem::path(root ? root : ".") / "scenarios";
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

uint64_t TraceHash(const sim::ScenarioSpec& spec, const sim::ModelRegistry& models) {
  sim::RunOptions options;
  options.seed = spec.seed;
  sim::Simulator simulator(spec, models, options);
  absl::StatusOr<sim::RunResult> result = simulator.Run();
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok()) return 0;
  EXPECT_GT(result->trace_events, 1000u);  // a real run, not an empty one
  return result->trace_hash;
}

TEST(ScenarioWriterRoundTripTest, EveryShippedScenario) {
  sim::ModelRegistry models;
  models::RegisterBuiltinModels(models);
  const scenario::LoaderContext context{models, DeclaredCheckers(models),
                                        viz::FormatExtensions()};
  const std::vector<std::string> paths = ShippedScenarios();
  ASSERT_GE(paths.size(), 20u) << "scenarios/ not found: is FAULTLINE_SOURCE_DIR set?";
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    absl::StatusOr<sim::ScenarioSpec> original = scenario::LoadScenarioFile(path, context, {});
    ASSERT_TRUE(original.ok()) << original.status();
    scenario::ScenarioComments comments;
    comments.header = {"written from " + path};
    const std::string text = scenario::WriteScenarioYaml(*original, comments);
    absl::StatusOr<sim::ScenarioSpec> reloaded =
        scenario::LoadScenarioText(text, "written.yaml", context, {});
    ASSERT_TRUE(reloaded.ok()) << reloaded.status() << "\n" << text;
    EXPECT_EQ(scenario::spec_diff::SpecDifference(*original, *reloaded), "") << text;
    EXPECT_EQ(scenario::WriteScenarioYaml(*reloaded, comments), text);
    EXPECT_EQ(TraceHash(*original, models), TraceHash(*reloaded, models)) << text;
  }
}

}  // namespace
}  // namespace faultline
