// A linearizability check as the CLI runs it (a wall-clock budget and a memory limit),
// and its structured evidence: the JSON object `faultline check --report FILE` writes and
// a scenario run puts in results.json under "checkers": {"linearizability": ...}. One
// function builds both, so the two never drift; docs/check-report.md documents the fields
// (the diagram renderer reads them).
//
//   CheckRun run = RunCheck(history, *FindSpec("kv"), CheckLimits{});
//   nlohmann::json report = CheckReportJson(run);
//   return VerdictExitCode(run.result.verdict);
#ifndef FAULTLINE_CLI_CHECK_REPORT_H_
#define FAULTLINE_CLI_CHECK_REPORT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "checkers/linearizability.h"
#include "checkers/operation.h"
#include "checkers/spec.h"
#include "nlohmann/json.hpp"
#include "viz/trace_events.h"

namespace faultline::cli {

struct CheckLimits {
  Nanos time_limit_ns = 60 * kSecond;
  uint64_t memory_limit_bytes = checkers::CheckOptions{}.memory_limit_bytes;
  bool split_partitions = true;  // false: --no-split, all keys as one object
};

struct CheckRun {
  const checkers::History* history = nullptr;  // outlives the CheckRun
  std::string spec;                            // the spec's registry name
  CheckLimits limits;
  checkers::CheckResult result;
  double elapsed_ms = 0;  // wall time of the search alone (not of reading the file)
};

// Checks `history` against `spec` within `limits`. The budget is the only wall clock:
// the search and its verdict stay deterministic.
CheckRun RunCheck(const checkers::History& history, const checkers::Spec& spec,
                  const CheckLimits& limits);

// The report: verdict, spec, history, limits, states explored, elapsed time, and the
// unknown reason or the violation's evidence (docs/check-report.md).
nlohmann::json CheckReportJson(const CheckRun& run);

// One op as the report shows it: index, line, process, f, key, values, times, status.
nlohmann::json OpJson(const checkers::History& history, size_t index);

// The failure view (viz/failure_view.h) of a report CheckReportJson built, read back through
// viz's report reader so the page draws exactly what the JSON says. `source` names the
// report in errors; `trace`: the run's trace events, or nullptr (a bare history). An error
// (Internal) means the report and the reader disagree: a bug.
absl::StatusOr<std::string> FailureViewHtml(const nlohmann::json& report, const std::string& source,
                                            const viz::TraceEvents* trace);

// 0 linearizable, 1 not, 2 unknown (cli/exit_codes.h).
int VerdictExitCode(checkers::Verdict verdict);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_REPORT_H_
