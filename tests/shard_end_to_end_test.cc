// kv.sharded end to end: the shipped scenarios/shard-*.yaml run in process, their
// histories' observations audited here: the `topology` line's keys moved, each
// migration's `phase` lines in Stripe's order, the `cutover` hold with and without
// gating, the routers' `load` lines. The checkers' verdicts are scenario_verdicts.sh's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checkers/history_reader.h"
#include "checkers/linearizability.h"
#include "checkers/spec.h"
#include "models/builtin_models.h"
#include "models/shard/placement.h"
#include "scenario/scenario_loader.h"
#include "sim/model.h"
#include "sim/simulator.h"
#include "tests/scenario_history.h"

namespace faultline {
namespace {

struct ShardAudit {
  std::vector<int64_t> topology_moved;     // per `topology` line
  std::vector<std::string> topology_keys;  // "add shard4", "split shard0 at k1", "remove shard3"
  int64_t split_hottest_key_requests = 0;
  int64_t split_range_requests = 0;
  std::vector<int64_t> imbalance_before;  // per window, before the 2s split
  std::vector<int64_t> imbalance_after;   // per window, once the split's migration is done
  int64_t directory_unavailable = 0;
  int64_t directory_misses = 0;
  std::map<std::string, std::vector<std::string>> phases;  // migration -> phases in order
  std::vector<int64_t> cutover_held_ns;                    // per `cutover` line
  std::vector<int64_t> cutover_held_requests;
  std::map<std::string, int64_t> load_requests;  // shard -> requests, all windows
  int load_lines = 0;
  int ops_ok = 0;
};

ShardAudit AuditShardHistory(const std::string& text) {
  ShardAudit a;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const nlohmann::json j = nlohmann::json::parse(text.substr(at, end - at));
    at = end + 1;
    if (j.at("type") == "ok") ++a.ops_ok;
    if (j.at("type") != "observe") continue;
    const std::string f = j.at("f");
    const int64_t time = j.at("time");
    if (f == "topology") {
      a.topology_moved.push_back(j.at("value"));
      a.topology_keys.push_back(j.at("key"));
      if (j.at("detail").contains("range_requests")) {
        a.split_hottest_key_requests = j.at("detail").at("hottest_key_requests");
        a.split_range_requests = j.at("detail").at("range_requests");
      }
    }
    // The windows of the workload's 5s: before the 2s split, and from 3s on (the split's
    // migration is done by then); later windows hold only the final reads.
    if (f == "imbalance" && time <= 2 * kSecond) a.imbalance_before.push_back(j.at("value"));
    if (f == "imbalance" && time > 3 * kSecond && time <= 5 * kSecond) {
      a.imbalance_after.push_back(j.at("value"));
    }
    if (f == "phase") a.phases[j.at("key")].push_back(j.at("value"));
    if (f == "cutover") {
      a.cutover_held_ns.push_back(j.at("value"));
      a.cutover_held_requests.push_back(j.at("detail").at("held"));
    }
    if (f == "load") {
      const nlohmann::json& d = j.at("detail");
      if (d.contains("directory_misses")) {
        a.directory_misses += d.at("directory_misses").get<int64_t>();
        a.directory_unavailable += d.at("directory_unavailable").get<int64_t>();
      }
      ++a.load_lines;
      a.load_requests[j.at("key")] += j.at("value").get<int64_t>();
    }
  }
  return a;
}

ShardAudit RunShardScenario(const std::string& name, uint64_t seed) {
  return AuditShardHistory(
      testing::RunScenarioHistory(name, seed, {"linearizability", "lost-writes", "sharding"}));
}

// A migration's phases: registration, bulk-import, async-replication, one or more
// validation passes (none when skipped), cutover, cleanup, done.
bool InStripeOrder(const std::vector<std::string>& p, bool validation) {
  if (p.size() < 6 || p[0] != "registration" || p[1] != "bulk-import" ||
      p[2] != "async-replication") {
    return false;
  }
  size_t i = 3;
  size_t passes = 0;
  while (i < p.size() && p[i] == "validation") {
    ++i;
    ++passes;
  }
  if (validation != (passes > 0)) return false;
  return p.size() == i + 3 && p[i] == "cutover" && p[i + 1] == "cleanup" && p[i + 2] == "done";
}

TEST(ShardEndToEndTest, AddingAShardMovesMostKeysUnderHashModAndFewUnderConsistentHashing) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const ShardAudit hash = RunShardScenario("shard-hash-mod-add-shard", seed);
    const ShardAudit ring = RunShardScenario("shard-consistent-add-shard", seed);
    ASSERT_EQ(hash.topology_moved.size(), 1u);
    ASSERT_EQ(ring.topology_moved.size(), 1u);
    // n/(n+1) = 80% and 1/(n+1) = 20% of 100 keys, give or take the hash's luck.
    EXPECT_GE(hash.topology_moved[0], 70);
    EXPECT_LE(hash.topology_moved[0], 90);
    EXPECT_GE(ring.topology_moved[0], 8);
    EXPECT_LE(ring.topology_moved[0], 32);
    // Every moved key travelled through a finished migration, in order.
    for (const ShardAudit* a : {&hash, &ring}) {
      ASSERT_FALSE(a->phases.empty());
      for (const auto& [id, phases] : a->phases) {
        EXPECT_TRUE(InStripeOrder(phases, /*validation=*/true)) << id;
      }
    }
    // The new shard takes traffic after the change.
    EXPECT_GT(ring.load_requests.at("shard4"), 0);
    EXPECT_GT(hash.load_requests.at("shard4"), 0);
  }
}

