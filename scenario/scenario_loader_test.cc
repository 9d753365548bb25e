#include "scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace faultline::scenario {
namespace {

using sim::ClusterSpec;
using sim::DiagramOutput;
using sim::Distribution;
using sim::FaultAction;
using sim::KeysSpec;
using sim::MakeModelConfig;
using sim::MessageKinds;
using sim::Model;
using sim::ModelConfig;
using sim::ModelInfo;
using sim::ModelParam;
using sim::ModelRegistry;
using sim::Workload;
using sim::WorkloadInfo;
using sim::WorkloadSetup;
using sim::PartitionSpec;
using sim::RoutePolicy;
using sim::ScenarioSpec;
using sim::WorkloadSpec;

// A stand-in for the real kv.primary-backup model: the loader only reads its declaration.
ModelRegistry FakeModels() {
  ModelRegistry registry;
  ModelInfo info;
  info.name = "kv.primary-backup";
  info.summary = "test double";
  info.params = {
      {.name = "replication",
       .type = ModelParam::Type::kChoice,
       .default_value = "async",
       .choices = {"sync", "async"},
       .help = "when the primary acknowledges a write"},
      {.name = "reads",
       .type = ModelParam::Type::kChoice,
       .default_value = "primary",
       .choices = {"primary", "any-replica"},
       .help = "which nodes serve reads"},
      {.name = "heartbeat",
       .type = ModelParam::Type::kDuration,
       .default_value = "50ms",
       .choices = {},
       .help = "primary heartbeat interval"},
      {.name = "failover_timeout",
       .type = ModelParam::Type::kDuration,
       .default_value = "300ms",
       .choices = {},
       .help = "silence before a backup takes over"},
  };
  WorkloadInfo kv;
  kv.name = "kv";
  kv.functions = {"read", "write", "cas"};
  kv.default_ops = {{"read", 0.5}, {"write", 0.5}};
  kv.checkers = {{"linearizability", "kv"}};
  kv.create = [](const WorkloadSetup&) { return std::unique_ptr<Workload>(); };
  WorkloadInfo other = kv;
  other.name = "queue";
  other.functions = {"enqueue", "dequeue"};
  other.default_ops = {{"enqueue", 1}};
  other.checkers = {};
  info.workloads = {kv, other};
  info.min_nodes = 1;
  info.create = [](const ModelConfig&, MessageKinds&) { return std::unique_ptr<Model>(); };
  registry.Add(std::move(info));
  return registry;
}

class ScenarioLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<ScenarioSpec> Load(std::string_view text,
                                    const std::vector<std::string>& overrides = {}) {
    return LoadScenarioText(text, "test.yaml", context_, overrides);
  }
  // The error message of a load that must fail with InvalidArgument.
  std::string LoadError(std::string_view text, const std::vector<std::string>& overrides = {}) {
    absl::StatusOr<ScenarioSpec> s = Load(text, overrides);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
    return std::string(s.status().message());
  }

  ModelRegistry models_ = FakeModels();
  LoaderContext context_{models_, {}};
};

constexpr std::string_view kMinimal = R"(version: 1
name: minimal
duration: 10s
cluster: {model: kv.primary-backup}
)";

constexpr std::string_view kFull = R"(version: 1
name: eventual-stale-read
description: Async replication; a client reads a lagging backup.
seed: 42
duration: 20s
recovery: 3s
cluster:
  model: kv.primary-backup
  nodes: 5
  params: {replication: async, reads: any-replica, heartbeat: 1.5ms}
  cpu: {workers: 2, queue_limit: 100, service: 50us, service_by_kind: {heartbeat: 1us}}
network:
  latency: {dist: lognormal, median: 2ms, p99: 30ms}
  loss: 0.01
  duplicate: 0.001
  reorder: true
  links:
    - {from: n1, to: "*", latency: 10ms, loss: 0.5}
    - {from: c1, to: n2, reorder: false}
  kinds: {heartbeat: {latency: 1ms}}
