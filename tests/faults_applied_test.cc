// RunResult::faults_applied (sim/simulator.h): the faults a run applied, written down with
// nothing left to draw, so `faultline fuzz` can turn a random nemesis into a schedule a
// person reads and edits. kv.raft on five nodes runs every nemesis kind plus a schedule
// aimed at roles and random nodes; run again with the nemesis off and the recorded faults
// as its schedule, the same faults land at the same times on the same nodes.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/builtin_models.h"
#include "nlohmann/json.hpp"
#include "sim/simulator.h"
#include "tests/test_models.h"
#include "tests/trace_capture.h"

namespace faultline::testing {
namespace {

using sim::FaultAction;
using sim::PartitionSpec;
using Kind = FaultAction::Kind;
using Shape = PartitionSpec::Shape;

constexpr int kNodes = 5;

FaultAction At(Nanos at, Kind kind, std::string target = "", Nanos for_ns = 0) {
  FaultAction a;
  a.at_ns = at;
  a.kind = kind;
  a.target = std::move(target);
  a.for_ns = for_ns;
  return a;
}

FaultAction Partition(Nanos at, Nanos for_ns, Shape shape, std::string target = "") {
  FaultAction a = At(at, Kind::kPartition, "", for_ns);
  a.partition.shape = shape;
  a.partition.target = std::move(target);
  return a;
}

// Every nemesis kind, often, plus scheduled faults on roles ("leader", "follower") and
// "random", every partition shape, and the kinds the nemesis never draws.
sim::ScenarioSpec RaftUnderEveryFault() {
  sim::ScenarioSpec spec;
  spec.name = "faults-applied";
  spec.duration_ns = 12 * kSecond;
  spec.recovery_ns = 2 * kSecond;
  spec.cluster.model = "kv.raft";
  spec.cluster.nodes = kNodes;
  spec.network.defaults.latency = sim::Distribution::Lognormal(kMillisecond, 8 * kMillisecond);
  spec.workload.clients = 4;
  spec.workload.think_ns = 10 * kMillisecond;
  spec.workload.ops = {{"read", 0.4}, {"write", 0.4}, {"cas", 0.2}};
  spec.workload.keys.count = 3;
  spec.workload.timeout_ns = 500 * kMillisecond;

  sim::NemesisSpec& nemesis = spec.faults.random;
  nemesis.enabled = true;
  nemesis.interval_ns = sim::Distribution::Exponential(500 * kMillisecond);
  nemesis.fault_duration_ns = sim::Distribution::Uniform(200 * kMillisecond, 1500 * kMillisecond);
  nemesis.kinds = {"partition", "crash", "pause", "clock", "link"};

  FaultAction groups = Partition(3500 * kMillisecond, 400 * kMillisecond, Shape::kGroups);
  groups.partition.groups = {{"leader", "c1"}, {"random"}};
  FaultAction one_way = Partition(6 * kSecond, 400 * kMillisecond, Shape::kOneWay);
  one_way.partition.from = {"leader"};
  one_way.partition.to = {"random", "n1"};
  FaultAction drift = At(4500 * kMillisecond, Kind::kClockDrift, "random", kSecond);
  drift.drift_ppm = 300;
  FaultAction link = At(5 * kSecond, Kind::kLinkDegrade, "", kSecond);
  link.link.from = "leader";
  link.link.to = "*";
  link.link.latency = sim::Distribution::Constant(20 * kMillisecond);
  link.link.loss_ppm = 100'000;
  FaultAction jump = At(9500 * kMillisecond, Kind::kClockJump, "follower");
  jump.clock_jump_ns = 200 * kMillisecond;
  spec.faults.schedule = {
      At(1 * kSecond, Kind::kCrash, "leader", 800 * kMillisecond),
      Partition(2 * kSecond, 700 * kMillisecond, Shape::kIsolate, "leader"),
      Partition(3 * kSecond, 500 * kMillisecond, Shape::kHalves),
      groups,
      At(4 * kSecond, Kind::kPause, "follower", 300 * kMillisecond),
      drift,
      link,
      Partition(5500 * kMillisecond, 400 * kMillisecond, Shape::kBridge, "random"),
      one_way,
      At(6500 * kMillisecond, Kind::kPause, "random"),
      At(6500 * kMillisecond, Kind::kResume, "n1"),
      At(6500 * kMillisecond, Kind::kResume, "n2"),
      At(6500 * kMillisecond, Kind::kResume, "n3"),
      At(6500 * kMillisecond, Kind::kResume, "n4"),
      At(6500 * kMillisecond, Kind::kResume, "n5"),
      At(7500 * kMillisecond, Kind::kCrash, "random"),
      At(8 * kSecond, Kind::kRestart, "n1"),
      At(8 * kSecond, Kind::kRestart, "n2"),
      At(8 * kSecond, Kind::kRestart, "n3"),
      At(8 * kSecond, Kind::kRestart, "n4"),
      At(8 * kSecond, Kind::kRestart, "n5"),
      Partition(8500 * kMillisecond, 300 * kMillisecond, Shape::kMajorityRing),
      At(9 * kSecond, Kind::kHeal),
      jump,
  };
  return spec;
}

CapturedRun RunSeed(const sim::ScenarioSpec& spec, uint64_t seed) {
  sim::ModelRegistry models;
  models::RegisterBuiltinModels(models);
  RegisterTestModels(models);
  CapturedRun run = RunCapturingTrace(spec, models, seed);
  EXPECT_TRUE(run.ok);
  return run;
}

// A name a replayed schedule cannot hold: it would draw, or ask who holds a role.
bool Unresolved(const std::string& name) {
  return name == "random" || name == "leader" || name == "primary" || name == "follower" ||
         name.starts_with("role:");
}

bool IsNodeName(const std::string& name) {
  for (int i = 1; i <= kNodes; ++i) {
    if (name == absl::StrCat("n", i)) return true;
  }
  return false;
}

// Every name an action holds: its target, its partition's and its link's.
std::vector<std::string> NamesIn(const FaultAction& a) {
  std::vector<std::string> names = {a.target, a.partition.target, a.link.from, a.link.to};
  for (const auto& g : a.partition.groups) names.insert(names.end(), g.begin(), g.end());
  names.insert(names.end(), a.partition.from.begin(), a.partition.from.end());
  names.insert(names.end(), a.partition.to.begin(), a.partition.to.end());
  return names;
}

// One line per action, every field a replay acts on, for comparing and for messages.
std::string Describe(const FaultAction& a) {
  std::vector<std::string> groups;
  for (const auto& g : a.partition.groups) groups.push_back(absl::StrJoin(g, ","));
  return absl::StrCat("at=", a.at_ns, " kind=", static_cast<int>(a.kind), " for=", a.for_ns,
                      " target=", a.target, " partition=", static_cast<int>(a.partition.shape), ":",
                      a.partition.target, ":", absl::StrJoin(groups, "|"), ":",
                      absl::StrJoin(a.partition.from, ","), "->",
                      absl::StrJoin(a.partition.to, ","), " jump=", a.clock_jump_ns,
                      " drift=", a.drift_ppm, " link=", a.link.from, "->", a.link.to, ":",
                      a.link.latency ? a.link.latency->Describe(true) : "-", ":",
                      a.link.loss_ppm ? absl::StrCat(*a.link.loss_ppm) : "-");
}

std::vector<std::string> DescribeAll(const std::vector<FaultAction>& actions) {
  std::vector<std::string> out;
  for (const FaultAction& a : actions) out.push_back(Describe(a));
  return out;
}

// The trace's fault events (crash, restart, pause, resume, partition, heal, clock, link),
// with time, node and text, the end of the workload's healing included.
std::vector<std::string> FaultEvents(const CapturedRun& run) {
  static const std::set<std::string> kFaultTypes = {"crash",     "restart", "pause", "resume",
                                                    "partition", "heal",    "clock", "link"};
  std::vector<std::string> out;
  for (const nlohmann::json& e : run.events) {
    const std::string type = e["type"];
    if (!kFaultTypes.count(type)) continue;
    out.push_back(absl::StrCat(e["t"].get<Nanos>(), " ", type, " ", e.value("node", "-"), " ",
                               e.value("text", ""), " ", e.value("local", int64_t{0})));
  }
  return out;
}

// Every event but the "... skipped" notes (a skipped fault is not recorded, so a replay
// has no note of it), without its index, which those notes shift.
std::vector<std::string> EventsButSkipNotes(const CapturedRun& run) {
  std::vector<std::string> out;
  for (nlohmann::json e : run.events) {
    if (e["type"] == "note" && e.value("text", "").find(" skipped: ") != std::string::npos) {
      continue;
    }
    e.erase("i");
    out.push_back(e.dump());
  }
  return out;
}

TEST(FaultsAppliedTest, NemesisFaultsAreRecordedWithConcreteTargetsInTheWorkload) {
  const sim::ScenarioSpec spec = RaftUnderEveryFault();
  const CapturedRun run = RunSeed(spec, 1);
  ASSERT_GT(run.faults_applied.size(), 30u);
  std::set<Kind> kinds;
  std::set<Shape> shapes;
  Nanos last_ns = 0;
  for (const FaultAction& a : run.faults_applied) {
    const std::string what = Describe(a);
    kinds.insert(a.kind);
    if (a.kind == Kind::kPartition) shapes.insert(a.partition.shape);
    for (const std::string& name : NamesIn(a)) EXPECT_FALSE(Unresolved(name)) << what;
    const bool on_node =
        a.kind != Kind::kPartition && a.kind != Kind::kHeal && a.kind != Kind::kLinkDegrade;
    if (on_node) {
      EXPECT_TRUE(IsNodeName(a.target)) << what;
    }
    if (a.kind == Kind::kLinkDegrade) {
      EXPECT_TRUE(IsNodeName(a.link.from)) << what;
    }
    EXPECT_GE(a.at_ns, last_ns) << what;
    EXPECT_LE(a.at_ns, spec.duration_ns) << what;
    EXPECT_EQ(a.loc.line, 0) << what;
    last_ns = a.at_ns;
  }
  EXPECT_EQ(kinds.size(), 9u) << "every fault kind, the nemesis's and the schedule's";
  // Halves and groups are both recorded as groups; the rest keep their shape.
  EXPECT_EQ(shapes, (std::set<Shape>{Shape::kIsolate, Shape::kMajorityRing, Shape::kBridge,
                                     Shape::kGroups, Shape::kOneWay}));
}

TEST(FaultsAppliedTest, ReplayingTheRecordedFaultsAppliesTheSameFaults) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const sim::ScenarioSpec spec = RaftUnderEveryFault();
    const CapturedRun original = RunSeed(spec, seed);
    sim::ScenarioSpec replay_spec = spec;
    replay_spec.faults.random.enabled = false;
    replay_spec.faults.schedule = original.faults_applied;
    const CapturedRun replay = RunSeed(replay_spec, seed);

