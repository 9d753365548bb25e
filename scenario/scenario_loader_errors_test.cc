// Scenario loader tests, continued: diagram outputs, validation errors, the bad-file
// corpus in tests/scenarios/bad/ and a mutation property (the loader never crashes).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "scenario/scenario_loader.h"
#include "scenario/scenario_loader_test_util.h"

namespace faultline::scenario {
namespace {

using namespace loader_testing;  // NOLINT: the shared fixture and its names

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
  // A --set value is one YAML value: a second document, quotes or tags are refused as in
  // the file.
  EXPECT_NE(LoadError(base, {"cluster.nodes=3\n---\n5"}).find("a second YAML document (line 2)"),
            std::string::npos);
  EXPECT_NE(LoadError(base, {"cluster.nodes='3'"}).find("quoted string '3'"), std::string::npos);
  EXPECT_NE(LoadError(base, {"cluster.nodes=!!str 3"}).find("tag !!str"), std::string::npos);
  EXPECT_NE(LoadError(base, {"cluster.params.heartbeat=0s"}).find("at least 1ms"),
            std::string::npos);
  EXPECT_TRUE(Load(base, {"cluster.params.heartbeat=1ms"}).ok());
}

// Inputs too big to be a hand-written scenario are refused up front, and what a message
// quotes back stays short.
TEST_F(ScenarioLoaderTest, SizeLimits) {
  const std::string base(kMinimal);
  EXPECT_NE(LoadError(base + "# " + std::string(1 << 20, 'x') + "\n").find("the limit is 1048576"),
            std::string::npos);
  std::string schedule = base + "faults:\n  schedule:\n";
  for (int i = 0; i < 10'001; ++i) schedule += "    - {at: 1s, crash: {target: n1}}\n";
  EXPECT_NE(LoadError(schedule).find("the schedule has 10001 entries; the limit is 10000"),
            std::string::npos);
  EXPECT_NE(LoadError(base, {"name=" + std::string(201, 'n')}).find("201 bytes long"),
            std::string::npos);
  const std::string long_value = LoadError(base, {"cluster.nodes=" + std::string(5000, '7') + "x"});
  EXPECT_NE(long_value.find("... (5015 bytes)"), std::string::npos) << long_value;
  EXPECT_LT(long_value.size(), 400u) << long_value;
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

// A model's check_config sees the whole config (node count included) after each param is
// valid alone; the loader reports its refusal at cluster.params (or cluster.nodes), and
// MakeModelConfig refuses the same spec built in code.
TEST_F(ScenarioLoaderTest, ModelCheckConfigRefusesParamsThatDoNotFitTheCluster) {
  ModelInfo info = *models_.Find("kv.primary-backup");
  info.name = "test.checked";
  info.params = {{.name = "n",
                  .type = ModelParam::Type::kInteger,
                  .default_value = "3",
                  .choices = {},
                  .help = "replicas",
                  .min = 1,
                  .max = 64}};
  info.check_config = [](const ModelConfig& c) -> std::optional<std::string> {
    if (c.integers.at("n") <= c.node_count) return std::nullopt;
    return "n is above the node count; lower n";
  };
  models_.Add(info);
  constexpr std::string_view kBase = R"(version: 1
name: checked
duration: 1s
cluster:
  model: test.checked
  nodes: 2
)";
  const std::string at_nodes = LoadError(kBase);
  EXPECT_NE(at_nodes.find("test.yaml:6:10"), std::string::npos) << at_nodes;
  EXPECT_NE(at_nodes.find("n is above the node count; lower n"), std::string::npos) << at_nodes;
  EXPECT_EQ(at_nodes.find("cluster.params: cluster.params"), std::string::npos) << at_nodes;
  EXPECT_TRUE(Load(kBase, {"cluster.params.n=2"}).ok());
  const std::string by_set = LoadError(kBase, {"cluster.params={n: 5}"});
  EXPECT_NE(by_set.find("--set cluster.params={n: 5}"), std::string::npos) << by_set;

  absl::StatusOr<ScenarioSpec> ok = Load(kBase, {"cluster.params.n=1"});
  ASSERT_TRUE(ok.ok()) << ok.status();
  ClusterSpec bad = ok->cluster;
  bad.params["n"] = "4";
  absl::StatusOr<ModelConfig> config = MakeModelConfig(bad, info);
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("n is above the node count"), std::string::npos);
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
