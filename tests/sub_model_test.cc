// Composition of models, end to end: a composite runs the same sub-model in two groups
// that share nodes, and the simulator keeps them apart by namespace (sim/composite_model.h).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/builtin_models.h"
#include "nlohmann/json.hpp"
#include "sim/simulator.h"
#include "tests/trace_capture.h"
#include "tests/two_groups_model.h"

namespace faultline::testing {
namespace {

using sim::FaultAction;
using Json = nlohmann::json;

FaultAction CrashFor(Nanos at, std::string target, Nanos for_ns) {
  FaultAction a;
  a.at_ns = at;
  a.kind = FaultAction::Kind::kCrash;
  a.target = std::move(target);
  a.for_ns = for_ns;
  return a;
}

// test.two-groups for 3s; the leader of b (n2, in both groups) crashes at 1.02s for
// 0.5s, the leader of a (n1) at 2.02s for 0.3s. Ticks fall on multiples of 10ms, so no
// fault ties with a tick.
sim::ScenarioSpec TwoGroupsScenario() {
  sim::ScenarioSpec spec;
  spec.name = "two-groups";
  spec.cluster.model = "test.two-groups";
  spec.cluster.nodes = 4;
  spec.duration_ns = 3 * kSecond;
  spec.recovery_ns = 0;
  spec.workload.clients = 0;
  spec.workload.final_reads = false;
  spec.network.defaults.latency = sim::Distribution::Exponential(2 * kMillisecond);
  // A namespaced kind is a kind like any other to a scenario.
  spec.network.kind_latency["b/ping"] = sim::Distribution::Constant(3 * kMillisecond);
  spec.faults.schedule = {CrashFor(1020 * kMillisecond, "role:b/leader", 500 * kMillisecond),
                          CrashFor(2020 * kMillisecond, "role:a/leader", 300 * kMillisecond)};
  return spec;
}

CapturedRun RunGroups(const sim::ScenarioSpec& spec, uint64_t seed = 1) {
  sim::ModelRegistry models;
  RegisterTwoGroupsModels(models);
  CapturedRun run = RunCapturingTrace(spec, models, seed);
  EXPECT_TRUE(run.ok);
  return run;
}

std::string Str(const Json& e, const char* key) {
  return e.contains(key) ? e[key].get<std::string>() : "";
}

int Occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(SubModelTest, MessagesStayInTheirGroup) {
  const CapturedRun run = RunGroups(TwoGroupsScenario());
  const std::map<std::string, std::set<std::string>> group = {{"a/ping", {"n1", "n2", "n3"}},
                                                              {"b/ping", {"n2", "n3", "n4"}}};
  std::map<std::string, std::map<std::string, int>> delivered;  // kind -> node -> count
  for (const Json& e : run.events) {
    if (!e.contains("kind")) continue;
    const std::string kind = Str(e, "kind");
    ASSERT_EQ(group.count(kind), 1u) << "unexpected kind " << kind;
    EXPECT_EQ(group.at(kind).count(Str(e, "from")), 1u) << e.dump();
    EXPECT_EQ(group.at(kind).count(Str(e, "to")), 1u) << e.dump();
    if (Str(e, "type") == "deliver") ++delivered[kind][Str(e, "to")];
  }
  // Both groups make progress everywhere, on the shared nodes n2 and n3 too.
  for (const auto& [kind, members] : group) {
    for (const std::string& n : members) EXPECT_GT(delivered[kind][n], 5) << kind << " at " << n;
  }
}

TEST(SubModelTest, PrefixedRolesAreFaultTargets) {
  const CapturedRun run = RunGroups(TwoGroupsScenario());
  std::vector<std::string> crashed;
  for (const Json& e : run.events) {
    if (Str(e, "type") == "crash") crashed.push_back(Str(e, "node"));
    // A target naming no role holder is skipped with a note.
    EXPECT_EQ(Str(e, "text").find("skipped"), std::string::npos) << e.dump();
  }
  EXPECT_EQ(crashed, (std::vector<std::string>{"n2", "n1"}));
}

// The count each group's node on n2 sent last before its crash is the count it restores:
// each group reads its own record, though both name it "count".
TEST(SubModelTest, EachGroupRestoresItsOwnDiskRecords) {
  const CapturedRun run = RunGroups(TwoGroupsScenario());
  std::map<std::string, int64_t> last_sent;     // kind -> count n2 sent last before the crash
  std::map<std::string, std::string> restored;  // "[a]" -> note
  bool crashed = false;
  for (const Json& e : run.events) {
    const std::string type = Str(e, "type");
    if (type == "crash" && Str(e, "node") == "n2") crashed = true;
    if (!crashed && type == "send" && Str(e, "from") == "n2") {
      last_sent[Str(e, "kind")] = e["body"]["count"].get<int64_t>();
    }
    if (crashed && type == "note" && Str(e, "node") == "n2") {
      const std::string text = Str(e, "text");
      restored[text.substr(0, text.find(' '))] = text;
    }
  }
  ASSERT_TRUE(crashed);
  EXPECT_EQ(restored["[a]"], "[a] restored count=" + std::to_string(last_sent["a/ping"]));
  EXPECT_EQ(restored["[b]"], "[b] restored count=" + std::to_string(last_sent["b/ping"]));
  EXPECT_NE(last_sent["a/ping"], last_sent["b/ping"]);  // else the check above proves little
}

TEST(SubModelTest, TimersReachTheSubNodeThatSetThem) {
  const CapturedRun run = RunGroups(TwoGroupsScenario());
  ASSERT_EQ(run.node_states.size(), 4u);
  // n3 never crashes: 3s of 100ms ticks in a, of 150ms ticks in b (the last may fall
  // just past the end). A timer handed to the wrong group would count in the other.
  const std::string& n3 = run.node_states[2];
  EXPECT_TRUE(n3.starts_with("a: count=30 ") || n3.starts_with("a: count=29 ")) << n3;
  EXPECT_TRUE(n3.find("; b: count=20 ") != std::string::npos ||
              n3.find("; b: count=19 ") != std::string::npos)
      << n3;
  for (const std::string& state : run.node_states) {
    EXPECT_EQ(Occurrences(state, "misrouted="), Occurrences(state, "misrouted=0 ")) << state;
    EXPECT_EQ(Occurrences(state, "foreign="), Occurrences(state, "foreign=0")) << state;
  }
}

TEST(SubModelTest, SameSeedSameTrace) {
  const sim::ScenarioSpec spec = TwoGroupsScenario();
  const uint64_t first = RunGroups(spec, 7).hash;
  EXPECT_EQ(first, RunGroups(spec, 7).hash);
  EXPECT_NE(first, RunGroups(spec, 8).hash);  // the latency draws differ
}

TEST(SubModelTest, NestedCompositesNestNamespacesAndRoles) {
  sim::ScenarioSpec spec = TwoGroupsScenario();
  spec.cluster.model = "test.nested-groups";
  spec.cluster.nodes = 3;
  spec.network.kind_latency.clear();
  spec.faults.schedule = {CrashFor(1020 * kMillisecond, "role:a/y/leader", 500 * kMillisecond)};
  const CapturedRun run = RunGroups(spec);
  const std::map<std::string, std::set<std::string>> group = {{"a/x/ping", {"n1", "n2"}},
                                                              {"a/y/ping", {"n2", "n3"}}};
  std::map<std::string, int> sent;
  std::vector<std::string> crashed;
  for (const Json& e : run.events) {
    if (Str(e, "type") == "crash") crashed.push_back(Str(e, "node"));
    if (!e.contains("kind")) continue;
    const std::string kind = Str(e, "kind");
    ASSERT_EQ(group.count(kind), 1u) << "unexpected kind " << kind;
    EXPECT_EQ(group.at(kind).count(Str(e, "to")), 1u) << e.dump();
    if (Str(e, "type") == "send") ++sent[kind];
  }
  EXPECT_GT(sent["a/x/ping"], 20);
  EXPECT_GT(sent["a/y/ping"], 20);
  EXPECT_EQ(crashed, std::vector<std::string>{"n2"});  // a/y's lowest member
  EXPECT_EQ(run.node_states[1].rfind("a: x: count=", 0), 0u) << run.node_states[1];
}

// The routing rule for a node outside every group (a router): it sends a client request
// in a group's namespace to a member, the member answers in that namespace, and the
// router's host, running no node of that group, hands the reply to its own node.
// kv.sharded: router n1, shard0 on n2..n4 and shard1 on n5..n7, clients routed to it.
TEST(SubModelTest, AGroupAnswersARouterOutsideItInTheGroupsNamespace) {
  sim::ScenarioSpec spec;
  spec.name = "router";
  spec.cluster.model = "kv.sharded";
  spec.cluster.nodes = 7;
  spec.cluster.params = {{"shards", "2"}, {"replicas", "3"}, {"keys", "4"}};
  spec.duration_ns = kSecond;
  spec.recovery_ns = 0;
  spec.workload.clients = 2;
  spec.workload.think_ns = 10 * kMillisecond;
  spec.workload.keys.count = 4;
  spec.workload.route = sim::Route{.policy = sim::RoutePolicy::kRole, .role = "router"};
  spec.network.defaults.latency = sim::Distribution::Constant(kMillisecond);
  sim::ModelRegistry models;
  models::RegisterBuiltinModels(models);
  const CapturedRun run = RunCapturingTrace(spec, models, 1);
  ASSERT_TRUE(run.ok);
  const std::map<std::string, std::set<std::string>> group = {
      {"shard0", {"n2", "n3", "n4"}}, {"shard1", {"n5", "n6", "n7"}}};
  std::map<std::string, int> delivered;  // "shard0/client.reply" -> deliveries to n1
  for (const Json& e : run.events) {
    if (Str(e, "type") != "deliver") continue;
    const std::string kind = Str(e, "kind");
    const std::string space = kind.substr(0, kind.find('/'));
    if (kind == space + "/client.req" && Str(e, "from") == "n1") {
      EXPECT_EQ(group.at(space).count(Str(e, "to")), 1u) << e.dump();
      ++delivered[kind];
    }
    if (kind == space + "/client.reply" && Str(e, "to") == "n1") {
      EXPECT_EQ(group.at(space).count(Str(e, "from")), 1u) << e.dump();
      ++delivered[kind];
    }
  }
  for (const char* kind : {"shard0/client.req", "shard0/client.reply", "shard1/client.req",
                           "shard1/client.reply"}) {
    EXPECT_GT(delivered[kind], 5) << kind;
  }
  // The router relayed what it got back: its describe counts the replies.
  EXPECT_EQ(run.node_states[0].find("relayed=0 "), std::string::npos) << run.node_states[0];
}

}  // namespace
}  // namespace faultline::testing
