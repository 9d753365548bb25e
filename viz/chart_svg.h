// Charts as self-contained SVG, written by us (no plotting dependency): line charts with
// axes, ticks, a legend, optional log-x and error bands; CDFs (a line chart drawn as
// steps); and tables (a CAP table of variants). Used by `faultline compare` and `sweep`.
//
// Deterministic: every coordinate is rounded to tenths of a pixel and printed with
// integer arithmetic, tick labels use fixed formats, and nothing depends on locale or
// hashing, so the same chart gives byte-identical output. Text is XML-escaped (and made
// valid UTF-8) wherever it appears; long names are shortened, with the full name in a
// <title> (hover text).
//
//   LineChart c{.title = "p99 latency vs rate", .x_label = "workload.rate",
//               .y_label = "p99 (read)", .y_format = ValueFormat::kDurationNs};
//   c.series.push_back({.name = "sync", .points = {{100, 2e6, 1.8e6, 2.4e6}, ...}, .band = true});
//   std::string svg = RenderLineChartSvg(c);
#ifndef FAULTLINE_VIZ_CHART_SVG_H_
#define FAULTLINE_VIZ_CHART_SVG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace faultline::viz {

// How axis tick labels print a value.
enum class ValueFormat {
  kNumber,      // four significant digits: "0.25", "1500", "1.5e+06"
  kDurationNs,  // the value is nanoseconds: "950ns", "2.5ms", "1.2s"
  kPercent,     // the value is a ratio: 0.25 -> "25%"
};

struct ChartPoint {
  double x = 0;
  double y = 0;
  // The error band around y at this x (min..max or p10..p90 over seeds); used when the
  // series has `band`. REQUIRES: y_low <= y <= y_high when used.
  double y_low = 0;
  double y_high = 0;
};

struct ChartSeries {
  std::string name;
  std::vector<ChartPoint> points;  // drawn in the order given (sort by x for a line)
  bool band = false;               // shade y_low..y_high
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  ValueFormat x_format = ValueFormat::kNumber;
  ValueFormat y_format = ValueFormat::kNumber;
  bool log_x = false;  // points with x <= 0 are left out on a log axis
  // Named x values: x is the index (0, 1, ...) into this list, one tick per name. For a
  // sweep over values that are not numbers (replication: sync, async).
  std::vector<std::string> x_categories;
  bool steps = false;  // draw as a step function (a CDF), without point markers
  // (A line of more than 40 points is drawn without markers too: they would hide it.)
  // Fixed y range; otherwise from the data (including 0), widened to whole ticks.
  std::optional<std::pair<double, double>> y_range;
  std::vector<ChartSeries> series;
};

// A chart of `chart.series`; with no points at all, the axes frame says "no data".
std::string RenderLineChartSvg(const LineChart& chart);

// The empirical CDF of samples as a step series: `cumulative` is (value, samples at or
// below it) in increasing value (sim::LatencyHistogram::Cumulative), `total` the sample
// count; y is the fraction at or below x. Empty when total is 0.
ChartSeries CdfSeries(std::string name, const std::vector<std::pair<int64_t, uint64_t>>& cumulative,
                      uint64_t total);

// The colour of a cell in a table.
enum class CellTone { kPlain, kGood, kBad, kUnsure };

struct TableCell {
  std::string text;
  CellTone tone = CellTone::kPlain;
};

struct TableChart {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<TableCell>> rows;  // each as long as `header` (missing: blank)
  std::string note;                          // a line under the table, may be empty
};

std::string RenderTableSvg(const TableChart& table);

// A tick label for `v` in `format` (also used by the table writers of compare/sweep).
std::string FormatValue(double v, ValueFormat format);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_CHART_SVG_H_
