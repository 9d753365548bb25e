// The linearizability checker on the histories Porcupine 1.3 was timed on, and on
// generated histories (checkers/history_generator.h):
//   - BM_EtcdAll: the 102 non-empty Jepsen etcd histories, all checked per iteration;
//   - BM_Etcd002: etcd_002 alone (Porcupine's slowest);
//   - BM_KvC50Ok: kv/c50-ok.txt, key by key;
//   - BM_KvC10OkUnsplit: kv/c10-ok.txt as one un-partitioned map (split_partitions false);
//   - BM_GeneratedKv/N: a per-key kv history of N ops (1,000 keys, 32 clients); the fitted
//     complexity (BM_GeneratedKv_BigO) shows how time grows with N;
//   - BM_SingleRegister/info_ppm:P: one register, 16 clients, 10,000 ops, without info
//     ops and with 1%, under a time budget: the label says the verdict (or unknown).
// Histories are read or generated once, outside the timed loop; every verdict is checked
// (a benchmark of a wrong answer stops with an error). bench/checker.sh prints the figures
// beside Porcupine's. The test data is vendored in tests/testdata/porcupine.
//   build/bench/checker_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "checkers/history_generator.h"
#include "checkers/history_reader.h"
#include "checkers/linearizability.h"
#include "checkers/spec.h"

