// A scenario run's lock checkers (RunScenarioCheckers) over a run directory's history.jsonl:
// results.json's entries (with the metrics `faultline sweep` charts), the summary lines and
// the exit code, without the kv reader (which refuses observe lines) getting involved.
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

TEST(ScenarioLocksTest, RunsBothCheckersOnTheRunsHistory) {
  std::ifstream in("checkers/locks/testdata/paused-unfenced.jsonl");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_FALSE(text.str().empty()) << "run from the source directory";
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "faultline_scenario_locks_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "history.jsonl") << text.str();
  sim::ScenarioSpec spec;
  spec.file = "s.yaml";
  spec.checkers = {"mutual-exclusion", "mutex"};
  spec.outputs = {"results.json", "history.jsonl"};
  ASSERT_TRUE(ValidateScenarioCheckers(spec).ok());
  absl::StatusOr<CheckersOutcome> out = RunScenarioCheckers(spec, dir.string(), 10 * kSecond);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, kExitViolation);
  EXPECT_EQ(out->valid, false);
  const nlohmann::json& me = out->results.at("mutual-exclusion");
  EXPECT_EQ(me.at("valid"), false);
  EXPECT_EQ(me.at("anomalies").at("overlap").at("count"), 1);
  EXPECT_EQ(me.at("anomalies").at("overlap").at("decides"), true);
  EXPECT_EQ(me.at("metrics").at("overlaps"), 1);
  EXPECT_EQ(me.at("metrics").at("stale_writes"), 1);
  EXPECT_EQ(me.at("metrics").at("latency_max_ns"), 3500000000);
  const nlohmann::json& mx = out->results.at("mutex");
  EXPECT_EQ(mx.at("verdict"), "not linearizable");
  EXPECT_EQ(mx.at("mutex_ops"), 4);
  EXPECT_NE(out->summary.find("checker     mutual-exclusion (2 requests, 9 observations): "
                              "invalid: overlap 1, stale-write 1\n"
                              "            overlap: 1; first: L1: n2/t1 (op 1, token 1, TTL 1s"),
            std::string::npos)
      << out->summary;
  EXPECT_NE(out->summary.find("checker     mutex (2 requests, 9 observations): not linearizable"),
            std::string::npos)
      << out->summary;
}

}  // namespace
}  // namespace faultline::cli
