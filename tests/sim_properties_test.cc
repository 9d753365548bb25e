// Properties of the simulator core, over random scenarios (RapidCheck):
//   - same seed, same trace hash;
//   - events never go back in time;
//   - with no loss, duplication or partition, every message is delivered exactly once;
//   - nothing crosses a partition;
//   - a local clock stays within its skew and drift bounds.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/clock.h"
#include "sim/simulator.h"
#include "tests/test_models.h"
#include "tests/trace_capture.h"

namespace faultline::testing {
namespace {

using sim::Distribution;

const sim::ModelRegistry& Models() {
  static const sim::ModelRegistry* registry = [] {
    auto* r = new sim::ModelRegistry();
    RegisterTestModels(*r);
    return r;
  }();
  return *registry;
}

using TracedRun = CapturedRun;

TracedRun RunTraced(const sim::ScenarioSpec& spec, uint64_t seed, bool keep_trace = true) {
  TracedRun run = RunCapturingTrace(spec, Models(), seed, keep_trace);
  RC_ASSERT(run.ok);
  return run;
}

Distribution GenLatency() {
  const int kind = *rc::gen::inRange(0, 5);
  const double base = *rc::gen::inRange(1, 50) * kMillisecond / 10.0;
  switch (kind) {
    case 0:
      return Distribution::Constant(base);
    case 1:
      return Distribution::Uniform(base, base * 4);
    case 2:
      return Distribution::Exponential(base);
    case 3:
      return Distribution::Lognormal(base, base * 10);
    default:
      return Distribution::Pareto(base, 1.5);
  }
}

// A random scenario on the echo model with clients and, optionally, faults.
sim::ScenarioSpec GenScenario(bool with_faults) {
  sim::ScenarioSpec spec;
  spec.name = "random";
  spec.cluster.model = *rc::gen::element<std::string>("test.echo", "test.gossip");
  spec.cluster.nodes = *rc::gen::inRange(1, 6);
  spec.duration_ns = *rc::gen::inRange(1, 20) * 100 * kMillisecond;
  spec.recovery_ns = *rc::gen::inRange(0, 5) * 100 * kMillisecond;
  spec.network.defaults.latency = GenLatency();
  spec.network.defaults.loss_ppm = *rc::gen::inRange(0, 200'000);
  spec.network.defaults.duplicate_ppm = *rc::gen::inRange(0, 100'000);
  spec.network.defaults.reorder = *rc::gen::arbitrary<bool>();
  spec.clocks.skew_ns = Distribution::Uniform(-20 * kMillisecond, 20 * kMillisecond);
  spec.clocks.drift_ppm = Distribution::Uniform(-200, 200);
  spec.workload.clients = *rc::gen::inRange(0, 5);
  spec.workload.rate_per_s = *rc::gen::element(0.0, 50.0, 500.0);
  spec.workload.timeout_ns = 200 * kMillisecond;
  spec.workload.keys.count = *rc::gen::inRange(1, 8);
  if (*rc::gen::arbitrary<bool>()) spec.workload.keys.dist = sim::KeysSpec::Dist::kZipfian;
  if (spec.cluster.model == "test.echo") {
    spec.workload.ops = {{"read", 0.5}, {"write", 0.5}};
  } else {
    spec.workload.clients = 0;
  }
  if (with_faults) {
    spec.faults.random.enabled = true;
    spec.faults.random.interval_ns = Distribution::Exponential(300 * kMillisecond);
    spec.faults.random.fault_duration_ns = Distribution::Uniform(50 * kMillisecond, 400 * kMillisecond);
    spec.faults.random.kinds = {"partition", "crash", "pause", "clock", "link"};
  }
  return spec;
}

RC_GTEST_PROP(SimulatorProperties, SameSeedSameTraceHash, (uint64_t seed)) {
  const sim::ScenarioSpec spec = GenScenario(*rc::gen::arbitrary<bool>());
  const uint64_t first = RunTraced(spec, seed, /*keep_trace=*/false).hash;
  const uint64_t second = RunTraced(spec, seed, /*keep_trace=*/false).hash;
  RC_ASSERT(first == second);
}

TEST(SimulatorProperties, DifferentSeedsGiveDifferentTraces) {
  sim::ScenarioSpec spec = GossipScenario(4);
  spec.network.defaults.latency = Distribution::Exponential(2 * kMillisecond);
  std::map<uint64_t, uint64_t> seen;  // hash -> seed
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const uint64_t h = RunTraced(spec, seed, false).hash;
    EXPECT_EQ(seen.count(h), 0u) << "seeds " << seen[h] << " and " << seed << " collide";
    seen[h] = seed;
  }
}

RC_GTEST_PROP(SimulatorProperties, EventsNeverGoBackInTime, (uint64_t seed)) {
  const TracedRun run = RunTraced(GenScenario(/*with_faults=*/true), seed);
  Nanos last = 0;
  for (const auto& e : run.events) {
    const Nanos t = e["t"].get<Nanos>();
    RC_ASSERT(t >= last);
    last = t;
  }
}

RC_GTEST_PROP(SimulatorProperties, PerfectNetworkDeliversEveryMessageOnce, (uint64_t seed)) {
  sim::ScenarioSpec spec = GossipScenario(*rc::gen::inRange(2, 8));
  spec.network.defaults.latency = GenLatency();
  spec.network.defaults.reorder = *rc::gen::arbitrary<bool>();
  // Gossip stops by itself long before the run ends, even with pareto tails; cap the tail.
  spec.duration_ns = 3600 * kSecond;
  const TracedRun run = RunTraced(spec, seed);
  std::map<uint64_t, int> sends, deliveries;
  for (const auto& e : run.events) {
    const std::string type = e["type"];
    RC_ASSERT(type != "drop" && type != "duplicate");
    if (type == "send") ++sends[e["msg"].get<uint64_t>()];
    if (type == "deliver") ++deliveries[e["msg"].get<uint64_t>()];
  }
  RC_ASSERT(!sends.empty());
  RC_ASSERT(sends == deliveries);
  for (const auto& [id, n] : deliveries) RC_ASSERT(n == 1);
}

RC_GTEST_PROP(SimulatorProperties, NothingCrossesAPartition, (uint64_t seed)) {
  const int nodes = *rc::gen::inRange(2, 8);
  sim::ScenarioSpec spec = GossipScenario(nodes);
  spec.cluster.params = {{"fanout", "6"}, {"hops", "400"}};
  spec.network.defaults.latency = GenLatency();
  spec.network.defaults.reorder = *rc::gen::arbitrary<bool>();
  // Explicit groups or a one-way cut: the test knows exactly which links are cut.
  std::vector<int> group(nodes);
  for (int& g : group) g = *rc::gen::inRange(0, 3);
  const bool one_way = *rc::gen::arbitrary<bool>();
  sim::FaultAction cut;
  cut.kind = sim::FaultAction::Kind::kPartition;
  cut.at_ns = *rc::gen::inRange(0, 50) * kMillisecond;
  cut.for_ns = *rc::gen::inRange(1, 300) * kMillisecond;
  cut.partition.shape = one_way ? sim::PartitionSpec::Shape::kOneWay
                                : sim::PartitionSpec::Shape::kGroups;
  if (!one_way) cut.partition.groups.resize(3);
  for (int n = 0; n < nodes; ++n) {
    const std::string name = "n" + std::to_string(n + 1);
    if (one_way) {
      (group[n] == 0 ? cut.partition.from : cut.partition.to).push_back(name);
    } else {
      cut.partition.groups[group[n]].push_back(name);
    }
  }
  if (!one_way) {
    std::erase_if(cut.partition.groups, [](const auto& g) { return g.empty(); });
  }
  auto blocked = [&](int from, int to) {
    return one_way ? group[from] == 0 && group[to] != 0 : group[from] != group[to];
  };
  spec.faults.schedule.push_back(cut);
  const TracedRun run = RunTraced(spec, seed);
  bool partitioned = false;
  int deliveries_during = 0;
  for (const auto& e : run.events) {
    const std::string type = e["type"];
    if (type == "partition") partitioned = true;
    if (type == "heal") partitioned = false;
    if (type != "deliver" || !partitioned) continue;
    const int from = std::stoi(e["from"].get<std::string>().substr(1)) - 1;
    const int to = std::stoi(e["to"].get<std::string>().substr(1)) - 1;
    RC_ASSERT(!blocked(from, to));
    ++deliveries_during;
  }
  RC_TAG(deliveries_during > 0 ? "traffic during the cut" : "quiet during the cut");
}

RC_GTEST_PROP(SimulatorProperties, LocalClockStaysWithinSkewAndDrift, ()) {
  const Nanos offset = *rc::gen::inRange<Nanos>(-kSecond, kSecond);
  const int64_t drift_ppm = *rc::gen::inRange<int64_t>(-1000, 1001);
  sim::LocalClock clock(offset, drift_ppm);
  Nanos t = 0;
  Nanos last_local = clock.Read(0);
  for (int i = 0; i < 50; ++i) {
    t += *rc::gen::inRange<Nanos>(0, 10 * kSecond);
    const Nanos local = clock.Read(t);
    const Nanos error = local - t - offset;
    const Nanos bound = (std::abs(drift_ppm) * t) / 1'000'000 + 1;
    RC_ASSERT(std::abs(error) <= bound);
    RC_ASSERT(local >= last_local);  // no jumps here, so the clock never runs backwards
    last_local = local;
    // A timer set for d local nanoseconds fires no earlier than d local nanoseconds on.
    const Nanos d = *rc::gen::inRange<Nanos>(0, kSecond);
    RC_ASSERT(clock.Read(t + clock.TrueDelay(d)) - local >= d);
  }
}

}  // namespace
}  // namespace faultline::testing
