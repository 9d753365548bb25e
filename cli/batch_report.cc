#include "cli/batch_report.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "cli/run_metrics.h"

namespace faultline::cli {
namespace {

std::optional<double> Ratio(const sim::Availability& a) {
  const std::optional<uint64_t> ppm = a.RatioPpm();
  if (!ppm) return std::nullopt;
  return static_cast<double>(*ppm) / 1e6;
}

std::optional<Spread> SpreadIfAny(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return SpreadOf(values);
}

// A field for CSV: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Nanos(double ns) { return absl::StrCat(std::llround(ns)); }

nlohmann::json SpreadJson(const std::optional<Spread>& s) {
  if (!s) return nullptr;
  return {{"median", s->median}, {"min", s->low}, {"max", s->high}, {"seeds", s->count}};
}

// Latencies are whole nanoseconds.
nlohmann::json NanosSpreadJson(const Spread& s) {
  return {{"median", std::llround(s.median)},
          {"min", std::llround(s.low)},
          {"max", std::llround(s.high)},
          {"seeds", s.count}};
}

nlohmann::json AvailabilityJson(const sim::Availability& a, const std::optional<Spread>& s) {
  const std::optional<double> r = Ratio(a);
  return {{"ops", a.ops},
          {"ok", a.ok},
          {"ratio", r ? nlohmann::json(*r) : nlohmann::json()},
          {"per_seed", SpreadJson(s)}};
}

std::string AvailabilityCell(const sim::Availability& a) {
  if (a.ops == 0) return "-";
  return absl::StrCat(a.RatioText(), " (", a.ok, "/", a.ops, ")");
}

// A whole number as an integer ("12"), else six decimals ("0.333333").
std::string MetricText(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return absl::StrCat(static_cast<int64_t>(v));
  return absl::StrFormat("%.6f", v);
}

}  // namespace

std::optional<Spread> CheckerMetric(const GroupStats& g, const std::string& checker,
                                    const std::string& metric) {
  const auto c = g.checker_metrics.find(checker);
  if (c == g.checker_metrics.end()) return std::nullopt;
  const auto m = c->second.find(metric);
  if (m == c->second.end()) return std::nullopt;
  return m->second;
}

Spread SpreadOf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  Spread s;
  s.count = static_cast<int>(values.size());
  s.low = values.front();
  s.high = values.back();
  s.median = values[(values.size() - 1) / 2];
  return s;
}

std::string RatioText(std::optional<double> ratio, std::string_view none) {
  if (!ratio) return std::string(none);
  return absl::StrFormat("%.6f", *ratio);
}

