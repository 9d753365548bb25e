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

// Two fields, as the target says: the typed-message path with a small body.
struct Ping {
  static constexpr std::string_view kKind = "ping";
  int64_t hops_left = 0;
  int64_t round = 0;
  template <class V>
  void Fields(V& v) {
    v("hops_left", hops_left);
    v("round", round);
  }
};

class PingPongNode : public NodeOf<PingPongNode, Ping> {
 public:
  void OnStart(Context& ctx) override {
    if (ctx.self() == 0) ctx.Send(1, Ping{kDeliveries, 0});
  }
  void Handle(EndpointId from, const Ping& msg, Context& ctx) {
    const int64_t hops_left = msg.hops_left - 1;
    if (hops_left > 0) ctx.Send(from, Ping{hops_left, msg.round + 1});
  }
};

class PingPongModel : public Model {
 public:
  std::unique_ptr<Node> CreateNode(EndpointId) override {
    return std::make_unique<PingPongNode>();
  }
};

void BM_PingPong(benchmark::State& state) {
  ModelRegistry models;
  ModelInfo info;
  info.name = "bench.pingpong";
  info.create = [](const ModelConfig&, MessageKinds& kinds) {
    kinds.AddHandledBy<PingPongNode>();
    return std::unique_ptr<Model>(new PingPongModel());
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
