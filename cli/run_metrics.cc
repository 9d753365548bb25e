#include "cli/run_metrics.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace faultline::cli {
namespace {

nlohmann::json AvailabilityJson(const sim::Availability& a) {
  const std::optional<uint64_t> ppm = a.RatioPpm();
  return {{"ops", a.ops},
          {"ok", a.ok},
          {"ratio", ppm ? nlohmann::json(static_cast<double>(*ppm) / 1e6) : nlohmann::json()}};
}

std::string AvailabilityText(const sim::Availability& a) {
  if (a.ops == 0) return "- (no ops)";
  return absl::StrCat(a.RatioText(), " (", a.ok, "/", a.ops, " ok)");
}

}  // namespace

std::string ShortDuration(int64_t ns) {
  const auto v = static_cast<double>(ns);
  if (v >= 1e9) return absl::StrFormat("%.3gs", v / 1e9);
  if (v >= 1e6) return absl::StrFormat("%.3gms", v / 1e6);
  if (v >= 1e3) return absl::StrFormat("%.3gus", v / 1e3);
  return absl::StrFormat("%dns", ns);
}

nlohmann::json MetricsJson(const sim::RunStats& stats) {
  const sim::OpMetrics& m = stats.op_metrics;
  nlohmann::json latency = nlohmann::json::object();
  for (const auto& [f, h] : m.ok_latency_by_f()) {
    latency[f] = {{"count", h.count()},
                  {"p50", h.Percentile(0.50)},
                  {"p95", h.Percentile(0.95)},
                  {"p99", h.Percentile(0.99)},
                  {"max", h.max()}};
  }
  const std::optional<uint64_t> milli =
      sim::PerOpMilli(stats.messages_sent - stats.probe_messages, stats.ops_invoked);
  return {{"latency_ns", latency},
          {"availability",
           {{"in_faults", AvailabilityJson(m.in_faults())},
            {"outside_faults", AvailabilityJson(m.outside_faults())}}},
          {"messages_per_op",
           milli ? nlohmann::json(static_cast<double>(*milli) / 1e3) : nlohmann::json()}};
}

std::string MetricsSummary(const sim::RunStats& stats) {
  const sim::OpMetrics& m = stats.op_metrics;
  std::string out;
  if (!m.ok_latency_by_f().empty()) {
    std::vector<std::string> kinds;
    for (const auto& [f, h] : m.ok_latency_by_f()) {
      kinds.push_back(absl::StrCat(f, " p50 ", ShortDuration(h.Percentile(0.5)), " p99 ",
                                   ShortDuration(h.Percentile(0.99)), " (", h.count(), " ok)"));
    }
    absl::StrAppend(&out, "latency     ", absl::StrJoin(kinds, "; "), "\n");
  }
  absl::StrAppend(&out, "available   in faults ", AvailabilityText(m.in_faults()),
                  ", outside faults ", AvailabilityText(m.outside_faults()), "\n");
  if (stats.ops_invoked > 0) {
    absl::StrAppend(&out, "messages    ",
                    sim::PerOpText(stats.messages_sent - stats.probe_messages, stats.ops_invoked),
                    " per op\n");
  }
  return out;
}

}  // namespace faultline::cli
