// A scenario run's sharding checker (RunScenarioCheckers) beside a kv checker over one run
// directory's history.jsonl: the kv checker skips the router's observe lines, the sharding
// checker reads them, and results.json gets its metrics for `faultline sweep`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/time.h"
#include "cli/exit_codes.h"
#include "cli/scenario_checkers.h"

namespace faultline::cli {
namespace {

absl::StatusOr<CheckersOutcome> RunOn(const std::string& history_file) {
  std::ifstream in(history_file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << "run from the source directory";
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "faultline_scenario_sharding_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "history.jsonl") << text.str();
  sim::ScenarioSpec spec;
  spec.file = "s.yaml";
  spec.checkers = {"lost-writes", "sharding"};
  spec.outputs = {"results.json", "history.jsonl"};
  EXPECT_TRUE(ValidateScenarioCheckers(spec).ok());
  absl::StatusOr<CheckersOutcome> out = RunScenarioCheckers(spec, dir.string(), 10 * kSecond);
  std::filesystem::remove_all(dir);
  return out;
}

TEST(ScenarioShardingTest, RunsBesideAKvCheckerOnTheRunsHistory) {
  absl::StatusOr<CheckersOutcome> out = RunOn("checkers/sharding/testdata/migration.jsonl");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, kExitOk);
  EXPECT_EQ(out->results.at("lost-writes").at("valid"), true);
  const nlohmann::json& s = out->results.at("sharding");
  EXPECT_EQ(s.at("valid"), true);
  EXPECT_EQ(s.at("metrics").at("keys_moved"), 7962);
  EXPECT_EQ(s.at("metrics").at("migrations_done"), 1);
  EXPECT_NE(out->summary.find("checker     sharding (4 ops, 15 observations): valid\n"
                              "            migration m1 (from 0, to 3, keys 10): registration"),
            std::string::npos)
      << out->summary;
}

TEST(ScenarioShardingTest, AnUnfinishedMigrationFailsTheRun) {
  absl::StatusOr<CheckersOutcome> out = RunOn("checkers/sharding/testdata/unfinished.jsonl");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, kExitViolation);
  EXPECT_EQ(out->valid, false);
  EXPECT_EQ(out->results.at("sharding").at("anomalies").at("migration-unfinished").at("count"), 1);
}

}  // namespace
}  // namespace faultline::cli