    const std::vector<std::string> faults = FaultEvents(original);
    ASSERT_GT(faults.size(), 40u) << "seed " << seed;
    EXPECT_EQ(FaultEvents(replay), faults) << "seed " << seed;
    EXPECT_EQ(DescribeAll(replay.faults_applied), DescribeAll(original.faults_applied))
        << "seed " << seed;
    // The faults draw from their own stream, so nothing else moves either: the replay is
    // the same run, message by message.
    EXPECT_EQ(EventsButSkipNotes(replay), EventsButSkipNotes(original)) << "seed " << seed;
  }
}

TEST(FaultsAppliedTest, SkippedFaultsAndFaultsAfterTheWorkloadAreNotRecorded) {
  sim::ScenarioSpec spec = GossipScenario(3);  // test.gossip: no node holds a role
  spec.duration_ns = 5 * kSecond;
  spec.faults.schedule = {
      At(1 * kSecond, Kind::kCrash, "n2"),
      At(2 * kSecond, Kind::kCrash, "n2"),      // already crashed
      At(2 * kSecond, Kind::kRestart, "n3"),    // not crashed
      At(2 * kSecond, Kind::kResume, "n1"),     // not paused
      At(3 * kSecond, Kind::kPause, "leader"),  // no node leads
      At(3 * kSecond, Kind::kCrash, "c1"),      // a client
      Partition(3 * kSecond, 0, Shape::kIsolate, "leader"),
      At(4 * kSecond, Kind::kPause, "n1", 100 * kMillisecond),
      At(6 * kSecond, Kind::kCrash, "n1"),  // in recovery: the workload is over
  };
  const CapturedRun run = RunSeed(spec, 1);
  EXPECT_EQ(DescribeAll(run.faults_applied),
            DescribeAll({At(1 * kSecond, Kind::kCrash, "n2"),
                         At(4 * kSecond, Kind::kPause, "n1", 100 * kMillisecond)}));
}

}  // namespace
}  // namespace faultline::testing