clocks:
  skew: {dist: uniform, min: -20ms, max: 20ms}
  drift_ppm: {dist: normal, mean: 0, stddev: 50}
faults:
  schedule:
    - {at: 12s, crash: {target: n2}, restart_after: 2s}
    - {at: 5s, partition: {shape: isolate, target: primary}, for: 4s}
    - {at: 6s, partition: {shape: groups, groups: [[n1, c1], [n2, n3]]}}
    - {at: 7s, partition: {shape: one-way, from: [n1], to: [n2, n3]}, for: 1s}
    - {at: 8s, heal: true}
    - {at: 9s, pause: {target: leader}, for: 500ms}
    - {at: 10s, clock: {target: n3, jump: -500ms}}
    - {at: 10s, clock: {target: random, drift_ppm: 200}}
    - {at: 11s, link: {from: n1, to: "*", latency: {dist: pareto, min: 1ms, alpha: 1.5}}, for: 2s}
    - {at: 20s, restart: {target: n2}}
  random:
    interval: {dist: exponential, mean: 5s}
    duration: {dist: uniform, min: 1s, max: 2s}
    kinds: [partition, crash]
    clock_jump_max: 1s
workload:
  clients: 6
  rate: 200/s
  think: 10ms
  ops: {write: 0.25, read: 0.5, cas: 0.25}
  keys: {count: 20, dist: zipfian, theta: 0.9}
  timeout: 500ms
  route: sticky
  read_route: random
  final_reads: false
outputs: [results.json, history.jsonl]
)";

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

TEST_F(ScenarioLoaderTest, DiagramOutputs) {
  LoaderContext context{models_, {"linearizability"}, {".svg", ".mermaid"}};
  const std::string text = std::string(kMinimal) + R"(checkers: [linearizability]
outputs:
  - trace.jsonl
  - history.jsonl
  - diagram.svg
  - {file: failure.mermaid, around_violation: true, around_events: 50, hide_kinds: [heartbeat],
     nodes: [n1, c2], from: 1s, to: 2.5s, max_events: 300, scale: time}
)";
  absl::StatusOr<ScenarioSpec> s = LoadScenarioText(text, "t.yaml", context, {});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->outputs, (std::vector<std::string>{"trace.jsonl", "history.jsonl", "diagram.svg",
                                                  "failure.mermaid"}));
  ASSERT_EQ(s->diagrams.size(), 2u);
  EXPECT_EQ(s->diagrams[0].file, "diagram.svg");
  EXPECT_FALSE(s->diagrams[0].max_events.has_value());
  EXPECT_EQ(s->diagrams[0].scale, "compact");
  const DiagramOutput& d = s->diagrams[1];
  EXPECT_EQ(d.file, "failure.mermaid");
  EXPECT_TRUE(d.around_violation);
  EXPECT_EQ(d.around_events, 50);
  EXPECT_EQ(d.hide_kinds, std::vector<std::string>{"heartbeat"});
  EXPECT_EQ(d.nodes, (std::vector<std::string>{"n1", "c2"}));
  EXPECT_EQ(d.from_ns, 1 * kSecond);
  EXPECT_EQ(d.to_ns, 2500 * kMillisecond);
  EXPECT_EQ(d.max_events, 300);
  EXPECT_EQ(d.scale, "time");
}

