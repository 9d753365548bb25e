// Two-node ping-pong through the full network model (latency sampling, loss and
// partition checks, FIFO links, trace hashing), the counterpart of SimGrid's ping-pong in
// ../shared/peers (simgrid_ring 2 1000000). Each delivery is one hop of the token.
//   build/bench/pingpong_bench --benchmark_counters_tabular=true
// bench/compare_peers.sh runs it beside the peers and prints the ratio.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "sim/model.h"
#include "sim/node.h"
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

// A Raft-sized message: AppendEntries with 64 entries, each a term, an index and a
// command (a Value list, as kv.raft logs them), bounced the same way. Measures what a
// heap-allocated body with nested fields costs per hop (copy on duplication aside).
struct Entry {
  int64_t term = 0;
  int64_t index = 0;
  Value command;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("index", index);
    v("command", command);
  }
};

struct AppendEntries {
  static constexpr std::string_view kKind = "append_entries";
  int64_t term = 0;
  int64_t hops_left = 0;
  int64_t prev_index = 0;
  int64_t commit = 0;
  std::vector<Entry> entries;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("hops_left", hops_left);
    v("prev_index", prev_index);
    v("commit", commit);
    v("entries", entries);
  }
};

constexpr int kBatchEntries = 64;
constexpr int64_t kBatchDeliveries = 100'000;

class BatchNode : public NodeOf<BatchNode, AppendEntries> {
 public:
  void OnStart(Context& ctx) override {
    if (ctx.self() != 0) return;
    AppendEntries m{1, kBatchDeliveries, 0, 0, {}};
    for (int i = 0; i < kBatchEntries; ++i) {
      m.entries.push_back(Entry{1, i + 1, Value::List({Value::Str("write"), Value::Str("k3"),
                                                       Value::Int(i)})});
    }
    ctx.Send(1, std::move(m));
  }
  void Handle(EndpointId from, const AppendEntries& msg, Context& ctx) {
    if (msg.hops_left <= 1) return;
    AppendEntries next = msg;  // a leader builds each batch anew from its log
    next.hops_left = msg.hops_left - 1;
    next.prev_index += kBatchEntries;
    ctx.Send(from, std::move(next));
  }
};

template <class N>
class TwoNodeModel : public Model {
 public:
  std::unique_ptr<Node> CreateNode(EndpointId) override { return std::make_unique<N>(); }
};

template <class N>
ModelRegistry TwoNodeRegistry() {
  ModelRegistry models;
  ModelInfo info;
  info.name = "bench.pingpong";
  info.create = [](const ModelConfig&, MessageKinds& kinds) {
    kinds.AddHandledBy<N>();
    return std::unique_ptr<Model>(new TwoNodeModel<N>());
  };
  models.Add(info);
  return models;
}

// Two nodes, 10us constant links, no clients: the message path alone.
ScenarioSpec TwoNodeSpec() {
  ScenarioSpec spec;
  spec.cluster.model = "bench.pingpong";
  spec.cluster.nodes = 2;
  spec.network.defaults.latency = Distribution::Constant(10 * kMicrosecond);
  spec.duration_ns = kHour;
  spec.recovery_ns = 0;
  spec.workload.clients = 0;
  spec.workload.final_reads = false;
  return spec;
}

void BM_PingPong(benchmark::State& state) {
  const ModelRegistry models = TwoNodeRegistry<PingPongNode>();
  const ScenarioSpec spec = TwoNodeSpec();
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

void BM_AppendEntries64(benchmark::State& state) {
  const ModelRegistry models = TwoNodeRegistry<BatchNode>();
  const ScenarioSpec spec = TwoNodeSpec();
  uint64_t delivered = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    Simulator sim(spec, models, RunOptions{});
    auto result = sim.Run();
    if (!result.ok()) state.SkipWithError("run failed");
    delivered = result->stats.messages_delivered;
    bytes = result->stats.bytes_sent;
    benchmark::DoNotOptimize(result->trace_hash);
  }
  if (delivered != static_cast<uint64_t>(kBatchDeliveries)) {
    state.SkipWithError("wrong delivery count");
  }
  state.counters["deliveries_per_s"] = benchmark::Counter(
      static_cast<double>(kBatchDeliveries), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_msg"] =
      static_cast<double>(bytes) / static_cast<double>(kBatchDeliveries);
}
BENCHMARK(BM_AppendEntries64)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
