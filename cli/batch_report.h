// The results of a compare or sweep: per group (a variant, or a sweep grid point), the
// runs over seeds summarised (GroupStats), printed as a text table and written as CSV and
// JSON. Numbers that reach a file are fixed-format: the same runs give the same bytes.
//
// Over seeds: verdicts are counted; latency percentiles are the median of the seeds'
// (the lower middle one for an even count: always a value some run had), with min and
// max kept for error bands; availability and messages per op pool the seeds' counts; a
// checker's metrics (results.json checkers.<name>.metrics) are spread like latencies and
// get CSV columns "<checker>.<metric>" (the median) and JSON "checker_metrics".
#ifndef FAULTLINE_CLI_BATCH_REPORT_H_
#define FAULTLINE_CLI_BATCH_REPORT_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/batch_run.h"
#include "nlohmann/json.hpp"
#include "sim/latency_histogram.h"
#include "sim/op_metrics.h"

namespace faultline::cli {

// The median (lower middle), minimum and maximum of per-seed values.
struct Spread {
  double median = 0;
  double low = 0;
  double high = 0;
  int count = 0;  // seeds that had a value
};
// REQUIRES: !values.empty().
Spread SpreadOf(std::vector<double> values);

struct VerdictCounts {
  int valid = 0;
  int invalid = 0;
  int unknown = 0;
};

// One point of a pooled t-visibility curve.
struct VisibilityPoint {
  int64_t t_ns = 0;
  uint64_t pairs = 0;
  uint64_t fresh = 0;
};

struct GroupStats {
  int seeds = 0;
  std::map<std::string, VerdictCounts> verdicts;  // by checker name
  std::map<std::string, Spread> p50_ns;           // by op kind
  std::map<std::string, Spread> p99_ns;
  sim::Availability in_faults;  // pooled over seeds
  sim::Availability outside_faults;
  std::optional<Spread> in_faults_ratio;  // per-seed ratios (seeds with ops on that side)
  std::optional<Spread> outside_faults_ratio;
  uint64_t messages_sent = 0;
  uint64_t ops_invoked = 0;
  std::optional<Spread> messages_per_op;
  std::optional<Spread> stale_read_ratio;     // seeds whose results have checkers.staleness
  sim::LatencyHistogram ok_latency;           // every ok op of every seed
  std::vector<VisibilityPoint> t_visibility;  // pooled by t, increasing; empty when absent
  // checker -> metric -> spread over the seeds that had it (RunSample::checker_metrics).
  std::map<std::string, std::map<std::string, Spread>> checker_metrics;
};

GroupStats Summarize(const std::vector<RunSample>& runs);

// The spread of checkers.<checker>.metrics.<metric> over `g`'s seeds, or nothing.
std::optional<Spread> CheckerMetric(const GroupStats& g, const std::string& checker,
                                    const std::string& metric);

// One row of the report.
struct GroupReport {
  std::string name;
  std::vector<std::string> overrides;                       // the group's own
  std::vector<std::pair<std::string, std::string>> params;  // sweep: (path, value)
  std::vector<RunSample> runs;
  GroupStats stats;
};

// The column sets of a report: every checker and op kind any group has, sorted.
struct ReportColumns {
  std::vector<std::string> checkers;
  std::vector<std::string> op_kinds;
  std::vector<std::string> params;  // sweep: the varied paths, in --vary order
  bool staleness = false;
  // (checker, metric) of every checker metric any group has, sorted.
  std::vector<std::pair<std::string, std::string>> checker_metrics;
};
ReportColumns ColumnsOf(const std::vector<GroupReport>& groups);

// The table for stdout: a row per group, then a line explaining the columns.
std::string FormatReportTable(const std::vector<GroupReport>& groups, const ReportColumns& cols);

std::string ReportCsv(const std::vector<GroupReport>& groups, const ReportColumns& cols);

// `command`: "compare" or "sweep"; `seeds`: the first and last seed run.
nlohmann::json ReportJson(const std::string& command, const std::string& scenario_path,
                          std::pair<uint64_t, uint64_t> seeds,
                          const std::vector<GroupReport>& groups, const ReportColumns& cols);

// A ratio with six decimals ("0.954802"), or "-" for none: the text table's and CSV's form.
std::string RatioText(std::optional<double> ratio, std::string_view none = "-");

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_BATCH_REPORT_H_
