#include "cli/batch_charts.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/units.h"
#include "viz/chart_svg.h"

namespace faultline::cli {
namespace {

using viz::CellTone;
using viz::ChartPoint;
using viz::ChartSeries;
using viz::LineChart;
using viz::TableCell;
using viz::ValueFormat;

// A name made safe for a file name: letters, digits, '-', '_' and '.' kept.
std::string FileSafe(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  return out;
}

ChartFile LatencyCdf(const std::vector<GroupReport>& groups, const std::string& subtitle) {
  LineChart c;
  c.title = absl::StrCat("ok-op latency CDF, ", subtitle);
  c.x_label = "latency";
  c.y_label = "share of ok ops at or below";
  c.x_format = ValueFormat::kDurationNs;
  c.y_format = ValueFormat::kPercent;
  c.log_x = true;
  c.steps = true;
  c.y_range = {{0.0, 1.0}};
  for (const GroupReport& g : groups) {
    c.series.push_back(
        viz::CdfSeries(g.name, g.stats.ok_latency.Cumulative(), g.stats.ok_latency.count()));
  }
  return {"latency-cdf.svg", viz::RenderLineChartSvg(c)};
}

std::optional<ChartFile> Visibility(const std::vector<GroupReport>& groups,
                                    const std::string& subtitle) {
  LineChart c;
  c.title = absl::StrCat("t-visibility: reads that see the write, ", subtitle);
  c.x_label = "t after the write completed";
  c.y_label = "P(read returns the write or newer)";
  c.x_format = ValueFormat::kDurationNs;
  c.y_format = ValueFormat::kPercent;
  c.y_range = {{0.0, 1.0}};
  bool any = false;
  for (const GroupReport& g : groups) {
    ChartSeries s{g.name, {}, false};
    for (const VisibilityPoint& p : g.stats.t_visibility) {
      if (p.pairs == 0) continue;
      const double y = static_cast<double>(p.fresh) / static_cast<double>(p.pairs);
      s.points.push_back({static_cast<double>(p.t_ns), y, y, y});
    }
    any = any || !s.points.empty();
    c.series.push_back(std::move(s));
  }
  if (!any) return std::nullopt;
  return ChartFile{"t-visibility.svg", viz::RenderLineChartSvg(c)};
}

TableCell RatioCell(const sim::Availability& a) {
  if (a.ops == 0) return {"- (no ops)", CellTone::kPlain};
  const uint64_t ppm = *a.RatioPpm();
  const CellTone tone = ppm >= 990'000   ? CellTone::kGood
                        : ppm >= 500'000 ? CellTone::kUnsure
                                         : CellTone::kBad;
  return {absl::StrCat(a.RatioText(), " (", a.ok, "/", a.ops, ")"), tone};
}

ChartFile CapTable(const std::vector<GroupReport>& groups, const ReportColumns& cols,
                   const std::string& subtitle) {
  viz::TableChart t;
  t.title = absl::StrCat("availability vs consistency, ", subtitle);
  t.header = {"variant", "ok in faults", "ok outside faults"};
  for (const std::string& c : cols.checkers) t.header.push_back(c);
  for (const GroupReport& g : groups) {
    std::vector<TableCell> row = {
        {g.name}, RatioCell(g.stats.in_faults), RatioCell(g.stats.outside_faults)};
    for (const std::string& c : cols.checkers) {
      auto it = g.stats.verdicts.find(c);
      if (it == g.stats.verdicts.end()) {
        row.push_back({"-"});
        continue;
      }
      const VerdictCounts& v = it->second;
      const int n = v.valid + v.invalid + v.unknown;
      if (v.invalid > 0) {
        row.push_back({absl::StrCat("invalid ", v.invalid, "/", n), CellTone::kBad});
      } else if (v.unknown > 0) {
        row.push_back({absl::StrCat("unknown ", v.unknown, "/", n), CellTone::kUnsure});
      } else {
        row.push_back({absl::StrCat("valid ", v.valid, "/", n), CellTone::kGood});
      }
    }
    t.rows.push_back(std::move(row));
  }
  t.note =
      "ok ratio: ops that ended ok, by whether a fault was in force at invocation; "
      "verdicts: seeds out of all seeds";
  return {"cap-table.svg", viz::RenderTableSvg(t)};
}

// The x axis of a sweep: durations, plain numbers (a rate's "/s" dropped), or names.
struct XAxis {
  std::string path;
  ValueFormat format = ValueFormat::kNumber;
  std::vector<std::string> categories;  // non-empty: x is the index of the value
  std::map<std::string, double> value;  // text -> x
};

XAxis SweepXAxis(const std::vector<GroupReport>& groups) {
  XAxis x;
  x.path = groups.front().params.front().first;
  std::vector<std::string> texts;
  for (const GroupReport& g : groups) {
    const std::string& v = g.params.front().second;
    if (std::find(texts.begin(), texts.end(), v) == texts.end()) texts.push_back(v);
  }
  std::map<std::string, double> durations;
  std::map<std::string, double> numbers;
  for (const std::string& t : texts) {
    if (absl::StatusOr<Nanos> d = ParseDuration(t); d.ok()) durations[t] = static_cast<double>(*d);
    std::string n = t;
    if (n.size() > 2 && n.substr(n.size() - 2) == "/s") n.resize(n.size() - 2);
    double v = 0;
    if (absl::SimpleAtod(n, &v) && std::isfinite(v)) numbers[t] = v;
  }
  if (durations.size() == texts.size()) {
    x.format = ValueFormat::kDurationNs;
    x.value = std::move(durations);
  } else if (numbers.size() == texts.size()) {
    x.value = std::move(numbers);
  } else {
    x.categories = texts;
    for (size_t i = 0; i < texts.size(); ++i) x.value[texts[i]] = static_cast<double>(i);
  }
  return x;
}

// A line per combination of the other varied paths, named by their last path segments:
// "replication=sync, clients=4" (the chart's legend is narrow; sweep.json has the paths).
std::string LineName(const GroupReport& g) {
  std::vector<std::string> parts;
  for (size_t i = 1; i < g.params.size(); ++i) {
    const std::string& path = g.params[i].first;
    const size_t dot = path.rfind('.');
    parts.push_back(absl::StrCat(dot == std::string::npos ? path : path.substr(dot + 1), "=",
                                 g.params[i].second));
  }
  return parts.empty() ? "median over seeds" : absl::StrJoin(parts, ", ");
}

// The value of a metric for a group: median and band, or nothing.
using Metric = std::function<std::optional<Spread>(const GroupReport&)>;

ChartFile SweepChart(const std::vector<GroupReport>& groups, const XAxis& x, bool log_x,
                     const std::string& file, const std::string& title, const std::string& y_label,
                     ValueFormat y_format, const Metric& metric, bool band) {
  LineChart c;
  c.title = title;
  c.x_label = x.path;
  c.y_label = y_label;
  c.x_format = x.format;
  c.y_format = y_format;
  c.x_categories = x.categories;
  c.log_x = log_x && x.categories.empty();
  std::map<std::string, size_t> line_of;
  for (const GroupReport& g : groups) {
    const std::string name = LineName(g);
    auto [it, added] = line_of.emplace(name, c.series.size());
    if (added) c.series.push_back({name, {}, band});
    const std::optional<Spread> v = metric(g);
    if (!v) continue;
    c.series[it->second].points.push_back(
        {x.value.at(g.params.front().second), v->median, v->low, v->high});
  }
  for (ChartSeries& s : c.series) {
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
  }
  return {file, viz::RenderLineChartSvg(c)};
}

}  // namespace

std::vector<ChartFile> CompareCharts(const std::vector<GroupReport>& groups,
                                     const ReportColumns& cols, const std::string& subtitle) {
  std::vector<ChartFile> files = {LatencyCdf(groups, subtitle)};
  if (std::optional<ChartFile> v = Visibility(groups, subtitle)) files.push_back(*std::move(v));
  files.push_back(CapTable(groups, cols, subtitle));
  return files;
}

std::vector<ChartFile> SweepCharts(const std::vector<GroupReport>& groups,
                                   const ReportColumns& cols, const std::string& subtitle,
                                   bool log_x) {
  const XAxis x = SweepXAxis(groups);
  std::vector<ChartFile> files;
  auto add = [&](const std::string& file, const std::string& what, const std::string& y_label,
                 ValueFormat format, const Metric& metric, bool band = true) {
    files.push_back(SweepChart(groups, x, log_x, file,
                               absl::StrCat(what, " vs ", x.path, ", ", subtitle), y_label, format,
                               metric, band));
  };
  for (const std::string& f : cols.op_kinds) {
    for (const char* q : {"p50", "p99"}) {
      const bool p50 = std::string_view(q) == "p50";
      add(absl::StrCat("sweep-", q, "-", FileSafe(f), ".svg"),
          absl::StrCat(q, " latency of ok ", f, " ops"), absl::StrCat(f, " ", q),
          ValueFormat::kDurationNs, [f, p50](const GroupReport& g) -> std::optional<Spread> {
            const auto& m = p50 ? g.stats.p50_ns : g.stats.p99_ns;
            auto it = m.find(f);
            if (it == m.end()) return std::nullopt;
            return it->second;
          });
    }
  }
  add("sweep-ok-in-faults.svg", "ops ok when invoked in a fault", "ok ratio in faults",
      ValueFormat::kPercent, [](const GroupReport& g) { return g.stats.in_faults_ratio; });
  add("sweep-ok-outside-faults.svg", "ops ok when invoked outside faults",
      "ok ratio outside faults", ValueFormat::kPercent,
      [](const GroupReport& g) { return g.stats.outside_faults_ratio; });
  add("sweep-messages-per-op.svg", "messages per op", "messages sent / ops invoked",
      ValueFormat::kNumber, [](const GroupReport& g) { return g.stats.messages_per_op; });
  if (cols.staleness) {
    add("sweep-stale-read-ratio.svg", "stale read ratio", "stale reads / reads",
        ValueFormat::kPercent, [](const GroupReport& g) { return g.stats.stale_read_ratio; });
  }
  for (const auto& checker_metric : cols.checker_metrics) {
    // Named copies: clang 14 cannot capture a structured binding in a lambda.
    const std::string checker = checker_metric.first;
    const std::string metric = checker_metric.second;
    // "requeue_wasted_ns" -> "requeue wasted" as a duration; counts and ratios as numbers.
    const bool ns = metric.size() > 3 && metric.substr(metric.size() - 3) == "_ns";
    std::string label = ns ? metric.substr(0, metric.size() - 3) : metric;
    std::replace(label.begin(), label.end(), '_', ' ');
    add(absl::StrCat("sweep-", FileSafe(checker), "-", FileSafe(metric), ".svg"),
        absl::StrCat(checker, " ", label), label,
        ns ? ValueFormat::kDurationNs : ValueFormat::kNumber,
        [checker, metric](const GroupReport& g) {
          return CheckerMetric(g.stats, checker, metric);
        });
  }
  for (const std::string& checker : cols.checkers) {
    add(
        absl::StrCat("sweep-invalid-", FileSafe(checker), ".svg"),
        absl::StrCat("seeds ", checker, " found invalid"), "share of seeds invalid",
        ValueFormat::kPercent,
        [checker](const GroupReport& g) -> std::optional<Spread> {
          auto it = g.stats.verdicts.find(checker);
          if (it == g.stats.verdicts.end() || g.stats.seeds == 0) return std::nullopt;
          const double share = static_cast<double>(it->second.invalid) / g.stats.seeds;
          return Spread{share, share, share, g.stats.seeds};
        },
        /*band=*/false);
  }
  return files;
}

}  // namespace faultline::cli