TEST(ShardEndToEndTest, GatedCutoverHoldsWritesForAMeasuredTimeUngatedHoldsNone) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const ShardAudit gated = RunShardScenario("shard-migration-gated", seed);
    const ShardAudit ungated = RunShardScenario("shard-migration-no-gating", seed);
    ASSERT_FALSE(gated.cutover_held_ns.empty());
    ASSERT_FALSE(ungated.cutover_held_ns.empty());
    int64_t longest = 0;
    for (int64_t ns : gated.cutover_held_ns) longest = std::max(longest, ns);
    EXPECT_GT(longest, 0) << "seed " << seed;
    EXPECT_LT(longest, 2 * kSecond) << "seed " << seed;
    for (int64_t ns : ungated.cutover_held_ns) EXPECT_EQ(ns, 0);
    for (int64_t n : ungated.cutover_held_requests) EXPECT_EQ(n, 0);
    for (const auto& [id, phases] : gated.phases) {
      EXPECT_TRUE(InStripeOrder(phases, /*validation=*/true)) << id << " seed " << seed;
    }
  }
}

TEST(ShardEndToEndTest, SkippedValidationLeavesNoValidationPhase) {
  const ShardAudit a = RunShardScenario("shard-migration-no-validation", 1);
  ASSERT_FALSE(a.phases.empty());
  for (const auto& [id, phases] : a.phases) {
    EXPECT_TRUE(InStripeOrder(phases, /*validation=*/false)) << id;
  }
}

TEST(ShardEndToEndTest, TheRouterObservesEveryShardsLoadEachWindow) {
  const ShardAudit a = RunShardScenario("shard-migration-gated", 1);
  // 2 routers, 3 shards, a 1s window, a 4s workload and 2s of recovery: 6 windows.
  EXPECT_EQ(a.load_lines, 2 * 3 * 6);
  int64_t routed = 0;
  for (const auto& [shard, n] : a.load_requests) routed += n;
  EXPECT_GE(routed, a.ops_ok);  // each ok op was routed once; fails and unknowns too
}

