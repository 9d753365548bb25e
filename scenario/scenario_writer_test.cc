#include "scenario/scenario_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/units.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_loader_test_util.h"
#include "scenario/scenario_spec_diff_test_util.h"
#include "scenario/yaml_values.h"

namespace faultline::scenario {
namespace {

using namespace loader_testing;  // NOLINT: the stand-in model registry and spec names
using internal::FormatDistribution;
using internal::FormatNumber;
using internal::FormatProbability;
using internal::FormatRate;
using internal::QuoteIfNeeded;
using internal::YamlContext;
using sim::NemesisSpec;
using spec_diff::SpecDifference;

class ScenarioWriterTest : public ::testing::Test {
 protected:
  absl::StatusOr<ScenarioSpec> Load(std::string_view text) {
    return LoadScenarioText(text, "written.yaml", context_, {});
  }
  // Writes `spec`, loads the text and expects the same spec back; returns the text.
  std::string RoundTrip(const ScenarioSpec& spec, const ScenarioComments& comments = {}) {
    const std::string text = WriteScenarioYaml(spec, comments);
    absl::StatusOr<ScenarioSpec> back = Load(text);
    EXPECT_TRUE(back.ok()) << back.status() << "\n" << text;
    if (!back.ok()) return text;
    EXPECT_EQ(SpecDifference(spec, *back), "") << text;
    EXPECT_EQ(WriteScenarioYaml(*back, comments), text);
    return text;
  }