GroupStats Summarize(const std::vector<RunSample>& runs) {
  GroupStats g;
  g.seeds = static_cast<int>(runs.size());
  std::map<std::string, std::vector<double>> p50;
  std::map<std::string, std::vector<double>> p99;
  std::vector<double> in_ratio, out_ratio, per_op, stale;
  std::map<int64_t, VisibilityPoint> visibility;
  std::map<std::string, std::map<std::string, std::vector<double>>> checker_metrics;
  for (const RunSample& r : runs) {
    for (const auto& [checker, metrics] : r.checker_metrics) {
      for (const auto& [metric, value] : metrics) checker_metrics[checker][metric].push_back(value);
    }
    for (const auto& [checker, verdict] : r.verdicts) {
      VerdictCounts& c = g.verdicts[checker];
      if (verdict == "valid") {
        ++c.valid;
      } else if (verdict == "invalid") {
        ++c.invalid;
      } else {
        ++c.unknown;
      }
    }
    for (const auto& [f, p] : r.latency_ns) {
      p50[f].push_back(static_cast<double>(p.first));
      p99[f].push_back(static_cast<double>(p.second));
    }
    g.in_faults.Add(r.in_faults);
    g.outside_faults.Add(r.outside_faults);
    if (std::optional<double> v = Ratio(r.in_faults)) in_ratio.push_back(*v);
    if (std::optional<double> v = Ratio(r.outside_faults)) out_ratio.push_back(*v);
    g.messages_sent += r.messages_sent;
    g.ops_invoked += r.ops_invoked;
    if (std::optional<uint64_t> m = sim::PerOpMilli(r.messages_sent, r.ops_invoked)) {
      per_op.push_back(static_cast<double>(*m) / 1e3);
    }
    if (r.stale_read_ratio) stale.push_back(*r.stale_read_ratio);
    g.ok_latency.Merge(r.ok_latency);
    if (r.t_visibility.is_array()) {
      for (const nlohmann::json& p : r.t_visibility) {
        if (!p.is_object() || !p.contains("t_ns") || !p["t_ns"].is_number_integer() ||
            !p.contains("pairs") || !p["pairs"].is_number_unsigned() || !p.contains("fresh") ||
            !p["fresh"].is_number_unsigned()) {
          continue;
        }
        VisibilityPoint& v = visibility[p["t_ns"].get<int64_t>()];
        v.t_ns = p["t_ns"].get<int64_t>();
        v.pairs += p["pairs"].get<uint64_t>();
        v.fresh += p["fresh"].get<uint64_t>();
      }
    }
  }
  for (auto& [f, v] : p50) g.p50_ns[f] = SpreadOf(v);
  for (auto& [f, v] : p99) g.p99_ns[f] = SpreadOf(v);
  g.in_faults_ratio = SpreadIfAny(in_ratio);
  g.outside_faults_ratio = SpreadIfAny(out_ratio);
  g.messages_per_op = SpreadIfAny(per_op);
  g.stale_read_ratio = SpreadIfAny(stale);
  for (const auto& [t, v] : visibility) g.t_visibility.push_back(v);
  for (const auto& [checker, metrics] : checker_metrics) {
    for (const auto& [metric, values] : metrics) g.checker_metrics[checker][metric] = SpreadOf(values);
  }
  return g;
}

ReportColumns ColumnsOf(const std::vector<GroupReport>& groups) {
  ReportColumns cols;
  std::set<std::string> checkers, kinds;
  std::set<std::pair<std::string, std::string>> metrics;
  for (const GroupReport& g : groups) {
    for (const auto& [c, m] : g.stats.checker_metrics) {
      for (const auto& [name, spread] : m) metrics.insert({c, name});
    }
    for (const auto& [c, v] : g.stats.verdicts) checkers.insert(c);
    for (const auto& [f, v] : g.stats.p50_ns) kinds.insert(f);
    if (g.stats.stale_read_ratio) cols.staleness = true;
  }
  cols.checkers.assign(checkers.begin(), checkers.end());
  cols.op_kinds.assign(kinds.begin(), kinds.end());
  cols.checker_metrics.assign(metrics.begin(), metrics.end());
  if (!groups.empty()) {
    for (const auto& [path, value] : groups.front().params) cols.params.push_back(path);
  }
  return cols;
}

