// A scenario run's ordering checkers (RunScenarioCheckers) over a run directory's
// history.jsonl with the nodes' observe lines: results.json's entries, the summary lines
// and the exit code, without the kv reader (which refuses observe lines) getting involved.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/exit_codes.h"
#include "cli/scenario_checkers.h"

namespace faultline::cli {
namespace {

constexpr char kHistory[] =
    R"({"index":0,"time":0,"process":1,"client":"c1","op":1,"type":"invoke","f":"send","key":"e7","value":1}
{"index":1,"time":100000000,"process":1,"client":"c1","op":1,"type":"ok","f":"send","key":"e7","value":1}
{"index":2,"time":200000000,"process":2,"client":"c2","op":2,"type":"invoke","f":"send","key":"e7","value":2}
{"index":3,"time":300000000,"process":2,"client":"c2","op":2,"type":"ok","f":"send","key":"e7","value":2}
{"index":4,"time":2010000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":2,"detail":{"op":2,"consumer":"n3","deliveries":1,"requeues":0}}
{"index":5,"time":2450000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":1,"detail":{"op":1,"consumer":"n2","deliveries":3,"requeues":2}}
{"index":6,"time":3000000000,"process":3,"client":"c3","op":3,"type":"invoke","f":"pending","key":null,"value":null}
{"index":7,"time":3000000001,"process":3,"client":"c3","op":3,"type":"ok","f":"pending","key":null,"value":[]}
)";

TEST(ScenarioOrderingTest, RunsOnTheRunsHistory) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "faultline_scenario_ordering_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "history.jsonl") << kHistory;
  sim::ScenarioSpec spec;
  spec.file = "s.yaml";
  spec.checkers = {"ordering", "exactly-once"};
  spec.outputs = {"results.json", "history.jsonl"};
  ASSERT_TRUE(ValidateScenarioCheckers(spec).ok());
  absl::StatusOr<CheckersOutcome> out = RunScenarioCheckers(spec, dir.string(), 0);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->exit_code, kExitViolation);
  EXPECT_EQ(out->valid, false);
  const nlohmann::json& o = out->results.at("ordering");
  EXPECT_EQ(o.at("valid"), false);
  EXPECT_EQ(o.at("anomalies").at("order-violation").at("count"), 1);
  EXPECT_EQ(o.at("metrics").at("order_violations"), 1);
  EXPECT_EQ(o.at("metrics").at("requeues_per_message"), 0);
  EXPECT_TRUE(out->results.contains("exactly-once"));
  EXPECT_NE(out->summary.find("checker     ordering (3 ops, 2 observations): invalid: "
                              "order-violation 1\n"
                              "            order-violation: 1; first: e7: op 2 (c2) sent 2 after "
                              "op 1 (c1) sent 1 was acknowledged (100ms), but 2 was applied first"),
            std::string::npos)
      << out->summary;
}

}  // namespace
}  // namespace faultline::cli