TEST_F(ScenarioLoaderTest, DiagramOutputErrors) {
  LoaderContext context{models_, {"linearizability"}, {".svg"}};
  const auto error = [&](const std::string& outputs) {
    absl::StatusOr<ScenarioSpec> s =
        LoadScenarioText(std::string(kMinimal) + outputs, "t.yaml", context, {});
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << outputs;
    return std::string(s.status().message());
  };
  EXPECT_EQ(error("outputs: [results.json, diagram.svg]\n"),
            "t.yaml:5:25: outputs.1: diagrams are drawn from the run's trace; add trace.jsonl to "
            "outputs");
  EXPECT_EQ(error("outputs: [trace.jsonl, diagram.png]\n"),
            "t.yaml:5:24: outputs.1: unknown output 'diagram.png'; expected one of results.json, "
            "trace.jsonl, history.jsonl, or a diagram file ending in .svg");
  EXPECT_NE(error("outputs: [trace.jsonl, runs/diagram.svg]\n").find("not a plain file name"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, d.svg, {file: d.svg}]\n").find("listed twice"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, {file: d.svg, nodes: [n9]}]\n").find("n9"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, {file: d.svg, scale: log}]\n").find("compact"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, {file: d.svg, from: 2s, to: 1s}]\n")
                .find("`to` is before `from`"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, {file: d.svg, max_event: 5}]\n")
                .find("did you mean 'max_events'"),
            std::string::npos);
  EXPECT_NE(error("outputs: [trace.jsonl, {file: d.svg, around_violation: true}]\n")
                .find("add `checkers: [linearizability]`"),
            std::string::npos);
  // Without diagram formats (the default context), a diagram is an unknown output.
  EXPECT_NE(LoadError(std::string(kMinimal) + "outputs: [trace.jsonl, d.svg]\n")
                .find("this build draws no diagrams"),
            std::string::npos);
}