std::string FormatReportTable(const std::vector<GroupReport>& groups, const ReportColumns& cols) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {cols.params.empty() ? "variant" : "point"};
  for (const std::string& p : cols.params) head.push_back(p);
  head.push_back("seeds");
  for (const std::string& c : cols.checkers) head.push_back(absl::StrCat(c, " v/i/u"));
  for (const std::string& f : cols.op_kinds) head.push_back(absl::StrCat(f, " p50/p99"));
  for (const char* h : {"ok in faults", "ok outside faults", "msgs/op"}) head.push_back(h);
  if (cols.staleness) head.push_back("stale reads");
  rows.push_back(head);
  for (const GroupReport& g : groups) {
    std::vector<std::string> row = {g.name};
    for (const auto& [path, value] : g.params) row.push_back(value);
    row.push_back(absl::StrCat(g.stats.seeds));
    for (const std::string& c : cols.checkers) {
      auto it = g.stats.verdicts.find(c);
      row.push_back(
          it == g.stats.verdicts.end()
              ? "-"
              : absl::StrCat(it->second.valid, "/", it->second.invalid, "/", it->second.unknown));
    }
    for (const std::string& f : cols.op_kinds) {
      auto a = g.stats.p50_ns.find(f);
      auto b = g.stats.p99_ns.find(f);
      row.push_back(a == g.stats.p50_ns.end()
                        ? "-"
                        : absl::StrCat(ShortDuration(std::llround(a->second.median)), " / ",
                                       ShortDuration(std::llround(b->second.median))));
    }
    row.push_back(AvailabilityCell(g.stats.in_faults));
    row.push_back(AvailabilityCell(g.stats.outside_faults));
    row.push_back(g.stats.ops_invoked == 0
                      ? "-"
                      : sim::PerOpText(g.stats.messages_sent, g.stats.ops_invoked));
    if (cols.staleness) {
      row.push_back(g.stats.stale_read_ratio
                        ? absl::StrFormat("%.4f", g.stats.stale_read_ratio->median)
                        : "-");
    }
    rows.push_back(row);
  }
  std::vector<size_t> width(head.size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, row[i]);
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  absl::StrAppend(&out,
                  "\nchecker columns: seeds valid/invalid/unknown; latency: ok ops, median over "
                  "seeds of each seed's p50 / p99; ok in / outside faults: ops that ended ok, "
                  "by whether a fault was in force at invocation (pooled over seeds)",
                  cols.staleness ? "; stale reads: median over seeds of stale_read_ratio" : "",
                  "\n");
  return out;
}

std::string ReportCsv(const std::vector<GroupReport>& groups, const ReportColumns& cols) {
  std::vector<std::string> head = {"name"};
  for (const std::string& p : cols.params) head.push_back(p);
  head.push_back("overrides");
  head.push_back("seeds");
  for (const std::string& c : cols.checkers) {
    for (const char* v : {"_valid", "_invalid", "_unknown"}) head.push_back(c + v);
  }
  for (const std::string& f : cols.op_kinds) {
    for (const char* v : {"_p50_ns", "_p99_ns"}) head.push_back(f + v);
  }
  for (const char* h :
       {"in_faults_ops", "in_faults_ok", "in_faults_ratio", "outside_faults_ops",
        "outside_faults_ok", "outside_faults_ratio", "messages_per_op", "stale_read_ratio"}) {
    head.push_back(h);
  }
  for (const auto& [c, m] : cols.checker_metrics) head.push_back(absl::StrCat(c, ".", m));
  std::vector<std::string> fields;
  for (const std::string& h : head) fields.push_back(CsvField(h));
  std::string out = absl::StrCat(absl::StrJoin(fields, ","), "\n");
  for (const GroupReport& g : groups) {
    std::vector<std::string> row = {g.name};
    for (const auto& [path, value] : g.params) row.push_back(value);
    row.push_back(absl::StrJoin(g.overrides, " "));
    row.push_back(absl::StrCat(g.stats.seeds));
    for (const std::string& c : cols.checkers) {
      auto it = g.stats.verdicts.find(c);
      const VerdictCounts v = it == g.stats.verdicts.end() ? VerdictCounts{} : it->second;
      for (int n : {v.valid, v.invalid, v.unknown}) row.push_back(absl::StrCat(n));
    }
    for (const std::string& f : cols.op_kinds) {
      auto a = g.stats.p50_ns.find(f);
      auto b = g.stats.p99_ns.find(f);
      row.push_back(a == g.stats.p50_ns.end() ? "" : Nanos(a->second.median));
      row.push_back(b == g.stats.p99_ns.end() ? "" : Nanos(b->second.median));
    }
    for (const sim::Availability* a : {&g.stats.in_faults, &g.stats.outside_faults}) {
      row.push_back(absl::StrCat(a->ops));
      row.push_back(absl::StrCat(a->ok));
      row.push_back(RatioText(Ratio(*a), ""));
    }
    row.push_back(sim::PerOpText(g.stats.messages_sent, g.stats.ops_invoked));
    row.push_back(g.stats.stale_read_ratio ? RatioText(g.stats.stale_read_ratio->median) : "");
    for (const auto& [c, m] : cols.checker_metrics) {
      const std::optional<Spread> s = CheckerMetric(g.stats, c, m);
      row.push_back(s ? MetricText(s->median) : "");
    }
    fields.clear();
    for (const std::string& f : row) fields.push_back(CsvField(f));
    absl::StrAppend(&out, absl::StrJoin(fields, ","), "\n");
  }
  return out;
}

