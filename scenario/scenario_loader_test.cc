#include "scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "scenario/scenario_loader_test_util.h"


namespace faultline::scenario {
namespace {

using namespace loader_testing;  // NOLINT: the shared fixture and its names

TEST_F(ScenarioLoaderTest, MinimalScenarioGetsDefaults) {
  absl::StatusOr<ScenarioSpec> s = Load(kMinimal);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->file, "test.yaml");
  EXPECT_EQ(s->name, "minimal");
  EXPECT_EQ(s->duration_ns, 10 * kSecond);
  EXPECT_EQ(s->recovery_ns, 2 * kSecond);
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->cluster.nodes, 3);
  EXPECT_TRUE(s->cluster.params.empty());
  EXPECT_EQ(s->cluster.model_loc.line, 4);
  EXPECT_EQ(s->workload.clients, 4);
  EXPECT_EQ(s->workload.rate_per_s, 0);
  EXPECT_EQ(s->workload.ops.size(), 2u);
  EXPECT_FALSE(s->faults.random.enabled);
  EXPECT_TRUE(s->faults.schedule.empty());
  EXPECT_EQ(s->outputs.size(), 3u);
  EXPECT_TRUE(s->checkers.empty());
}

TEST_F(ScenarioLoaderTest, FullScenarioParses) {
  absl::StatusOr<ScenarioSpec> s = Load(kFull);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->seed, 42u);
  EXPECT_EQ(s->duration_ns, 20 * kSecond);
  EXPECT_EQ(s->recovery_ns, 3 * kSecond);
  EXPECT_EQ(s->cluster.nodes, 5);
  EXPECT_EQ(s->cluster.params.at("reads"), "any-replica");
  EXPECT_EQ(s->cluster.params.at("heartbeat"), "1.5ms");
  EXPECT_EQ(s->cluster.cpu.workers, 2);
  EXPECT_EQ(s->cluster.cpu.queue_limit, 100);
  EXPECT_EQ(s->cluster.cpu.service_ns.Max(), 50 * kMicrosecond);
  EXPECT_EQ(s->cluster.cpu.service_by_kind.at("heartbeat").Max(), kMicrosecond);

  EXPECT_EQ(s->network.defaults.latency.kind(), Distribution::Kind::kLognormal);
  EXPECT_EQ(s->network.defaults.loss_ppm, 10'000u);
  EXPECT_EQ(s->network.defaults.duplicate_ppm, 1'000u);
  EXPECT_TRUE(s->network.defaults.reorder);
  ASSERT_EQ(s->network.links.size(), 2u);
  EXPECT_EQ(s->network.links[0].from, "n1");
  EXPECT_EQ(s->network.links[0].to, "*");
  EXPECT_EQ(s->network.links[0].loss_ppm, 500'000u);
  EXPECT_EQ(s->network.links[0].latency->Max(), 10 * kMillisecond);
  EXPECT_FALSE(s->network.links[0].reorder.has_value());
  EXPECT_EQ(s->network.links[1].reorder, false);
  EXPECT_EQ(s->network.links[1].loc.line, 19);
  EXPECT_EQ(s->network.kind_latency.at("heartbeat").Max(), kMillisecond);

  EXPECT_EQ(s->clocks.skew_ns.Min(), -20 * kMillisecond);
  EXPECT_EQ(s->clocks.skew_ns.Max(), 20 * kMillisecond);
  EXPECT_EQ(s->clocks.drift_ppm.kind(), Distribution::Kind::kNormal);

  const auto& f = s->faults.schedule;
  ASSERT_EQ(f.size(), 10u);
  // Sorted by `at`, stable for equal times.
  EXPECT_EQ(f[0].kind, FaultAction::Kind::kPartition);
  EXPECT_EQ(f[0].partition.shape, PartitionSpec::Shape::kIsolate);
  EXPECT_EQ(f[0].partition.target, "primary");
  EXPECT_EQ(f[0].at_ns, 5 * kSecond);
  EXPECT_EQ(f[0].for_ns, 4 * kSecond);
  EXPECT_EQ(f[0].loc.line, 27);
  EXPECT_EQ(f[1].partition.groups.size(), 2u);
  EXPECT_EQ(f[1].partition.groups[0][1], "c1");
  EXPECT_EQ(f[2].partition.to.size(), 2u);
  EXPECT_EQ(f[3].kind, FaultAction::Kind::kHeal);
  EXPECT_EQ(f[4].kind, FaultAction::Kind::kPause);
  EXPECT_EQ(f[4].target, "leader");
  EXPECT_EQ(f[4].for_ns, 500 * kMillisecond);
  EXPECT_EQ(f[5].kind, FaultAction::Kind::kClockJump);
  EXPECT_EQ(f[5].clock_jump_ns, -500 * kMillisecond);
  EXPECT_EQ(f[6].kind, FaultAction::Kind::kClockDrift);
  EXPECT_EQ(f[6].drift_ppm, 200);
  EXPECT_EQ(f[7].kind, FaultAction::Kind::kLinkDegrade);
  EXPECT_EQ(f[7].link.latency->kind(), Distribution::Kind::kPareto);
  EXPECT_EQ(f[8].kind, FaultAction::Kind::kCrash);
  EXPECT_EQ(f[8].target, "n2");
  EXPECT_EQ(f[8].for_ns, 2 * kSecond);
  EXPECT_EQ(f[9].kind, FaultAction::Kind::kRestart);
  EXPECT_TRUE(s->faults.random.enabled);
  EXPECT_EQ(s->faults.random.kinds, (std::vector<std::string>{"partition", "crash"}));
  EXPECT_EQ(s->faults.random.clock_jump_max_ns, kSecond);
  EXPECT_EQ(s->faults.random.interval_ns.kind(), Distribution::Kind::kExponential);

  const WorkloadSpec& w = s->workload;
  EXPECT_EQ(w.clients, 6);
  EXPECT_DOUBLE_EQ(w.rate_per_s, 200);
  EXPECT_EQ(w.think_ns, 10 * kMillisecond);
  ASSERT_EQ(w.ops.size(), 3u);  // ordered as the workload lists them, not by the file
  EXPECT_EQ(w.ops[0], std::make_pair(std::string("read"), 0.5));
  EXPECT_EQ(w.ops[1], std::make_pair(std::string("write"), 0.25));
  EXPECT_EQ(w.ops[2], std::make_pair(std::string("cas"), 0.25));
  EXPECT_EQ(w.keys.count, 20);
  EXPECT_EQ(w.keys.dist, KeysSpec::Dist::kZipfian);
  EXPECT_DOUBLE_EQ(w.keys.theta, 0.9);
  EXPECT_EQ(w.timeout_ns, 500 * kMillisecond);
  EXPECT_EQ(w.route.policy, RoutePolicy::kSticky);
  ASSERT_TRUE(w.read_route.has_value());
  EXPECT_EQ(w.read_route->policy, RoutePolicy::kRandom);
  EXPECT_FALSE(w.final_reads);
  EXPECT_EQ(s->outputs, (std::vector<std::string>{"results.json", "history.jsonl"}));
}

TEST_F(ScenarioLoaderTest, OverridesApplyBeforeValidation) {
  absl::StatusOr<ScenarioSpec> s =
      Load(kFull, {"cluster.nodes=3", "workload.rate=500/s", "cluster.params={replication: sync}",
                   "faults.schedule.0.at=3s", "network.loss=0", "seed=7",
                   "workload.keys.dist=uniform", "clocks.skew=5ms"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->cluster.nodes, 3);
  EXPECT_DOUBLE_EQ(s->workload.rate_per_s, 500);
  EXPECT_EQ(s->cluster.params, (std::map<std::string, std::string>{{"replication", "sync"}}));
  EXPECT_EQ(s->faults.schedule[0].at_ns, 3 * kSecond);  // the crash, now first
  EXPECT_EQ(s->faults.schedule[0].kind, FaultAction::Kind::kCrash);
  EXPECT_EQ(s->network.defaults.loss_ppm, 0u);
  EXPECT_EQ(s->seed, 7u);
  EXPECT_EQ(s->workload.keys.dist, KeysSpec::Dist::kUniform);
  EXPECT_EQ(s->clocks.skew_ns.Max(), 5 * kMillisecond);
}

TEST_F(ScenarioLoaderTest, OverridesCreateMissingSections) {
  absl::StatusOr<ScenarioSpec> s = Load(
      kMinimal, {"workload.keys.count=7", "faults.random.kinds=[crash]", "network.reorder=true"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->workload.keys.count, 7);
  EXPECT_TRUE(s->faults.random.enabled);
  EXPECT_TRUE(s->network.defaults.reorder);
}

TEST_F(ScenarioLoaderTest, OverrideErrorsNameTheOverride) {
  std::string e = LoadError(kMinimal, {"cluster.nodes=five"});
  EXPECT_NE(e.find("--set cluster.nodes=five"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer"), std::string::npos) << e;

  e = LoadError(kMinimal, {"workload.ratee=5/s"});
  EXPECT_NE(e.find("--set workload.ratee=5/s"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'rate'?"), std::string::npos) << e;

  e = LoadError(kMinimal, {"clustr.nodes=5"});
  EXPECT_NE(e.find("--set clustr.nodes=5"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'cluster'?"), std::string::npos) << e;

  e = LoadError(kMinimal, {"cluster.params={replicaton: sync}"});
  EXPECT_NE(e.find("--set cluster.params={replicaton: sync}"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'replication'?"), std::string::npos) << e;

  e = LoadError(kMinimal, {"cluster.nodes"});
  EXPECT_NE(e.find("expected PATH=VALUE"), std::string::npos) << e;
  e = LoadError(kMinimal, {"duration.x=1"});
  EXPECT_NE(e.find("not a mapping"), std::string::npos) << e;
  e = LoadError(kMinimal, {"cluster..nodes=1"});
  EXPECT_NE(e.find("empty part"), std::string::npos) << e;
  e = LoadError(kFull, {"faults.schedule.x.at=1s"});
  EXPECT_NE(e.find("not an index"), std::string::npos) << e;
  e = LoadError(kMinimal, {"name=[unclosed"});
  EXPECT_NE(e.find("not valid YAML"), std::string::npos) << e;
}

TEST_F(ScenarioLoaderTest, FileErrors) {
  absl::StatusOr<ScenarioSpec> s = LoadScenarioFile("/nonexistent/x.yaml", context_, {});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("/nonexistent/x.yaml"), absl::string_view::npos);
}

TEST_F(ScenarioLoaderTest, CheckersAreMatchedAgainstTheContext) {
  std::string text = std::string(kMinimal) + "checkers: [linearizability]\n";
  EXPECT_NE(LoadError(text).find("no checkers are available"), std::string::npos);
  LoaderContext with_checkers{models_, {"linearizability", "convergence"}};
  absl::StatusOr<ScenarioSpec> s = LoadScenarioText(text, "t.yaml", with_checkers, {});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->checkers, std::vector<std::string>{"linearizability"});
  // Known to the CLI, but not declared by the workload: refused, naming what applies.
  std::string other = std::string(kMinimal) + "checkers: [convergence]\n";
  s = LoadScenarioText(other, "t.yaml", with_checkers, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("does not apply to the kv workload"), std::string::npos)
      << s.status();
  EXPECT_NE(s.status().message().find("judged by: linearizability"), std::string::npos);
  std::string typo = std::string(kMinimal) + "checkers: [linearizabilty]\n";
  s = LoadScenarioText(typo, "t.yaml", with_checkers, {});
  EXPECT_NE(s.status().message().find("did you mean 'linearizability'?"), absl::string_view::npos);
}

}  // namespace
}  // namespace faultline::scenario