int64_t Mean(const std::vector<int64_t>& v) {
  int64_t sum = 0;
  for (int64_t x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<int64_t>(v.size());
}

TEST(ShardEndToEndTest, SplittingAHotRangeEvensTheLoadSplittingAroundAHotKeyDoesNot) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const ShardAudit key = RunShardScenario("shard-range-hot-key", seed);
    const ShardAudit range = RunShardScenario("shard-range-hot-range-split", seed);
    ASSERT_EQ(key.topology_keys, std::vector<std::string>{"split shard0 at k1"});
    ASSERT_EQ(range.topology_keys.size(), 1u);
    // One key carries over half its range's requests; in the warm range none comes close.
    EXPECT_GT(2 * key.split_hottest_key_requests, key.split_range_requests);
    EXPECT_LT(5 * range.split_hottest_key_requests, range.split_range_requests);
    ASSERT_FALSE(key.imbalance_after.empty());
    ASSERT_FALSE(range.imbalance_after.empty());
    // Max over mean in thousandths: the warm range ends near even, the hot key does not.
    EXPECT_LT(Mean(range.imbalance_after), 1300) << "seed " << seed;
    EXPECT_GT(Mean(key.imbalance_after), 1450) << "seed " << seed;
    EXPECT_LT(Mean(range.imbalance_after), Mean(range.imbalance_before));
    for (const auto& [id, phases] : range.phases) {
      EXPECT_TRUE(InStripeOrder(phases, /*validation=*/true)) << id;
    }
  }
}

TEST(ShardEndToEndTest, ADirectoryOutageFailsLookupsOfUncachedKeysOnly) {
  const ShardAudit a = RunShardScenario("shard-directory-outage", 1);
  EXPECT_GT(a.directory_misses, 0);
  EXPECT_GT(a.directory_unavailable, 0);
  EXPECT_GT(a.ops_ok, a.directory_unavailable * 10);  // cached keys kept being served
}

// The only router crashes after a shard was added, and restarts: while it is down the
// clients' requests land on shard nodes (no node holds role router), which must fail
// them, not stop the run; once back it must route the moved keys to their new shard.
constexpr char kShardRouterCrashScenario[] = R"(version: 1
name: shard-router-crash-after-add
description: the coordinator restarts after a topology change.
seed: 1
duration: 5s
recovery: 2s
cluster:
  model: kv.sharded
  nodes: 16
  params: {routers: 1, shards: 4, spare_shards: 1, replicas: 3, strategy: hash-mod, keys: 100,
           add_shard_at: 1s}
network:
  latency: {dist: lognormal, median: 1ms, p99: 8ms}
faults:
  schedule:
    - {at: 3500ms, crash: {target: role:router}, restart_after: 100ms}
workload:
  clients: 6
  think: 5ms
  ops: {read: 0.4, write: 0.4, cas: 0.2}
  keys: {count: 100}
  timeout: 500ms
  route: role:router
checkers: [linearizability]
)";

// Runs `spec` on `seed` and checks its history for linearizability (kv).
void ExpectShardRunLinearizable(const sim::ModelRegistry& registry,
                                const absl::StatusOr<sim::ScenarioSpec>& spec, uint64_t seed) {
  ASSERT_TRUE(spec.ok()) << spec.status();
  const std::string text = testing::RunSpecHistory(registry, *spec, seed);
  absl::StatusOr<checkers::History> h =
      checkers::ReadHistoryText(text, "history.jsonl", checkers::HistoryFormat::kFaultline);
  ASSERT_TRUE(h.ok()) << h.status();
  const checkers::CheckResult r = checkers::CheckLinearizability(*h, *checkers::FindSpec("kv"), {});
  EXPECT_EQ(r.verdict, checkers::Verdict::kLinearizable) << "seed " << seed;
}

TEST(ShardEndToEndTest, ARouterCrashAfterAddingAShardStaysLinearizable) {
  sim::ModelRegistry registry;
  models::RegisterBuiltinModels(registry);
  scenario::LoaderContext context{.models = registry, .checkers = {"linearizability"}};
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    ExpectShardRunLinearizable(
        registry, scenario::LoadScenarioText(kShardRouterCrashScenario, "crash.yaml", context, {}),
        seed);
  }
}

// The network duplicates the routers' forwards to the groups (node to node), unlike a
// client's requests: a write applied twice, with another between, is not linearizable.
TEST(ShardEndToEndTest, DuplicatedMessagesKeepTheGatedMigrationLinearizable) {
  sim::ModelRegistry registry;
  models::RegisterBuiltinModels(registry);
  scenario::LoaderContext context{.models = registry,
                                  .checkers = {"linearizability", "lost-writes", "sharding"}};
  const std::string path = testing::ScenarioPath("shard-migration-gated");
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    ExpectShardRunLinearizable(
        registry, scenario::LoadScenarioFile(path, context, {"network.duplicate=0.2"}), seed);
  }
}