  ModelRegistry models_ = FakeModels();
  LoaderContext context_{models_, {"linearizability"}, {".svg", ".dot"}};
};

TEST(FormatExactDurationTest, PicksTheMostReadableExactUnit) {
  EXPECT_EQ(FormatExactDuration(0), "0s");
  EXPECT_EQ(FormatExactDuration(7), "7ns");
  EXPECT_EQ(FormatExactDuration(250 * kMicrosecond), "250us");
  EXPECT_EQ(FormatExactDuration(1500 * kMillisecond), "1500ms");
  EXPECT_EQ(FormatExactDuration(2 * kSecond), "2s");
  EXPECT_EQ(FormatExactDuration(90 * kSecond), "90s");
  EXPECT_EQ(FormatExactDuration(2 * kMinute), "2m");
  EXPECT_EQ(FormatExactDuration(3 * kHour), "3h");
  EXPECT_EQ(FormatExactDuration(12'500 * kMillisecond), "12.5s");
  EXPECT_EQ(FormatExactDuration(1'234'567), "1.234567ms");
  EXPECT_EQ(FormatExactDuration(-500 * kMillisecond), "-500ms");
  EXPECT_EQ(FormatExactDuration(kMaxDuration), "1000h");
  EXPECT_EQ(FormatExactDuration(kMaxDuration - 1), "3599999.999999999s");
}

TEST(FormatExactDurationTest, ParsesBackExactly) {
  // Every magnitude from 1ns to 1000h, with awkward digits at each scale.
  for (Nanos d = 1; d <= kMaxDuration; d = d * 7 + 3) {
    for (Nanos v : {d, -d, d - d % 1000, d - d % kMillisecond}) {
      absl::StatusOr<Nanos> back = ParseDuration(FormatExactDuration(v));
      ASSERT_TRUE(back.ok()) << v << ": " << back.status();
      EXPECT_EQ(*back, v) << FormatExactDuration(v);
    }
  }
}

TEST(YamlValuesTest, ProbabilitiesNumbersAndRates) {
  EXPECT_EQ(FormatProbability(0), "0");
  EXPECT_EQ(FormatProbability(1'000'000), "1");
  EXPECT_EQ(FormatProbability(10'000), "0.01");
  EXPECT_EQ(FormatProbability(1), "0.000001");
  for (uint32_t ppm = 0; ppm <= 1'000'000; ppm += 997) {
    EXPECT_EQ(*ParseProbabilityPpm(FormatProbability(ppm)), ppm);
  }
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(-200), "-200");
  EXPECT_EQ(FormatNumber(1e-7), "0.0000001");
  for (double v : {0.1 + 0.2, 1.0 / 3, -123456.789, 1e15 + 0.5}) {
    EXPECT_EQ(*ParseDecimal(FormatNumber(v)), v) << FormatNumber(v);
  }
  EXPECT_EQ(FormatRate(200), "200/s");
  EXPECT_EQ(FormatRate(*ParseRate("10/m")), "10/m");
  EXPECT_EQ(FormatRate(*ParseRate("5/ms")), "5/ms");
  EXPECT_EQ(FormatRate(*ParseRate("1/h")), "1/h");
  for (const char* text : {"0.5/s", "7/h", "3/us", "1000000000/s", "123.456/m"}) {
    const double rate = *ParseRate(text);
    EXPECT_EQ(*ParseRate(FormatRate(rate)), rate) << text;
  }
}

TEST(YamlValuesTest, QuotesWhatYamlCouldMisread) {
  EXPECT_EQ(QuoteIfNeeded("leader", YamlContext::kFlow), "leader");
  EXPECT_EQ(QuoteIfNeeded("kv.primary-backup", YamlContext::kBlock), "kv.primary-backup");
  EXPECT_EQ(QuoteIfNeeded("Async, then a crash; 2 | 3", YamlContext::kBlock),
            "Async, then a crash; 2 | 3");
  EXPECT_EQ(QuoteIfNeeded("a, b", YamlContext::kFlow), "\"a, b\"");
  for (const char* word : {"off", "On", "yes", "NO", "true", "null", "~", "y"}) {
    EXPECT_EQ(QuoteIfNeeded(word, YamlContext::kBlock), absl::StrCat("\"", word, "\""));
  }
  for (const char* number : {"3", "-0.5", "1e3", "0x1F", ".inf", "1_000", "007"}) {
    EXPECT_EQ(QuoteIfNeeded(number, YamlContext::kBlock), absl::StrCat("\"", number, "\""));
  }
  EXPECT_EQ(QuoteIfNeeded("3", YamlContext::kFlow, /*bare_numbers=*/true), "3");
  EXPECT_EQ(QuoteIfNeeded("-0.5", YamlContext::kFlow, /*bare_numbers=*/true), "-0.5");
  EXPECT_EQ(QuoteIfNeeded("007", YamlContext::kFlow, /*bare_numbers=*/true), "\"007\"");
  EXPECT_EQ(QuoteIfNeeded("role:leader", YamlContext::kBlock), "\"role:leader\"");
  EXPECT_EQ(QuoteIfNeeded("*", YamlContext::kFlow), "\"*\"");
  EXPECT_EQ(QuoteIfNeeded("x #y", YamlContext::kBlock), "\"x #y\"");
  EXPECT_EQ(QuoteIfNeeded("", YamlContext::kBlock), "\"\"");
  EXPECT_EQ(QuoteIfNeeded(" pad", YamlContext::kBlock), "\" pad\"");
  EXPECT_EQ(QuoteIfNeeded("say \"hi\"\\\n\t\x01", YamlContext::kBlock),
            "\"say \\\"hi\\\"\\\\\\n\\t\\x01\"");
}

TEST(YamlValuesTest, Distributions) {
  using D = Distribution;
  const auto dur = internal::DistQuantity::kDuration;
  const auto num = internal::DistQuantity::kNumber;
  EXPECT_EQ(FormatDistribution(D::Constant(2 * kMillisecond), dur), "2ms");
  EXPECT_EQ(FormatDistribution(D::Constant(-50), num), "-50");
  EXPECT_EQ(FormatDistribution(D::Uniform(kMillisecond, 5 * kMillisecond), dur),
            "{dist: uniform, min: 1ms, max: 5ms}");
  EXPECT_EQ(FormatDistribution(D::Normal(0, 50), num), "{dist: normal, mean: 0, stddev: 50}");
  EXPECT_EQ(FormatDistribution(D::Exponential(1500 * kMillisecond), dur),
            "{dist: exponential, mean: 1500ms}");
  EXPECT_EQ(FormatDistribution(D::Lognormal(2 * kMillisecond, 30 * kMillisecond), dur),
            "{dist: lognormal, median: 2ms, p99: 30ms}");
  EXPECT_EQ(FormatDistribution(D::Pareto(kMillisecond, 1.5), dur),
            "{dist: pareto, min: 1ms, alpha: 1.5}");
}

TEST_F(ScenarioWriterTest, MinimalSpecWritesOnlyTheRequiredKeys) {
  absl::StatusOr<ScenarioSpec> spec = Load(kMinimal);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(RoundTrip(*spec), R"(version: 1
name: minimal
seed: 1
duration: 10s
cluster:
  model: kv.primary-backup
  nodes: 3
workload:
  ops: {read: 0.5, write: 0.5}
)");
}

TEST_F(ScenarioWriterTest, FullScenarioRoundTrips) {
  absl::StatusOr<ScenarioSpec> spec = Load(kFull);
  ASSERT_TRUE(spec.ok()) << spec.status();
  const std::string text = RoundTrip(*spec);
  // Spot checks of how it reads (the whole text is checked by the round trip).
  EXPECT_NE(text.find("  params: {heartbeat: 1.5ms, reads: any-replica, replication: async}\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    - {at: 5s, partition: {shape: isolate, target: primary}, for: 4s}\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    - {at: 12s, crash: {target: n2}, restart_after: 2s}\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    - {from: n1, latency: 10ms, loss: 0.5}\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  rate: 200/s\n"), std::string::npos) << text;
}

// A spec built in code, as `faultline fuzz` edits one: every fault kind and partition shape.
ScenarioSpec EveryFaultKind() {
  ScenarioSpec spec;
  spec.name = "every-fault";
  spec.duration_ns = 30 * kSecond;
  spec.cluster.model = "kv.primary-backup";
  spec.cluster.nodes = 5;
  spec.workload.ops = {{"read", 0.5}, {"write", 0.5}};
  using Kind = FaultAction::Kind;
  using Shape = PartitionSpec::Shape;
  auto add = [&](Kind kind, Nanos at) -> FaultAction& {
    FaultAction& a = spec.faults.schedule.emplace_back();
    a.kind = kind;
    a.at_ns = at;
    return a;
  };
  add(Kind::kPartition, kSecond).partition.shape = Shape::kHalves;
  FaultAction& isolate = add(Kind::kPartition, 2 * kSecond);
  isolate.partition.shape = Shape::kIsolate;
  isolate.partition.target = "leader";
  isolate.for_ns = 1500 * kMillisecond;
  add(Kind::kPartition, 3 * kSecond).partition.shape = Shape::kMajorityRing;
  PartitionSpec& bridge = add(Kind::kPartition, 4 * kSecond).partition;
  bridge.shape = Shape::kBridge;
  bridge.target = "n3";
  PartitionSpec& groups = add(Kind::kPartition, 5 * kSecond).partition;
  groups.shape = Shape::kGroups;
  groups.groups = {{"n1", "c1"}, {"n2", "n3"}, {"n4", "n5"}};
  PartitionSpec& one_way = add(Kind::kPartition, 6 * kSecond).partition;
  one_way.shape = Shape::kOneWay;
  one_way.from = {"n1"};
  one_way.to = {"n2", "c2"};
  add(Kind::kHeal, 7 * kSecond);
  add(Kind::kCrash, 8 * kSecond).target = "follower";
  FaultAction& crash = add(Kind::kCrash, 9 * kSecond);
  crash.target = "n2";
  crash.for_ns = 2 * kSecond;
  add(Kind::kRestart, 11 * kSecond).target = "n2";
  FaultAction& pause = add(Kind::kPause, 12 * kSecond);
  pause.target = "role:shard2/leader";
  pause.for_ns = 250 * kMillisecond;
  add(Kind::kResume, 13 * kSecond).target = "random";
  add(Kind::kClockJump, 14 * kSecond).target = "primary";
  spec.faults.schedule.back().clock_jump_ns = -1 * kSecond;
  add(Kind::kClockDrift, 15 * kSecond).target = "n4";
  spec.faults.schedule.back().drift_ppm = -250;
  FaultAction& link = add(Kind::kLinkDegrade, 16 * kSecond);
  link.link.from = "c1";
  link.link.latency = Distribution::Pareto(kMillisecond, 1.5);
  link.link.loss_ppm = 50'000;
  link.link.duplicate_ppm = 1;
  link.link.reorder = true;
  link.for_ns = 3 * kSecond;
  add(Kind::kLinkDegrade, 30 * kSecond).link.reorder = false;
  return spec;
}

TEST_F(ScenarioWriterTest, EveryFaultKindAndPartitionShapeRoundTrips) {
  const std::string text = RoundTrip(EveryFaultKind());
  for (const char* line : {
           "    - {at: 1s, partition: {shape: halves}}\n",
           "    - {at: 2s, partition: {shape: isolate, target: leader}, for: 1500ms}\n",
           "    - {at: 3s, partition: {shape: majority-ring}}\n",
           "    - {at: 4s, partition: {shape: bridge, target: n3}}\n",
           "    - {at: 5s, partition: {shape: groups, groups: [[n1, c1], [n2, n3], [n4, n5]]}}\n",
           "    - {at: 6s, partition: {shape: one-way, from: [n1], to: [n2, c2]}}\n",
           "    - {at: 7s, heal: true}\n",
           "    - {at: 9s, crash: {target: n2}, restart_after: 2s}\n",
           "    - {at: 12s, pause: {target: \"role:shard2/leader\"}, for: 250ms}\n",
           "    - {at: 14s, clock: {target: primary, jump: -1s}}\n",
           "    - {at: 15s, clock: {target: n4, drift_ppm: -250}}\n",
           "    - {at: 16s, link: {from: c1, latency: {dist: pareto, min: 1ms, alpha: 1.5}, "
           "loss: 0.05, duplicate: 0.000001, reorder: true}, for: 3s}\n",
           "    - {at: 30s, link: {reorder: false}}\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

TEST_F(ScenarioWriterTest, NetworkCpuClocksWorkloadAndDiagramsRoundTrip) {
  ScenarioSpec spec = EveryFaultKind();
  spec.description = "Built in code: every section that has a non-default value.";
  spec.seed = 18'446'744'073'709'551'615u;
  spec.recovery_ns = 0;
  spec.cluster.params = {{"replication", "sync"}, {"heartbeat", "0.25s"}};
  spec.cluster.cpu.workers = 4;
  spec.cluster.cpu.queue_limit = 7;
  spec.cluster.cpu.service_ns = Distribution::Uniform(0, 20 * kMicrosecond);
  spec.cluster.cpu.service_by_kind = {{"append", Distribution::Constant(5 * kMicrosecond)},
                                      {"heartbeat", Distribution::Exponential(1'234'567)}};
  spec.network.defaults.latency = Distribution::Normal(3 * kMillisecond, 500 * kMicrosecond);
  spec.network.defaults.loss_ppm = 123;
  spec.network.defaults.duplicate_ppm = 1'000'000;
  spec.network.defaults.reorder = true;
  sim::LinkOverride slow;
  slow.to = "c3";
  slow.latency = Distribution::Lognormal(2 * kMillisecond, 40 * kMillisecond);
  sim::LinkOverride lossy;
  lossy.from = "n1";
  lossy.to = "n2";
  lossy.loss_ppm = 0;
  lossy.reorder = false;
  spec.network.links = {slow, lossy};
  spec.network.kind_latency = {{"vote", Distribution::Constant(7)}};
  spec.clocks.skew_ns = Distribution::Uniform(-20 * kMillisecond, 20 * kMillisecond);
  spec.clocks.drift_ppm = Distribution::Lognormal(0.5, 123.25);
  NemesisSpec& random = spec.faults.random;
  random.enabled = true;
  random.interval_ns = Distribution::Constant(kSecond);
  random.fault_duration_ns = Distribution::Exponential(kSecond);
  random.kinds = {"link", "crash"};
  random.clock_jump_max_ns = 0;
  WorkloadSpec& w = spec.workload;
  w.clients = 3;
  w.rate_per_s = *ParseRate("10/m");
  w.think_ns = 5 * kMillisecond;
  w.type = "kv";
  w.ops = {{"read", 0.1}, {"write", 0}, {"cas", 1.0 / 3}};
  w.keys.count = 1;
  w.keys.dist = KeysSpec::Dist::kZipfian;
  w.keys.theta = 0.5;
  w.timeout_ns = 1;
  w.route.policy = RoutePolicy::kRole;
  w.route.role = "follower";
  w.read_route = sim::Route();
  w.final_reads = false;
  spec.checkers = {"linearizability"};
  spec.outputs = {"trace.jsonl", "plain.svg", "failure.svg", "results.json", "window.dot"};
  DiagramOutput plain;
  plain.file = "plain.svg";
  DiagramOutput failure;
  failure.file = "failure.svg";
  failure.hide_kinds = {"heartbeat"};
  failure.around_violation = true;
  failure.around_events = 50;
  failure.scale = "time";
  DiagramOutput window;
  window.file = "window.dot";
  window.from_ns = kSecond;
  window.to_ns = 2500 * kMillisecond;
  window.nodes = {"n1", "c2"};
  window.kinds = {"append", "on"};
  window.max_events = 0;
  spec.diagrams = {plain, failure, window};
  const std::string text = RoundTrip(spec);
  for (const char* line : {
           "seed: 18446744073709551615\n",
           "recovery: 0s\n",
           "  params: {heartbeat: 0.25s, replication: sync}\n",
           "    service: {dist: uniform, min: 0s, max: 20us}\n",
           "      heartbeat: {dist: exponential, mean: 1.234567ms}\n",
           "  latency: {dist: normal, mean: 3ms, stddev: 500us}\n",
           "  duplicate: 1\n",
           "    - {to: c3, latency: {dist: lognormal, median: 2ms, p99: 40ms}}\n",
           "    - {from: n1, to: n2, loss: 0, reorder: false}\n",
           "    vote: {latency: 7ns}\n",
           "  drift_ppm: {dist: lognormal, median: 0.5, p99: 123.25}\n",
           "    interval: 1s\n",
           "    kinds: [link, crash]\n",
           "    clock_jump_max: 0s\n",
           "  rate: 10/m\n",
           "  ops: {read: 0.1, write: 0, cas: 0.3333333333333333}\n",
           "  keys: {count: 1, dist: zipfian, theta: 0.5}\n",
           "  timeout: 1ns\n",
           "  route: \"role:follower\"\n",
           "  read_route: leader\n",
           "  final_reads: false\n",
           "  - {file: failure.svg, hide_kinds: [heartbeat], around_violation: true, "
           "around_events: 50, scale: time}\n",
           "  - {file: window.dot, from: 1s, to: 2500ms, nodes: [n1, c2], kinds: [append, "
           "\"on\"], max_events: 0}\n",
           "  - plain.svg\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

TEST_F(ScenarioWriterTest, StringsThatYamlCouldMisreadAreQuoted) {
  absl::StatusOr<ScenarioSpec> loaded = Load(kMinimal);
  ASSERT_TRUE(loaded.ok());
  ScenarioSpec spec = *loaded;
  for (const char* name :
       {"off",     "yes",      "3",         "1.5",      "null",       "a: b",        "x #y",
        "-dash",   "*star",    "[flow]",    "{x}",      "say \"hi\"", "back\\slash", "tab\there",
        "ünïcode", "'single'", "trailing:", "%percent", "@at",        "!bang",       "&amp",
        "|pipe",   ">gt",      "?q",        "...",      "---"}) {
    spec.name = name;
    spec.description = absl::StrCat("about ", name, "\nsecond line");
    spec.cluster.params = {{"replication", "async"}, {"reads", "any-replica"}};
    RoundTrip(spec);
  }
}

TEST_F(ScenarioWriterTest, LognormalReloadsWithinRounding) {
  absl::StatusOr<ScenarioSpec> loaded = Load(kMinimal);
  ASSERT_TRUE(loaded.ok());
  ScenarioSpec spec = *loaded;
  // A median and p99 between whole nanoseconds: written rounded, reloaded within 0.5ns.
  spec.network.defaults.latency = Distribution::Lognormal(1234.4, 98765.6);
  const std::string text = WriteScenarioYaml(spec);
  EXPECT_NE(text.find("latency: {dist: lognormal, median: 1234ns, p99: 98.766us}"),
            std::string::npos)
      << text;
  absl::StatusOr<ScenarioSpec> back = Load(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_NE(back->network.defaults.latency.param_a(), spec.network.defaults.latency.param_a());
  EXPECT_EQ(SpecDifference(spec, *back), "");
  // The tolerance is exactly the rounding: one more nanosecond is a difference.
  spec.network.defaults.latency = Distribution::Lognormal(1235.5, 98765.6);
  EXPECT_NE(SpecDifference(spec, *back), "");
}

TEST_F(ScenarioWriterTest, DisabledNemesisAndNoOpLinksAreLeftOut) {
  ScenarioSpec spec = EveryFaultKind();
  spec.faults.random.enabled = false;
  spec.faults.random.kinds = {"crash"};
  spec.network.links.emplace_back();                       // sets nothing
  spec.faults.schedule.back().link = sim::LinkOverride();  // a link fault that does nothing
  std::string text = WriteScenarioYaml(spec);
  EXPECT_EQ(text.find("random:"), std::string::npos) << text;
  spec.faults.random.enabled = true;
  spec.faults.random.kinds.clear();  // enabled, but nothing to draw: it never starts
  EXPECT_EQ(WriteScenarioYaml(spec), text);
  EXPECT_EQ(text.find("links"), std::string::npos) << text;
  EXPECT_EQ(text.find("at: 30s"), std::string::npos) << text;
  absl::StatusOr<ScenarioSpec> back = Load(text);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
  EXPECT_FALSE(back->faults.random.enabled);
  EXPECT_EQ(back->faults.schedule.size(), spec.faults.schedule.size() - 1);
}

TEST_F(ScenarioWriterTest, CommentsGoWhereAskedAndTheTextStillLoads) {
  ScenarioComments comments;
  comments.header = {"repro: shrunk by faultline fuzz", "", "two\nlines"};
  comments.sections["faults"] = {"3 of 12 faults are enough"};
  comments.sections["network"] = {"network: defaults (nothing is written below)"};
  comments.sections["cluster"] = {"# a hash stays a comment"};
  comments.sections["not-a-key"] = {"trailing note"};
  const std::string text = RoundTrip(EveryFaultKind(), comments);
  EXPECT_EQ(text.rfind("# repro: shrunk by faultline fuzz\n#\n# two\n# lines\nversion: 1\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("# # a hash stays a comment\ncluster:\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  nodes: 5\n# network: defaults (nothing is written below)\n"
                      "# 3 of 12 faults are enough\nfaults:\n"),
            std::string::npos)
      << text;
  EXPECT_TRUE(text.ends_with("# trailing note\n")) << text;
}

}  // namespace
}  // namespace faultline::scenario
