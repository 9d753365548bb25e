// Scheduler throughput with no-op events, against a bare event loop in the same run.
//
// Both loops do what ../shared/peers/des_floor.cpp does: PENDING events in the queue, each
// executed event schedules one new event at now + uniform[1, 1e6] ticks. The baseline is a
// std::priority_queue of 24-byte events (the DES floor); ours is sim::Scheduler.
//   build/bench/scheduler_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <queue>
#include <vector>

#include "sim/rng.h"
#include "sim/scheduler.h"

namespace {

constexpr int64_t kEvents = 10'000'000;

struct FloorEvent {
  uint64_t time, seq;
  uint32_t cb;
};
struct Later {
  bool operator()(const FloorEvent& a, const FloorEvent& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

void BM_BareEventLoop(benchmark::State& state) {
  const auto pending = static_cast<uint64_t>(state.range(0));
  for (auto _ : state) {
    uint64_t rng = 1, seq = 0, now = 0, checksum = 0;
    std::priority_queue<FloorEvent, std::vector<FloorEvent>, Later> q;
    for (uint64_t i = 0; i < pending; ++i) q.push({faultline::sim::SplitMix64(rng) % 1000000, seq++, 0});
    for (int64_t i = 0; i < kEvents; ++i) {
      FloorEvent ev = q.top();
      q.pop();
      now = ev.time;
      checksum += now;
      q.push({now + 1 + faultline::sim::SplitMix64(rng) % 1000000, seq++, ev.cb});
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(kEvents), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BareEventLoop)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Scheduler(benchmark::State& state) {
  const auto pending = static_cast<uint64_t>(state.range(0));
  for (auto _ : state) {
    faultline::sim::Rng rng(1);
    faultline::sim::Scheduler s;
    s.Reserve(pending + 1);
    uint64_t checksum = 0;
    for (uint64_t i = 0; i < pending; ++i) s.Schedule(static_cast<int64_t>(rng.Below(1000000)), 0, 0, 0);
    for (int64_t i = 0; i < kEvents; ++i) {
      const faultline::sim::Event ev = *s.PopNext();
      checksum += static_cast<uint64_t>(ev.time);
      s.Schedule(ev.time + 1 + static_cast<int64_t>(rng.Below(1000000)), ev.kind, ev.target, ev.arg);
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(kEvents), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Scheduler)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
