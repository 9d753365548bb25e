#include "cli/summary.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/run_metrics.h"
#include "sim/run_stats.h"

namespace faultline::cli {
namespace {

// Three significant digits: a summary is read, not parsed (results.json has exact ns).
std::string Latency(const sim::LatencyHistogram& latencies, double q) {
  const auto ns = static_cast<double>(latencies.Percentile(q));
  if (ns >= 1e9) return absl::StrFormat("%.3gs", ns / 1e9);
  if (ns >= 1e6) return absl::StrFormat("%.3gms", ns / 1e6);
  if (ns >= 1e3) return absl::StrFormat("%.3gus", ns / 1e3);
  return absl::StrFormat("%.0fns", ns);
}

}  // namespace

std::string FormatSummary(const RunRecord& record, const std::string& out_dir) {
  const sim::RunResult& r = record.run->result;
  const sim::RunStats& s = r.stats;
  const sim::ScenarioSpec& spec = *record.spec;
  std::string out;
  absl::StrAppend(&out, "faultline run: ", spec.name, " (", spec.cluster.model, ", ",
                  spec.cluster.nodes, " nodes, ", spec.workload.clients, " clients)\n");
  absl::StrAppend(&out, "seed=", record.seed, " trace_hash=", HashHex(r.trace_hash), "\n");
  const double sim_s = static_cast<double>(r.end_ns) / 1e9;
  const double wall_s = record.run->wall_s;
  absl::StrAppend(&out,
                  absl::StrFormat("events      %d (%d traced); simulated %.3fs in %.3fs wall "
                                  "(%.0f simulated s per wall s)\n",
                                  s.events, r.trace_events, sim_s, wall_s,
                                  wall_s > 0 ? sim_s / wall_s : 0.0));
  const uint64_t dropped =
      s.dropped_loss + s.dropped_partition + s.dropped_node_down + s.dropped_overload;
  absl::StrAppend(&out,
                  absl::StrFormat("messages    sent %d, delivered %d, duplicated %d, dropped %d "
                                  "(loss %d, partition %d, node down %d, overload %d), "
                                  "in flight at the end %d\n",
                                  s.messages_sent, s.messages_delivered, s.duplicated, dropped,
                                  s.dropped_loss, s.dropped_partition, s.dropped_node_down,
                                  s.dropped_overload, s.in_flight_at_end));
  absl::StrAppend(&out, absl::StrFormat("ops         %d invoked: ok %d, fail %d, info %d "
                                        "(incl. %d in the final phase)",
                                        s.ops_invoked, s.ops_ok, s.ops_fail, s.ops_info,
                                        s.final_ops));
  if (s.arrivals_skipped > 0) {
    absl::StrAppend(&out, "; ", s.arrivals_skipped, " arrivals skipped, all clients busy");
  }
  if (s.probe_ops > 0) {
    absl::StrAppend(&out, "; and ", s.probe_ops,
                    " replica reads for the convergence checker, in none of these figures");
  }
  absl::StrAppend(&out, "\n");
  if (s.ok_latency.count() == 0) {
    absl::StrAppend(&out, "latency ok  none: no operation succeeded\n");
  } else {
    absl::StrAppend(&out, "latency ok  p50 ", Latency(s.ok_latency, 0.5), ", p90 ",
                    Latency(s.ok_latency, 0.9), ", p99 ", Latency(s.ok_latency, 0.99),
                    ", max ", Latency(s.ok_latency, 1.0), "\n");
  }
  absl::StrAppend(&out, MetricsSummary(s));
  absl::StrAppend(&out,
                  absl::StrFormat("faults      partitions %d, crashes %d, restarts %d, pauses %d, "
                                  "clock changes %d, link faults %d\n",
                                  s.partitions, s.crashes, s.restarts, s.pauses, s.clock_changes,
                                  s.link_faults));
  std::vector<std::string> states;
  for (size_t i = 0; i < r.node_states.size(); ++i) {
    states.push_back(absl::StrCat("n", i + 1, " ", r.node_states[i]));
  }
  absl::StrAppend(&out, "final state ", absl::StrJoin(states, "; "), "\n");
  if (!r.stopped_early.empty()) {
    absl::StrAppend(&out, "note        stopped early: ", r.stopped_early,
                    "; the run is incomplete and its verdict unknown (raise --max-events or "
                    "--max-trace-bytes, or fix what runs away)\n");
  }
  if (record.checkers != nullptr) absl::StrAppend(&out, record.checkers->summary);
  if (!out_dir.empty()) {
    std::vector<std::string> files = {"results.json", "scenario.yaml"};
    for (const std::string& o : spec.outputs) {
      if (o != "results.json") files.push_back(o);
    }
    absl::StrAppend(&out, "run dir     ", out_dir, " (", absl::StrJoin(files, ", "), ")\n");
  }
  absl::StrAppend(&out, "reproduce   ",
                  ReproduceCommand(record), "\n");
  return out;
}

}  // namespace faultline::cli
