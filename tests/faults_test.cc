// Fault undos undo only the fault that scheduled them: a partition's `for` does not heal a
// newer partition, a crash's `restart_after` does not restart a later crash, a pause's
// `for` does not end a later pause. (Regression tests for overlapping schedules.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/simulator.h"
#include "tests/test_models.h"
#include "tests/trace_capture.h"

namespace faultline::testing {
namespace {

using sim::FaultAction;

struct Event {
  Nanos t;
  std::string type;
  std::string node;
};

std::vector<Event> RunTrace(const sim::ScenarioSpec& spec) {
  sim::ModelRegistry models;
  RegisterTestModels(models);
  const CapturedRun run = RunCapturingTrace(spec, models, /*seed=*/1);
  EXPECT_TRUE(run.ok);
  std::vector<Event> events;
  for (const auto& j : run.events) {
    events.push_back({j["t"].get<Nanos>(), j["type"].get<std::string>(),
                      j.contains("node") ? j["node"].get<std::string>() : ""});
  }
  return events;
}

FaultAction At(Nanos at, FaultAction::Kind kind, std::string target = "n1") {
  FaultAction a;
  a.at_ns = at;
  a.kind = kind;
  a.target = std::move(target);
  return a;
}

int Count(const std::vector<Event>& events, const std::string& type, Nanos before) {
  int n = 0;
  for (const Event& e : events) n += e.type == type && e.t < before ? 1 : 0;
  return n;
}

sim::ScenarioSpec Base() {
  sim::ScenarioSpec spec = GossipScenario(3);
  spec.duration_ns = 6 * kSecond;
  return spec;
}

TEST(FaultUndoTest, PartitionForDoesNotHealANewerPartition) {
  sim::ScenarioSpec spec = Base();
  FaultAction first = At(1 * kSecond, FaultAction::Kind::kPartition);
  first.partition.shape = sim::PartitionSpec::Shape::kIsolate;
  first.partition.target = "n3";
  first.for_ns = 2 * kSecond;
  FaultAction second = At(2 * kSecond, FaultAction::Kind::kPartition);
  second.partition.shape = sim::PartitionSpec::Shape::kIsolate;
  second.partition.target = "n2";
  spec.faults.schedule = {first, second};
  const auto events = RunTrace(spec);
  EXPECT_EQ(Count(events, "partition", spec.duration_ns), 2);
  EXPECT_EQ(Count(events, "heal", spec.duration_ns), 0);  // only the end of the workload heals
}

TEST(FaultUndoTest, PartitionForHealsItsOwnPartition) {
  sim::ScenarioSpec spec = Base();
  FaultAction cut = At(1 * kSecond, FaultAction::Kind::kPartition);
  cut.partition.shape = sim::PartitionSpec::Shape::kHalves;
  cut.for_ns = 2 * kSecond;
  spec.faults.schedule = {cut};
  const auto events = RunTrace(spec);
  EXPECT_EQ(Count(events, "heal", 3 * kSecond + 1), 1);
}

TEST(FaultUndoTest, RestartAfterDoesNotRestartALaterCrash) {
  sim::ScenarioSpec spec = Base();
  FaultAction crash = At(1 * kSecond, FaultAction::Kind::kCrash);
  crash.for_ns = 2 * kSecond;  // restart_after: would fire at 3s
  spec.faults.schedule = {crash, At(1500 * kMillisecond, FaultAction::Kind::kRestart),
                          At(2500 * kMillisecond, FaultAction::Kind::kCrash)};
  const auto events = RunTrace(spec);
  EXPECT_EQ(Count(events, "crash", spec.duration_ns), 2);
  EXPECT_EQ(Count(events, "restart", spec.duration_ns), 1);  // the explicit one at 1.5s
  EXPECT_EQ(Count(events, "restart", spec.duration_ns + 1), 2);  // and the end's heal
}

TEST(FaultUndoTest, PauseForDoesNotEndALaterPause) {
  sim::ScenarioSpec spec = Base();
  FaultAction pause = At(1 * kSecond, FaultAction::Kind::kPause);
  pause.for_ns = 3 * kSecond;  // would resume at 4s
  spec.faults.schedule = {pause, At(2 * kSecond, FaultAction::Kind::kResume),
                          At(2500 * kMillisecond, FaultAction::Kind::kPause)};
  const auto events = RunTrace(spec);
  EXPECT_EQ(Count(events, "pause", spec.duration_ns), 2);
  EXPECT_EQ(Count(events, "resume", spec.duration_ns), 1);
}

TEST(FaultUndoTest, LinkFaultUndoLeavesPartitionsAlone) {
  sim::ScenarioSpec spec = Base();
  FaultAction cut = At(1 * kSecond, FaultAction::Kind::kPartition);
  cut.partition.shape = sim::PartitionSpec::Shape::kHalves;
  FaultAction link = At(2 * kSecond, FaultAction::Kind::kLinkDegrade);
  link.link.from = "n1";
  link.link.loss_ppm = 1'000'000;
  link.for_ns = 500 * kMillisecond;
  spec.faults.schedule = {cut, link};
  const auto events = RunTrace(spec);
  EXPECT_EQ(Count(events, "heal", spec.duration_ns), 0);
  EXPECT_EQ(Count(events, "link", spec.duration_ns), 2);  // degrade, then its undo
}

}  // namespace
}  // namespace faultline::testing