nlohmann::json ReportJson(const std::string& command, const std::string& scenario_path,
                          std::pair<uint64_t, uint64_t> seeds,
                          const std::vector<GroupReport>& groups, const ReportColumns& cols) {
  nlohmann::json j;
  j["tool"] = "faultline";
  j["command"] = command;
  j["scenario"] = scenario_path;
  j["seeds"] = {{"first", seeds.first}, {"last", seeds.second}};
  j["checkers"] = cols.checkers;
  j["op_kinds"] = cols.op_kinds;
  if (!cols.params.empty()) j["varied"] = cols.params;
  nlohmann::json list = nlohmann::json::array();
  for (const GroupReport& g : groups) {
    const GroupStats& s = g.stats;
    nlohmann::json e;
    e["name"] = g.name;
    e["overrides"] = g.overrides;
    if (!g.params.empty()) {
      e["params"] = nlohmann::json::object();
      for (const auto& [path, value] : g.params) e["params"][path] = value;
    }
    e["seeds"] = s.seeds;
    e["verdicts"] = nlohmann::json::object();
    for (const auto& [c, v] : s.verdicts) {
      e["verdicts"][c] = {{"valid", v.valid}, {"invalid", v.invalid}, {"unknown", v.unknown}};
    }
    e["latency_ns"] = nlohmann::json::object();
    for (const auto& [f, p50] : s.p50_ns) {
      e["latency_ns"][f] = {{"p50", NanosSpreadJson(p50)},
                            {"p99", NanosSpreadJson(s.p99_ns.at(f))}};
    }
    e["availability"] = {
        {"in_faults", AvailabilityJson(s.in_faults, s.in_faults_ratio)},
        {"outside_faults", AvailabilityJson(s.outside_faults, s.outside_faults_ratio)}};
    const std::optional<uint64_t> milli = sim::PerOpMilli(s.messages_sent, s.ops_invoked);
    e["messages_per_op"] = milli ? nlohmann::json(static_cast<double>(*milli) / 1e3) : nullptr;
    e["stale_read_ratio"] = SpreadJson(s.stale_read_ratio);
    if (!s.checker_metrics.empty()) {
      e["checker_metrics"] = nlohmann::json::object();
      for (const auto& [c, metrics] : s.checker_metrics) {
        for (const auto& [m, spread] : metrics) e["checker_metrics"][c][m] = SpreadJson(spread);
      }
    }
    nlohmann::json cdf = nlohmann::json::array();
    for (const auto& [ns, seen] : s.ok_latency.Cumulative()) cdf.push_back({ns, seen});
    e["ok_latency_cdf"] = {{"count", s.ok_latency.count()}, {"points", cdf}};
    if (!s.t_visibility.empty()) {
      nlohmann::json tv = nlohmann::json::array();
      for (const VisibilityPoint& p : s.t_visibility) {
        tv.push_back({{"t_ns", p.t_ns}, {"pairs", p.pairs}, {"fresh", p.fresh}});
      }
      e["t_visibility"] = tv;
    }
    nlohmann::json runs = nlohmann::json::array();
    for (const RunSample& r : g.runs) {
      runs.push_back({{"seed", r.seed},
                      {"trace_hash", r.trace_hash},
                      {"run_dir", r.run_dir},
                      {"completed", r.completed},
                      {"verdicts", r.verdicts}});
    }
    e["runs"] = runs;
    list.push_back(e);
  }
  j["groups"] = list;
  return j;
}

}  // namespace faultline::cli
