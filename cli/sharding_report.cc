#include "cli/sharding_report.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "base/time.h"
#include "checkers/sharding/sharding_checker.h"
#include "cli/anomaly_report.h"

namespace faultline::cli {
namespace {

namespace cs = checkers::sharding;
using nlohmann::json;

// "migration m1 (from 0, to 3, keys 10): registration 2ms, bulk-import 30ms, ...; done
// after 50ms; cutover hold 4ms (1 held, 0 failed)": each phase lasts until the next one's
// record.
std::string ShardMigrationLine(const cs::MigrationTimeline& m) {
  std::vector<std::string> facts;
  for (const char* name : {"from", "to", "keys"}) {
    if (const auto it = m.detail.find(name); it != m.detail.end()) {
      facts.push_back(absl::StrCat(name, " ", it->second));
    }
  }
  std::vector<std::string> phases;
  for (size_t i = 0; i + 1 < m.phases.size(); ++i) {
    phases.push_back(absl::StrCat(Sv(cs::PhaseName(m.phases[i].first)), " ",
                                  FormatDuration(m.phases[i + 1].second - m.phases[i].second)));
  }
  if (!m.done && !m.phases.empty()) {
    phases.push_back(absl::StrCat(Sv(cs::PhaseName(m.phases.back().first)), " (unfinished)"));
  }
  std::string line =
      absl::StrCat("  migration ", m.id, facts.empty() ? "" : " (", absl::StrJoin(facts, ", "),
                   facts.empty() ? "" : ")", ": ", absl::StrJoin(phases, ", "),
                   m.duration_ns >= 0 ? absl::StrCat("; done after ", FormatDuration(m.duration_ns))
                                      : std::string("; not done"));
  if (m.cutover_hold_ns >= 0) {
    absl::StrAppend(&line, "; cutover hold ", FormatDuration(m.cutover_hold_ns), " (",
                    m.cutover_held, " held, ", m.cutover_failed, " failed)");
  }
  return line;
}

// "add shard4: 4 -> 5 shards: 7962 of 10000 keys moved (79.6%)"
std::string ShardTopologyLine(const cs::TopologyChange& t) {
  const std::string shards = t.from_shards >= 0 && t.to_shards >= 0
                                 ? absl::StrCat(t.from_shards, " -> ", t.to_shards, " shards: ")
                                 : std::string();
  return absl::StrCat("  ", t.change, ": ", shards, t.keys_moved, " of ", t.keys, " keys moved (",
                      absl::StrFormat("%.1f%%", 100.0 * static_cast<double>(t.keys_moved) /
                                                    static_cast<double>(t.keys)),
                      ")", t.strategy.empty() ? "" : absl::StrCat(", ", t.strategy));
}

// The imbalance summary, the hot shard and the cutovers, from the metrics.
void ShardSummaryLines(const cs::ShardReport& r, std::vector<std::string>& lines) {
  const auto& m = r.metrics;
  const auto has = [&m](const char* name) { return m.find(name) != m.end(); };
  if (has("imbalance_mean")) {
    int64_t loaded = 0;
    int64_t light = 0;
    for (const cs::WindowLoad& w : r.windows) {
      loaded += w.loaded;
      light += w.requests > 0 && !w.loaded;
    }
    lines.push_back(absl::StrFormat(
        "  imbalance (busiest shard over the mean): whole run %.2f; per window mean %.2f, "
        "p50 %.2f, max %.2f over %d loaded windows%s",
        m.at("imbalance_overall"), m.at("imbalance_mean"), m.at("imbalance_p50"),
        m.at("imbalance_max"), loaded,
        light > 0 ? absl::StrCat(" (", light, " light window", light == 1 ? "" : "s",
                                  " left out)")
                  : std::string()));
  }
  if (has("hot_shard_share")) {
    lines.push_back(
        absl::StrCat("  hot shard: ", r.hot_shard, " with ",
                     absl::StrFormat("%.1f%%", 100 * m.at("hot_shard_share")), " of ",
                     MetricJson(m.at("requests_routed")).dump(), " routed requests over ",
                     MetricJson(m.at("shards")).dump(), " shards",
                     has("hot_key_share")
                         ? absl::StrFormat("; the hottest key %.1f%%", 100 * m.at("hot_key_share"))
                         : ""));
  }
  if (has("directory_misses")) {
    lines.push_back(absl::StrCat(
        "  directory: ", MetricJson(m.at("directory_misses")).dump(),
        " lookups for keys not in a router's cache; ",
        MetricJson(has("directory_unavailable") ? m.at("directory_unavailable") : 0.0).dump(),
        " requests failed because the directory did not answer"));
  }
  if (has("cutover_hold_ns_max")) {
    std::string line =
        absl::StrCat("  cutover holds: longest ",
                     FormatDuration(static_cast<Nanos>(m.at("cutover_hold_ns_max"))), ", ",
                     MetricJson(m.at("cutover_held")).dump(), " requests held, ",
                     MetricJson(m.at("cutover_failed")).dump(), " failed");
    if (has("cutover_latency_p99_ns")) {
      absl::StrAppend(&line, "; op latency p99 ",
                      FormatDuration(static_cast<Nanos>(m.at("cutover_latency_p99_ns"))),
                      " during holds");
      if (has("latency_p99_ns")) {
        absl::StrAppend(&line, ", ", FormatDuration(static_cast<Nanos>(m.at("latency_p99_ns"))),
                        " outside");
      }
    }
    lines.push_back(std::move(line));
  }
  if (has("multi_read_latency_p99_ns")) {
    lines.push_back(absl::StrCat(
        "  multi-read (scatter-gather) latency: p50 ",
        FormatDuration(static_cast<Nanos>(m.at("multi_read_latency_p50_ns"))), ", p99 ",
        FormatDuration(static_cast<Nanos>(m.at("multi_read_latency_p99_ns")))));
  }
  if (has("multi_write_latency_p99_ns")) {
    lines.push_back(absl::StrCat(
        "  multi-write (scatter, non-atomic) latency: p50 ",
        FormatDuration(static_cast<Nanos>(m.at("multi_write_latency_p50_ns"))), ", p99 ",
        FormatDuration(static_cast<Nanos>(m.at("multi_write_latency_p99_ns")))));
  }
}

json ShardMigrationsJson(const cs::ShardReport& r) {
  json out = json::array();
  for (const cs::MigrationTimeline& m : r.migrations) {
    json phases = json::array();
    for (const auto& [phase, time_ns] : m.phases) {
      phases.push_back({{"phase", std::string(cs::PhaseName(phase))}, {"time_ns", time_ns}});
    }
    out.push_back(
        {{"id", m.id},
         {"done", m.done},
         {"duration_ns", m.duration_ns >= 0 ? json(m.duration_ns) : json(nullptr)},
         {"detail", m.detail},
         {"cutover_hold_ns", m.cutover_hold_ns >= 0 ? json(m.cutover_hold_ns) : json(nullptr)},
         {"phases", std::move(phases)}});
  }
  return out;
}

json ShardTopologyJson(const cs::ShardHistory& h) {
  json out = json::array();
  for (const cs::TopologyChange& t : h.topology) {
    json j = {{"time_ns", t.time_ns},
              {"change", t.change},
              {"keys_moved", t.keys_moved},
              {"keys", t.keys}};
    if (!t.strategy.empty()) j["strategy"] = t.strategy;
    if (t.from_shards >= 0) j["from_shards"] = t.from_shards;
    if (t.to_shards >= 0) j["to_shards"] = t.to_shards;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

ShardingOutcome RunShardingChecker(const cs::ShardHistory& history) {
  const cs::ShardReport r = cs::CheckSharding(history);
  ShardingOutcome out;
  const bool valid = r.Valid();
  out.violation = !valid;
  AnomalyLines described =
      DescribeAnomalies(absl::StrCat(kShardingChecker, " (", history.ops.size(), " ops, ",
                                     history.observations(), " observations): "),
                        valid, r.anomalies, [](const std::string&) { return true; });
  json over_time = json::array();
  for (const cs::WindowLoad& w : r.windows) {
    if (w.requests > 0) over_time.push_back({w.window_end_ns, MetricJson(w.imbalance)});
  }
  out.report = {{"checker", kShardingChecker},
                {"valid", valid},
                {"verdict", valid ? "valid" : "invalid"},
                {"ops", history.ops.size()},
                {"observations", history.observations()},
                {"anomalies", described.json},
                {"metrics", MetricsJson(r.metrics)},
                {"hot_shard", r.hot_shard},
                {"imbalance_over_time", std::move(over_time)},
                {"migrations", ShardMigrationsJson(r)},
                {"topology_changes", ShardTopologyJson(history)},
                {"notes", r.notes}};
  out.lines = std::move(described.lines);
  for (const cs::MigrationTimeline& m : r.migrations) out.lines.push_back(ShardMigrationLine(m));
  for (const cs::TopologyChange& t : history.topology) out.lines.push_back(ShardTopologyLine(t));
  ShardSummaryLines(r, out.lines);
  for (const std::string& note : r.notes) out.lines.push_back(absl::StrCat("  note: ", note));
  return out;
}

}  // namespace faultline::cli