TEST_F(ScenarioLoaderTest, MoreValidationErrors) {
  const std::string base(kMinimal);
  EXPECT_NE(LoadError(base + "name: again\n").find("duplicate key 'name'"), std::string::npos);
  EXPECT_NE(LoadError(base + "---\nversion: 1\n").find("more than one YAML document"),
            std::string::npos);
  EXPECT_NE(LoadError("version: 1\nname: x\nduration: 1s\n").find("missing required key 'cluster'"),
            std::string::npos);
  EXPECT_NE(
      LoadError(base + "faults: {schedule: [{at: 1s, partition: {shape: halves, target: n1}}]}\n")
          .find("does not use 'target'"),
      std::string::npos);
  EXPECT_NE(LoadError(base + "faults: {schedule: [{at: 1s, crash: {target: n1}, for: 1s}]}\n")
                .find("use restart_after"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "faults: {schedule: [{at: 1s}]}\n").find("no action"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "network: {latency: {dist: uniform, min: 5ms, max: 1ms}}\n")
                .find("below min"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "network: {latency: -1ms}\n").find("at least 0s"), std::string::npos);
  EXPECT_NE(LoadError(base + "workload: {ops: {read: 0, write: 0}}\n").find("every op weight is 0"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "workload: {rate: 200}\n").find("like 200/s"), std::string::npos);
  EXPECT_NE(
      LoadError(base + "network: {links: [{from: c9, loss: 0.1}]}\n").find("unknown endpoint 'c9'"),
      std::string::npos);
  EXPECT_NE(LoadError(base + "duration: 1s\n").find("duplicate key"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, MakeModelConfigFillsDefaults) {
  absl::StatusOr<ScenarioSpec> s = Load(kFull);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<ModelConfig> config =
      MakeModelConfig(s->cluster, *models_.Find("kv.primary-backup"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->node_count, 5);
  EXPECT_EQ(config->choices.at("replication"), "async");
  EXPECT_EQ(config->choices.at("reads"), "any-replica");
  EXPECT_EQ(config->durations.at("heartbeat"), 1'500'000);
  EXPECT_EQ(config->durations.at("failover_timeout"), 300 * kMillisecond);

  ClusterSpec bad = s->cluster;
  bad.params["reads"] = "everywhere";
  EXPECT_EQ(MakeModelConfig(bad, *models_.Find("kv.primary-backup")).status().code(),
            absl::StatusCode::kInvalidArgument);
  bad = s->cluster;
  bad.params["colour"] = "blue";
  EXPECT_EQ(MakeModelConfig(bad, *models_.Find("kv.primary-backup")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Every file in tests/scenarios/bad/ starts with "# expect: TEXT" and "# line: N": loading it
// must fail with InvalidArgument at FILE:N:COL with TEXT in the message.
TEST_F(ScenarioLoaderTest, BadScenarioFilesFailWithPositions) {
  const char* root_env = std::getenv("FAULTLINE_SOURCE_DIR");  // test-only: ctest sets it
  const std::filesystem::path root = root_env ? root_env : ".";
  const std::filesystem::path dir = root / "tests" / "scenarios" / "bad";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 18u);
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.string());
    std::ifstream in(path);
    std::string expect_line, line_line;
    std::getline(in, expect_line);
    std::getline(in, line_line);
    ASSERT_EQ(expect_line.rfind("# expect: ", 0), 0u);
    ASSERT_EQ(line_line.rfind("# line: ", 0), 0u);
    const std::string expected = expect_line.substr(10);
    const std::string line = line_line.substr(8);

    absl::StatusOr<ScenarioSpec> s = LoadScenarioFile(path.string(), context_, {});
    ASSERT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
    const std::string message(s.status().message());
    const std::regex position(
        std::regex_replace(path.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") + ":" +
        line + ":[0-9]+: ");
    EXPECT_TRUE(std::regex_search(message, position)) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

constexpr std::string_view kMutationBase = R"(version: 1
name: fuzz
duration: 20s
cluster: {model: kv.primary-backup, nodes: 3, params: {replication: sync}}
network: {latency: {dist: lognormal, median: 2ms, p99: 30ms}, loss: 0.01, reorder: true}
clocks: {skew: {dist: uniform, min: -20ms, max: 20ms}}
faults:
  schedule:
    - {at: 5s, partition: {shape: isolate, target: primary}, for: 4s}
    - {at: 12s, crash: {target: n2}, restart_after: 2s}
  random: {interval: {dist: exponential, mean: 5s}, kinds: [partition, crash]}
workload: {clients: 3, rate: 200/s, ops: {read: 0.5, write: 0.5}, keys: {count: 5}}
)";

// Also rejects the loader's last-resort catch of a non-YAML exception: for small inputs that
// means a bug (yaml-cpp 0.7's LoadAll, for one, exhausts memory on a stray ',').
bool OkOrInvalidArgument(const absl::StatusOr<ScenarioSpec>& s) {
  if (s.ok()) return true;
  return s.status().code() == absl::StatusCode::kInvalidArgument &&
         s.status().message().find("cannot read the scenario") == absl::string_view::npos;
}

RC_GTEST_PROP(ScenarioLoaderProperty, RandomBytesNeverCrash, (const std::string& text)) {
  ModelRegistry models = FakeModels();
  LoaderContext context{models, {}};
  RC_ASSERT(OkOrInvalidArgument(LoadScenarioText(text, "fuzz.yaml", context, {})));
}

RC_GTEST_PROP(ScenarioLoaderProperty, MutatedScenariosNeverCrash, ()) {
  ModelRegistry models = FakeModels();
  LoaderContext context{models, {}};
  std::string text(kMutationBase);
  const int edits = *rc::gen::inRange(1, 6);
  const std::string alphabet = " \t\n:-{}[],.#\"'*&!|>%@`0123456789abcnsm/";
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const size_t pos = *rc::gen::inRange<size_t>(0, text.size());
    const size_t len = *rc::gen::inRange<size_t>(0, std::min<size_t>(8, text.size() - pos) + 1);
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        text.erase(pos, len);
        break;
      case 1:
        text.insert(pos, 1, alphabet[*rc::gen::inRange<size_t>(0, alphabet.size())]);
        break;
      default:
        text.insert(pos, text.substr(*rc::gen::inRange<size_t>(0, text.size()), len));
        break;
    }
  }
  RC_ASSERT(OkOrInvalidArgument(LoadScenarioText(text, "fuzz.yaml", context, {})));
  // Overrides built from fragments of the text must not crash either.
  const size_t cut = *rc::gen::inRange<size_t>(0, text.size() + 1);
  std::vector<std::string> overrides = {"workload." + text.substr(cut, 12)};
  RC_ASSERT(OkOrInvalidArgument(LoadScenarioText(kMutationBase, "fuzz.yaml", context, overrides)));
}

}  // namespace
}  // namespace faultline::scenario
