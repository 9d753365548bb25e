// Availability in and outside fault windows (sim/op_metrics.h): an op counts as "in
// faults" when a fault is in force at its invocation. On the echo model, which answers
// every op at once, an op fails only when a fault stops it, so the split is exact.
#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "tests/test_models.h"

namespace faultline::testing {
namespace {

using sim::FaultAction;

sim::ScenarioSpec EchoScenario() {
  sim::ScenarioSpec spec;
  spec.name = "echo";
  spec.cluster.model = "test.echo";
  spec.cluster.nodes = 1;
  spec.duration_ns = 10 * kSecond;
  spec.recovery_ns = 500 * kMillisecond;
  spec.network.defaults.latency = sim::Distribution::Constant(kMillisecond);
  spec.workload.clients = 1;
  spec.workload.think_ns = 10 * kMillisecond;
  spec.workload.timeout_ns = 100 * kMillisecond;
  spec.workload.ops = {{"read", 0.5}, {"write", 0.5}};
  spec.workload.final_reads = false;
  return spec;
}

sim::RunStats RunEcho(const sim::ScenarioSpec& spec) {
  sim::ModelRegistry models;
  RegisterTestModels(models);
  sim::Simulator simulator(spec, models, sim::RunOptions{});
  absl::StatusOr<sim::RunResult> r = simulator.Run();
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(r->stats) : sim::RunStats();
}

FaultAction At(Nanos at, FaultAction::Kind kind, Nanos for_ns) {
  FaultAction a;
  a.at_ns = at;
  a.kind = kind;
  a.target = "n1";
  a.for_ns = for_ns;
  return a;
}

TEST(FaultWindowsTest, NoFaultsMeansEveryOpIsOutside) {
  const sim::RunStats s = RunEcho(EchoScenario());
  EXPECT_EQ(s.op_metrics.in_faults().ops, 0u);
  EXPECT_GT(s.op_metrics.outside_faults().ops, 400u);
  EXPECT_EQ(s.op_metrics.outside_faults().ok, s.op_metrics.outside_faults().ops);
  EXPECT_EQ(s.op_metrics.ok_latency_by_f().at("read").max(), 2 * kMillisecond);
}

TEST(FaultWindowsTest, OpsInvokedWhileCrashedAreInFaults) {
  sim::ScenarioSpec spec = EchoScenario();
  spec.faults.schedule = {At(2 * kSecond, FaultAction::Kind::kCrash, 3 * kSecond)};
  const sim::RunStats s = RunEcho(spec);
  const sim::Availability& in = s.op_metrics.in_faults();
  const sim::Availability& out = s.op_metrics.outside_faults();
  // Crashed 3s of 10s: each op invoked then times out after 100ms (+10ms think).
  EXPECT_GT(in.ops, 20u);
  EXPECT_LT(in.ops, 40u);
  EXPECT_EQ(in.ok, 0u);
  // An op invoked just before the crash also times out: outside, and not ok.
  EXPECT_GE(out.ok + 1, out.ops);
  EXPECT_EQ(in.ops + out.ops, s.ops_invoked);
}

TEST(FaultWindowsTest, AClockJumpLastsUntilTheWorkloadEnds) {
  sim::ScenarioSpec spec = EchoScenario();
  FaultAction jump = At(5 * kSecond, FaultAction::Kind::kClockJump, 0);
  jump.clock_jump_ns = 300 * kMillisecond;
  spec.faults.schedule = {jump};
  const sim::RunStats s = RunEcho(spec);
  // About half the workload's ops come after the jump; the echo model ignores clocks, so
  // every op is still ok.
  const uint64_t in = s.op_metrics.in_faults().ops;
  const uint64_t out = s.op_metrics.outside_faults().ops;
  EXPECT_GT(in * 10, (in + out) * 4);
  EXPECT_LT(in * 10, (in + out) * 6);
  EXPECT_EQ(s.op_metrics.in_faults().ok, in);
}

TEST(FaultWindowsTest, ADriftWindowEndsAtItsUndo) {
  sim::ScenarioSpec spec = EchoScenario();
  FaultAction drift = At(1 * kSecond, FaultAction::Kind::kClockDrift, 1 * kSecond);
  drift.drift_ppm = 500;
  spec.faults.schedule = {drift};
  const sim::RunStats s = RunEcho(spec);
  const uint64_t in = s.op_metrics.in_faults().ops;
  const uint64_t out = s.op_metrics.outside_faults().ops;
  EXPECT_GT(in * 100, (in + out) * 8);  // about 10% of the ops
  EXPECT_LT(in * 100, (in + out) * 12);
}

TEST(FaultWindowsTest, FinalPhaseOpsCountAsOutside) {
  sim::ScenarioSpec spec = EchoScenario();
  spec.workload.final_reads = true;
  // Crashed from 9s with no restart: the heal at the end of the workload (10s) restarts it.
  spec.faults.schedule = {At(9 * kSecond, FaultAction::Kind::kCrash, 0)};
  const sim::RunStats s = RunEcho(spec);
  EXPECT_GT(s.final_ops, 0u);
  EXPECT_GE(s.op_metrics.outside_faults().ops, s.final_ops);
  EXPECT_GT(s.op_metrics.in_faults().ops, 0u);
  EXPECT_EQ(s.op_metrics.in_faults().ok, 0u);
  // Every final read is ok: the node is back, and they count outside.
  EXPECT_GE(s.op_metrics.outside_faults().ok, s.final_ops);
}

}  // namespace
}  // namespace faultline::testing
