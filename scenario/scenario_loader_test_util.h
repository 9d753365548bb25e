// Shared by the scenario loader tests: a stand-in model registry and a fixture that loads
// scenario text against it. Test-only, header-only.
#ifndef FAULTLINE_SCENARIO_SCENARIO_LOADER_TEST_UTIL_H_
#define FAULTLINE_SCENARIO_SCENARIO_LOADER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario_loader.h"
#include "sim/model.h"

namespace faultline::scenario::loader_testing {


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
inline ModelRegistry FakeModels() {
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
       .help = "primary heartbeat interval",
       .min = kMillisecond},
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


// Every section, with most keys set.
inline constexpr std::string_view kFull = R"(version: 1
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

}  // namespace faultline::scenario::loader_testing

#endif  // FAULTLINE_SCENARIO_SCENARIO_LOADER_TEST_UTIL_H_