// Router n2 crashes around the cutover (30ms down): after it acked the gate, it may miss
// the one switch the coordinator sends, and must not come back routing the moving keys
// to their source.
constexpr char kShardSecondRouterCrashScenario[] = R"(version: 1
name: shard-second-router-crash-cutover
description: router n2 restarts around a gated cutover.
seed: 1
duration: 4s
recovery: 2s
cluster:
  model: kv.sharded
  nodes: 11
  params: {routers: 2, shards: 3, replicas: 3, keys: 8, migrate_at: 1s, migrate_first: 0,
           migrate_last: 5, migrate_to: 2}
network:
  latency: {dist: lognormal, median: 1ms, p99: 8ms}
  loss: 0.01
faults:
  schedule:
    - {at: 1030ms, crash: {target: n2}, restart_after: 30ms}
workload:
  clients: 6
  think: 5ms
  ops: {read: 0.4, write: 0.4, cas: 0.2}
  keys: {count: 8}
  timeout: 500ms
  route: role:router
checkers: [linearizability]
)";

TEST(ShardEndToEndTest, ASecondRouterRestartedAroundTheCutoverStaysLinearizable) {
  sim::ModelRegistry registry;
  models::RegisterBuiltinModels(registry);
  scenario::LoaderContext context{.models = registry, .checkers = {"linearizability"}};
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    ExpectShardRunLinearizable(
        registry,
        scenario::LoadScenarioText(kShardSecondRouterCrashScenario, "crash2.yaml", context, {}),
        seed);
  }
}

// Removing a shard: the `topology` line counts what the placement's removal moves (only
// the removed shard's keys under consistent-hash; exactly its range under range), every
// migration runs the six phases, and the clients' history stays linearizable.
TEST(ShardEndToEndTest, RemovingAShardMovesWhatThePlacementSaysAndStaysLinearizable) {
  struct Case {
    const char* scenario;
    models::shard::Strategy strategy;
    int removed;
  };
  for (const Case& c :
       {Case{"shard-consistent-remove-shard", models::shard::Strategy::kConsistentHash, 3},
        Case{"shard-range-merge", models::shard::Strategy::kRange, 1}}) {
    auto before = models::shard::MakePlacement(
        {.strategy = c.strategy, .shards = 4, .vnodes = 256, .keys = 100});
    auto after = before->WithShardRemoved(c.removed);
    int64_t on_removed = 0;
    for (int64_t k = 0; k < 100; ++k) on_removed += before->ShardOf(k) == c.removed ? 1 : 0;
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      const std::string text = testing::RunScenarioHistory(
          c.scenario, seed, {"linearizability", "lost-writes", "sharding"});
      const ShardAudit a = AuditShardHistory(text);
      ASSERT_EQ(a.topology_keys,
                std::vector<std::string>{"remove shard" + std::to_string(c.removed)})
          << c.scenario;
      EXPECT_EQ(a.topology_moved[0], models::shard::MovedKeys(*before, *after, 100));
      EXPECT_EQ(a.topology_moved[0], on_removed) << "only the removed shard's keys move";
      ASSERT_FALSE(a.phases.empty());
      for (const auto& [id, phases] : a.phases) {
        EXPECT_TRUE(InStripeOrder(phases, /*validation=*/true)) << c.scenario << " " << id;
      }
      absl::StatusOr<checkers::History> h =
          checkers::ReadHistoryText(text, "history.jsonl", checkers::HistoryFormat::kFaultline);
      ASSERT_TRUE(h.ok()) << h.status();
      EXPECT_EQ(checkers::CheckLinearizability(*h, *checkers::FindSpec("kv"), {}).verdict,
                checkers::Verdict::kLinearizable)
          << c.scenario << " seed " << seed;
    }
  }
  // The range merge moves exactly [25,50).
  auto range = models::shard::MakePlacement(
      {.strategy = models::shard::Strategy::kRange, .shards = 4, .keys = 100});
  EXPECT_EQ(models::shard::MovedKeys(*range, *range->WithShardRemoved(1), 100), 25);
}

}  // namespace
}  // namespace faultline
