// Two-node ping-pong through the full network model (latency sampling, loss and
// partition checks, FIFO links, trace hashing), the counterpart of SimGrid's ping-pong in
// ../shared/peers (simgrid_ring 2 1000000). Each delivery is one hop of the token.
//   build-release/bench/pingpong_bench --benchmark_counters_tabular=true
// bench/compare_peers.sh runs it beside the peers and prints the ratio.
#include <benchmark/benchmark.h>

#include <memory>

#include "sim/model.h"
#include "sim/simulator.h"

namespace {

using namespace faultline::sim;

constexpr int64_t kDeliveries = 1'000'000;

class PingPongNode : public Node {
 public:
  explicit PingPongNode(MessageKind kind) : kind_(kind) {}
  void OnStart(Context& ctx) override {
    if (ctx.self() == 0) ctx.Send(1, kind_, Fields{kDeliveries, 0, 0, 0, 0, 0});
  }
  void OnMessage(const Message& msg, Context& ctx) override {
    const int64_t hops_left = msg.fields[0] - 1;
    if (hops_left > 0) ctx.Send(msg.from, kind_, Fields{hops_left, 0, 0, 0, 0, 0});
  }
  void OnTimer(TimerId, uint64_t, Context&) override {}

 private:
  MessageKind kind_;
};

class PingPongModel : public Model {
 public:
  explicit PingPongModel(MessageKinds& kinds) : kind_(kinds.Register("ping", {"hops_left"})) {}
  std::unique_ptr<Node> CreateNode(EndpointId) override {
    return std::make_unique<PingPongNode>(kind_);
  }

 private:
  MessageKind kind_;
};

void BM_PingPong(benchmark::State& state) {
  ModelRegistry models;
  ModelInfo info;
  info.name = "bench.pingpong";
  info.functions = {OpFunction::kRead};
  info.create = [](const ModelConfig&, MessageKinds& kinds) {
    return std::unique_ptr<Model>(new PingPongModel(kinds));
  };
  models.Add(info);
  ScenarioSpec spec;
  spec.cluster.model = "bench.pingpong";
  spec.cluster.nodes = 2;
  spec.network.defaults.latency = Distribution::Constant(10 * kMicrosecond);
  spec.duration_ns = kHour;
  spec.recovery_ns = 0;
  spec.workload.clients = 0;
  spec.workload.final_reads = false;
  uint64_t delivered = 0;
  for (auto _ : state) {
    Simulator sim(spec, models, RunOptions{});
    auto result = sim.Run();
    if (!result.ok()) state.SkipWithError("run failed");
    delivered = result->stats.messages_delivered;
    benchmark::DoNotOptimize(result->trace_hash);
  }
  if (delivered != static_cast<uint64_t>(kDeliveries)) state.SkipWithError("wrong delivery count");
  state.counters["deliveries_per_s"] = benchmark::Counter(
      static_cast<double>(kDeliveries), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PingPong)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
