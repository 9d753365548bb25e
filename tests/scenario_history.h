// Runs a scenario file in-process and hands back its history.jsonl text, for the
// end-to-end tests that audit what a model's nodes observed (locks, queues, shards).
//
//   const std::string text = RunScenarioHistory("lock-meltdown", /*seed=*/1,
//                                               {"mutual-exclusion", "mutex"});
//
// The file is scenarios/NAME.yaml under $FAULTLINE_SOURCE_DIR (ctest sets it), else under
// the working directory. `checkers` are the names the loader accepts in the file's
// `checkers:`; `overrides` are --set style ("network.loss=0.2"). A file that does not load
// or a run that fails records a test failure and returns "".
#ifndef FAULTLINE_TESTS_SCENARIO_HISTORY_H_
#define FAULTLINE_TESTS_SCENARIO_HISTORY_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/builtin_models.h"
#include "scenario/scenario_loader.h"
#include "sim/model.h"
#include "sim/simulator.h"

namespace faultline::testing {

// The whole of a temporary file written so far.
inline std::string ReadWholeFile(std::FILE* f) {
  std::rewind(f);
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

// scenarios/NAME.yaml, where the tests find it.
inline std::string ScenarioPath(const std::string& name) {
  const char* root = std::getenv("FAULTLINE_SOURCE_DIR");
  return std::string(root ? root : ".") + "/scenarios/" + name + ".yaml";
}

// Runs an already loaded scenario at `seed` and returns its history text.
inline std::string RunSpecHistory(const sim::ModelRegistry& registry,
                                  const sim::ScenarioSpec& spec, uint64_t seed) {
  std::FILE* history = std::tmpfile();
  sim::RunOptions options;
  options.seed = seed;
  options.history_file = history;
  sim::Simulator simulator(spec, registry, options);
  absl::StatusOr<sim::RunResult> result = simulator.Run();
  EXPECT_TRUE(result.ok()) << result.status();
  std::string text = result.ok() ? ReadWholeFile(history) : std::string();
  std::fclose(history);
  return text;
}

inline std::string RunScenarioHistory(const std::string& name, uint64_t seed,
                                      std::vector<std::string> checkers,
                                      std::vector<std::string> overrides = {}) {
  sim::ModelRegistry registry;
  models::RegisterBuiltinModels(registry);
  scenario::LoaderContext context{.models = registry, .checkers = std::move(checkers)};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioFile(ScenarioPath(name), context, overrides);
  EXPECT_TRUE(spec.ok()) << spec.status();
  if (!spec.ok()) return {};
  return RunSpecHistory(registry, *spec, seed);
}

}  // namespace faultline::testing

#endif  // FAULTLINE_TESTS_SCENARIO_HISTORY_H_