namespace {

namespace fs = std::filesystem;
using namespace faultline::checkers;

// The single register's budget, in CPU seconds (so that other jobs on the machine do not
// change the verdict): past it the verdict is unknown, which is an answer too.
constexpr std::clock_t kSingleRegisterBudgetTicks = 10 * CLOCKS_PER_SEC;

fs::path PorcupineDir() {
  return fs::path(FAULTLINE_SOURCE_DIR) / "tests" / "testdata" / "porcupine";
}

// expected.tsv: file name -> "linearizable" | "not-linearizable".
std::map<std::string, std::string> ExpectedVerdicts() {
  std::map<std::string, std::string> out;
  std::ifstream tsv(PorcupineDir() / "expected.tsv");
  std::string row;
  while (std::getline(tsv, row)) {
    std::istringstream cols(row);
    std::string file, format, model, invocations, info, processes, expected;
    if (cols >> file >> format >> model >> invocations >> info >> processes >> expected) {
      out[file] = expected;
    }
  }
  return out;
}

struct Loaded {
  std::string name;  // relative to PorcupineDir(), as in expected.tsv
  History history;
  Verdict expected = Verdict::kLinearizable;
};

// Reads `names`; an error (missing data, a bad file) is returned instead.
std::pair<std::vector<Loaded>, std::string> Load(const std::vector<std::string>& names) {
  const std::map<std::string, std::string> expected = ExpectedVerdicts();
  std::vector<Loaded> out;
  for (const std::string& name : names) {
    absl::StatusOr<History> h =
        ReadHistoryFile((PorcupineDir() / name).string(), HistoryFormat::kAuto);
    if (!h.ok()) return {{}, std::string(h.status().message())};
    const auto it = expected.find(name);
    if (it == expected.end()) return {{}, name + " is not in expected.tsv"};
    out.push_back(
        {name, *std::move(h),
         it->second == "linearizable" ? Verdict::kLinearizable : Verdict::kNotLinearizable});
  }
  return {std::move(out), ""};
}

// The non-empty jepsen/etcd_*.log files, sorted (etcd_095 is empty: no verdict).
std::vector<std::string> EtcdNames() {
  std::vector<std::string> names;
  const fs::path dir = PorcupineDir() / "jepsen";
  if (!fs::is_directory(dir)) return names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".log" && e.file_size() > 0) {
      names.push_back("jepsen/" + e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The same counters for every benchmark (the CSV reporter requires it): ops checked per
// second, and the memo states the last check explored.
void SetCounters(benchmark::State& state, size_t ops, uint64_t states) {
  state.counters["ops_per_s"] =
      benchmark::Counter(static_cast<double>(ops), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["states"] = static_cast<double>(states);
}

// Checks every history once per iteration and stops with an error on a wrong verdict.
void CheckAll(benchmark::State& state, const std::vector<std::string>& names,
              const char* model_name, bool split) {
  const auto [histories, error] = Load(names);
  if (!error.empty() || histories.empty()) {
    state.SkipWithError(error.empty() ? "no histories (is ../shared/testdata there?)"
                                      : error.c_str());
    return;
  }
  const Spec& model = *FindSpec(model_name);
  CheckOptions options;
  options.split_partitions = split;
  uint64_t states = 0;
  size_t ops = 0;
  for (const Loaded& l : histories) ops += l.history.ops.size();
  for (auto _ : state) {
    states = 0;
    for (const Loaded& l : histories) {
      const CheckResult r = CheckLinearizability(l.history, model, options);
      states += r.states_explored;
      if (r.verdict != l.expected) {
        state.SkipWithError((l.name + ": " + std::string(VerdictName(r.verdict))).c_str());
        return;
      }
    }
  }
  state.SetLabel(std::to_string(histories.size()) + " histories");
  SetCounters(state, ops, states);
}

void BM_EtcdAll(benchmark::State& state) { CheckAll(state, EtcdNames(), "register", true); }
BENCHMARK(BM_EtcdAll)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Etcd002(benchmark::State& state) {
  CheckAll(state, {"jepsen/etcd_002.log"}, "register", true);
}
BENCHMARK(BM_Etcd002)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KvC50Ok(benchmark::State& state) { CheckAll(state, {"kv/c50-ok.txt"}, "kv", true); }
BENCHMARK(BM_KvC50Ok)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KvC10OkUnsplit(benchmark::State& state) { CheckAll(state, {"kv/c10-ok.txt"}, "kv", false); }
BENCHMARK(BM_KvC10OkUnsplit)->Unit(benchmark::kMillisecond)->UseRealTime();

// One generated history at a time (the 1M-op one alone holds a few hundred MB), keyed by
// the options the benchmarks vary.
const History& Generated(const GeneratorOptions& o) {
  static std::optional<std::pair<std::string, History>> cache;
  std::ostringstream id;
  id << o.seed << '/' << o.ops << '/' << o.clients << '/' << o.keys << '/' << o.info_ppm << '/'
     << o.fail_ppm;
  if (!cache || cache->first != id.str()) {
    cache.reset();
    cache.emplace(id.str(), GenerateHistory(o));
  }
  return cache->second;
}

void CheckGenerated(benchmark::State& state, const GeneratorOptions& o,
                    const CheckOptions& options) {
  const History& h = Generated(o);
  const Spec& model = *FindSpec(o.keys == 1 ? "register" : "kv");
  CheckResult r;
  for (auto _ : state) {
    r = CheckLinearizability(h, model, options);
    benchmark::DoNotOptimize(r.states_explored);
  }
  if (r.verdict == Verdict::kNotLinearizable) {
    state.SkipWithError("a generated history is linearizable by construction");
    return;
  }
  state.SetLabel(std::string(VerdictName(r.verdict)));
  state.SetComplexityN(o.ops);
  SetCounters(state, static_cast<size_t>(o.ops), r.states_explored);
}

void BM_GeneratedKv(benchmark::State& state) {
  GeneratorOptions o;
  o.seed = 1;
  o.ops = state.range(0);
  o.clients = 32;
  o.keys = 1'000;
  CheckGenerated(state, o, CheckOptions{});
}
BENCHMARK(BM_GeneratedKv)
    ->Arg(125'000)
    ->Arg(250'000)
    ->Arg(500'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Complexity(benchmark::oN);

void BM_SingleRegister(benchmark::State& state) {
  GeneratorOptions o;
  o.seed = 1;
  o.ops = 10'000;
  o.clients = 16;
  o.keys = 1;
  o.info_ppm = static_cast<uint32_t>(state.range(0));
  CheckOptions options;
  // Reset per check: each iteration gets the whole budget.
  std::clock_t deadline = 0;
  options.out_of_budget = [&deadline] { return std::clock() > deadline; };
  const History& h = Generated(o);
  const Spec& model = *FindSpec("register");
  CheckResult r;
  for (auto _ : state) {
    deadline = std::clock() + kSingleRegisterBudgetTicks;
    r = CheckLinearizability(h, model, options);
  }
  if (r.verdict == Verdict::kNotLinearizable) {
    state.SkipWithError("a generated history is linearizable by construction");
    return;
  }
  state.SetLabel(std::string(VerdictName(r.verdict)) +
                 (r.unknown_reason.empty() ? "" : ": " + r.unknown_reason));
  SetCounters(state, h.ops.size(), r.states_explored);
}
// Without info ops, and with 1% of them: an info op stays open to the end of the history,
// so every one multiplies the orders the search may have to consider.
BENCHMARK(BM_SingleRegister)
    ->ArgName("info_ppm")
    ->Arg(0)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
