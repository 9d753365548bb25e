// The SVG charts of `faultline compare` and `faultline sweep`, built from their reports
// (cli/batch_report.h) with viz/chart_svg.h.
//
// compare: latency-cdf.svg (ok-op latency CDF, one line per variant, pooled over seeds),
//          t-visibility.svg (when the runs have checkers.staleness: the probability that a
//          read started t after a write returns it or newer, pooled over seeds), and
//          cap-table.svg (rows variants; columns: ok ratio in and outside faults and each
//          checker's verdicts: availability against consistency).
// sweep:   one line chart per metric, x the first varied path, a line per combination of
//          the other varied paths, the band min..max over seeds; among them
//          sweep-<checker>-<metric>.svg for every number of a checker's "metrics" in the runs
//          (the ordering checker's requeues_per_message, ...): `_ns` ones as durations.
#ifndef FAULTLINE_CLI_BATCH_CHARTS_H_
#define FAULTLINE_CLI_BATCH_CHARTS_H_

#include <string>
#include <vector>

#include "cli/batch_report.h"

namespace faultline::cli {

struct ChartFile {
  std::string name;  // a plain file name: "latency-cdf.svg"
  std::string svg;
};

std::vector<ChartFile> CompareCharts(const std::vector<GroupReport>& groups,
                                     const ReportColumns& cols, const std::string& subtitle);

// REQUIRES: every group has params, the first of which is the x axis.
std::vector<ChartFile> SweepCharts(const std::vector<GroupReport>& groups,
                                   const ReportColumns& cols, const std::string& subtitle,
                                   bool log_x);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_BATCH_CHARTS_H_
