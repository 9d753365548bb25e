#include "checkers/sharding/sharding_checker.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/strings.h"
#include "base/time.h"
#include "checkers/locks/lock_metrics.h"

namespace faultline::checkers::sharding {
namespace {

constexpr size_t kShardExamplesMax = 5;

double ShardD(int64_t v) { return static_cast<double>(v); }

void AddShardAnomaly(ShardReport& r, const char* kind, std::string example) {
  ShardAnomaly& a = r.anomalies[kind];
  ++a.count;
  if (a.examples.size() < kShardExamplesMax) a.examples.push_back(std::move(example));
}

std::string ShardAt(int64_t line, int64_t time_ns) {
  return absl::StrCat("line ", line, ", t=", FormatDuration(time_ns));
}

// Each migration's phases in line order; out-of-order phases and unfinished migrations
// become anomalies.
void JudgeMigrations(const ShardHistory& h, ShardReport& r) {
  std::map<std::string, size_t> index;                    // id -> position in r.migrations
  std::map<std::string, std::pair<Phase, int64_t>> last;  // id -> (furthest phase, line)
  for (const PhaseRecord& p : h.phases) {
    const auto [it, fresh] = index.emplace(p.migration, r.migrations.size());
    if (fresh) r.migrations.push_back(MigrationTimeline{.id = p.migration});
    MigrationTimeline& m = r.migrations[it->second];
    const std::string what = absl::StrCat(p.migration, ": ", Sv(PhaseName(p.phase)), " (",
                                          ShardAt(p.line, p.time_ns), ")");
    const auto before = last.find(p.migration);
    if (before == last.end()) {
      if (p.phase != Phase::kRegistration) {
        AddShardAnomaly(r, "phase-order", absl::StrCat(what, " before any registration"));
      }
    } else if (p.phase == Phase::kValidation && before->second.first == Phase::kValidation) {
      // Another validation pass: kv.sharded compares again while copies still land.
    } else if (p.phase <= before->second.first) {
      AddShardAnomaly(r, "phase-order",
                      absl::StrCat(what, " after ", Sv(PhaseName(before->second.first)), " (line ",
                                   before->second.second, ")"));
    } else {
      for (int skipped = static_cast<int>(before->second.first) + 1;
           skipped < static_cast<int>(p.phase); ++skipped) {
        if (static_cast<Phase>(skipped) == Phase::kValidation) continue;  // may be turned off
        AddShardAnomaly(r, "phase-order",
                        absl::StrCat(what, " after ", Sv(PhaseName(before->second.first)),
                                     " (line ", before->second.second, "): ",
                                     Sv(PhaseName(static_cast<Phase>(skipped))), " left out"));
        break;
      }
    }
    // The furthest phase reached: one phase out of order is one anomaly, not a cascade.
    if (before == last.end() || p.phase > before->second.first) {
      last[p.migration] = {p.phase, p.line};
    }
    if (p.phase == Phase::kRegistration && m.phases.empty()) m.detail = p.detail;
    m.phases.emplace_back(p.phase, p.time_ns);
    if (p.phase == Phase::kDone) m.done = true;
  }
  for (const CutoverRecord& c : h.cutovers) {
    const auto it = index.find(c.migration);
    if (it == index.end()) continue;  // a cutover of no recorded migration: in the metrics
    MigrationTimeline& m = r.migrations[it->second];
    m.cutover_hold_ns = std::max(m.cutover_hold_ns, c.hold_ns);
    m.cutover_held += c.held;
    m.cutover_failed += c.failed;
  }
  for (MigrationTimeline& m : r.migrations) {
    const auto reg = std::find_if(m.phases.begin(), m.phases.end(),
                                  [](const auto& ph) { return ph.first == Phase::kRegistration; });
    const auto done = std::find_if(m.phases.begin(), m.phases.end(),
                                   [](const auto& ph) { return ph.first == Phase::kDone; });
    if (reg != m.phases.end() && done != m.phases.end()) {
      m.duration_ns = done->second - reg->second;
    }
    if (reg != m.phases.end() && !m.done) {
      AddShardAnomaly(
          r, "migration-unfinished",
          absl::StrCat(m.id, ": registered at t=", FormatDuration(reg->second), ", last phase ",
                       Sv(PhaseName(m.phases.back().first)),
                       " at t=", FormatDuration(m.phases.back().second),
                       "; never done by the history's end at t=", FormatDuration(h.end_ns)));
    }
  }
}

// Load per window summed over routers, the imbalance per window, the hot shard and key.
void LoadMetrics(const ShardHistory& h, ShardReport& r) {
  std::map<int64_t, std::map<std::string, int64_t>> per_window;  // end -> shard -> requests
  std::map<std::string, int64_t> per_shard;
  std::map<std::string, int64_t> per_hot_key;
  // (router, window end, counter) -> its value: a router writes its counters on each
  // shard's line, so they count once per router and window.
  std::map<std::tuple<std::string, int64_t, std::string>, int64_t> router_counters;
  int64_t routed = 0;
  for (const LoadSample& s : h.loads) {
    // Routers' windows end at about the same time: rounding down to the window puts a
    // router whose timer fired a little late in the same window as the others.
    per_window[s.time_ns / s.window_ns * s.window_ns][s.shard] += s.requests;
    per_shard[s.shard] += s.requests;
    if (!s.hot_key.empty()) per_hot_key[s.hot_key] += s.hot_key_requests;
    for (const auto& [name, v] : s.counters) {
      int64_t& slot = router_counters[{s.router, s.time_ns / s.window_ns * s.window_ns, name}];
      slot = std::max(slot, v);
    }
    routed += s.requests;
  }
  for (const auto& [end_ns, shards] : per_window) {
    std::vector<int64_t> loads;
    for (const auto& [shard, n] : shards) loads.push_back(n);
    r.windows.push_back({.window_end_ns = end_ns,
                         .requests = std::accumulate(loads.begin(), loads.end(), int64_t{0}),
                         .imbalance = Imbalance(loads)});
  }
  std::vector<int64_t> traffic;
  for (const WindowLoad& w : r.windows) {
    if (w.requests > 0) traffic.push_back(w.requests);
  }
  std::vector<double> imbalances;
  if (!traffic.empty()) {
    std::sort(traffic.begin(), traffic.end());
    const int64_t median = traffic[(traffic.size() + 1) / 2 - 1];
    for (WindowLoad& w : r.windows) {
      w.loaded = w.requests > 0 && w.requests * 4 >= median;
      if (w.loaded) imbalances.push_back(w.imbalance);
    }
  }
  auto& m = r.metrics;
  // The routers' own counters first: a counter named like a metric of ours loses to it.
  for (const auto& [where, v] : router_counters) m[std::get<2>(where)] += ShardD(v);
  m["shards"] = ShardD(static_cast<int64_t>(per_shard.size()));
  m["requests_routed"] = ShardD(routed);
  if (!imbalances.empty()) {
    m["imbalance_mean"] = std::accumulate(imbalances.begin(), imbalances.end(), 0.0) /
                          static_cast<double>(imbalances.size());
    m["imbalance_max"] = *std::max_element(imbalances.begin(), imbalances.end());
    std::sort(imbalances.begin(), imbalances.end());
    // Nearest rank, as the latency percentiles.
    const size_t rank = (imbalances.size() + 1) / 2;
    m["imbalance_p50"] = imbalances[rank - 1];
  }
  if (routed > 0) {
    int64_t hot = -1;
    for (const auto& [shard, n] : per_shard) {
      if (n > hot) {
        hot = n;
        r.hot_shard = shard;
      }
    }
    m["hot_shard_share"] = ShardD(hot) / ShardD(routed);
    // The whole run as one window: the busiest shard's total over the mean total.
    m["imbalance_overall"] = ShardD(hot) * ShardD(static_cast<int64_t>(per_shard.size())) /
                             ShardD(routed);
    if (!per_hot_key.empty()) {
      int64_t key_max = 0;
      for (const auto& [key, n] : per_hot_key) key_max = std::max(key_max, n);
      m["hot_key_share"] = ShardD(key_max) / ShardD(routed);
    }
  }
}

void MovementMetrics(const ShardHistory& h, ShardReport& r) {
  auto& m = r.metrics;
  int64_t moved = 0;
  for (const TopologyChange& t : h.topology) moved += t.keys_moved;
  m["topology_changes"] = ShardD(static_cast<int64_t>(h.topology.size()));
  m["keys_moved"] = ShardD(moved);
  if (!h.topology.empty()) {
    m["keys_moved_fraction"] =
        ShardD(h.topology.back().keys_moved) / ShardD(h.topology.back().keys);
  }
  int64_t done = 0;
  int64_t longest_ns = -1;
  for (const MigrationTimeline& t : r.migrations) {
    done += t.done;
    longest_ns = std::max(longest_ns, t.duration_ns);
  }
  m["migrations"] = ShardD(static_cast<int64_t>(r.migrations.size()));
  m["migrations_done"] = ShardD(done);
  if (longest_ns >= 0) m["migration_ns_max"] = ShardD(longest_ns);
  int64_t held = 0, failed = 0, hold_max_ns = -1;
  for (const CutoverRecord& c : h.cutovers) {
    held += c.held;
    failed += c.failed;
    hold_max_ns = std::max(hold_max_ns, c.hold_ns);
  }
  m["cutover_held"] = ShardD(held);
  m["cutover_failed"] = ShardD(failed);
  if (hold_max_ns >= 0) m["cutover_hold_ns_max"] = ShardD(hold_max_ns);
}

void AddShardPercentiles(std::vector<int64_t> latencies, const std::string& prefix,
                         std::map<std::string, double>& m) {
  if (latencies.empty()) return;
  std::sort(latencies.begin(), latencies.end());
  m[absl::StrCat(prefix, "p50_ns")] = ShardD(locks::NearestRank(latencies, 0.50));
  m[absl::StrCat(prefix, "p99_ns")] = ShardD(locks::NearestRank(latencies, 0.99));
}

// Latency of completed ops (ok or fail: an info op's end is unknown), split by whether the
// op was invoked during a cutover's hold, and of the cross-shard multi-reads and
// multi-writes.
void LatencyMetrics(const ShardHistory& h, ShardReport& r) {
  std::vector<int64_t> during, outside, multi, multi_write;
  for (const ClientOp& op : h.ops) {
    if (op.outcome == OpOutcome::kInfo || op.complete_ns < 0) continue;
    const int64_t latency_ns = op.complete_ns - op.invoke_ns;
    const bool in_hold = std::any_of(h.cutovers.begin(), h.cutovers.end(), [&op](const auto& c) {
      return op.invoke_ns >= c.time_ns - c.hold_ns && op.invoke_ns <= c.time_ns;
    });
    (in_hold ? during : outside).push_back(latency_ns);
    if (op.f == "multi-read") multi.push_back(latency_ns);
    if (op.f == "multi-write") multi_write.push_back(latency_ns);
  }
  AddShardPercentiles(std::move(during), "cutover_latency_", r.metrics);
  AddShardPercentiles(std::move(outside), "latency_", r.metrics);
  AddShardPercentiles(std::move(multi), "multi_read_latency_", r.metrics);
  AddShardPercentiles(std::move(multi_write), "multi_write_latency_", r.metrics);
}

}  // namespace

double Imbalance(const std::vector<int64_t>& per_shard) {
  FL_CHECK(!per_shard.empty());
  const int64_t total = std::accumulate(per_shard.begin(), per_shard.end(), int64_t{0});
  if (total == 0) return 0;
  const int64_t most = *std::max_element(per_shard.begin(), per_shard.end());
  // max / (total / n), as max * n / total: one division, exact when all are equal.
  return ShardD(most) * ShardD(static_cast<int64_t>(per_shard.size())) / ShardD(total);
}

ShardReport CheckSharding(const ShardHistory& history) {
  ShardReport r;
  JudgeMigrations(history, r);
  LoadMetrics(history, r);
  MovementMetrics(history, r);
  LatencyMetrics(history, r);
  r.notes = history.notes;
  if (history.loads.empty()) {
    r.notes.push_back(
        "no load lines: no router recorded its per-shard load (is this a kv.sharded run?)");
  }
  return r;
}

}  // namespace faultline::checkers::sharding
