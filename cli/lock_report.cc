#include "cli/lock_report.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/strings.h"
#include "checkers/locks/mutex_check.h"
#include "checkers/locks/mutual_exclusion.h"
#include "cli/anomaly_report.h"

namespace faultline::cli {
namespace {

namespace cl = checkers::locks;
using nlohmann::json;

std::string Counts(const std::string& name, const cl::LockHistory& h) {
  return absl::StrCat(name, " (", h.requests.size(), " requests, ", h.observations(),
                      " observations): ");
}

LockOutcome MutualExclusion(const cl::LockHistory& history) {
  const cl::LockReport report = cl::CheckMutualExclusion(history);
  LockOutcome out;
  const bool valid = report.Valid();
  out.violation = !valid;
  AnomalyLines described = DescribeAnomalies(Counts("mutual-exclusion", history), valid,
                                             report.anomalies, cl::DecidesVerdict);
  std::vector<std::string> notes = history.notes;
  notes.insert(notes.end(), report.notes.begin(), report.notes.end());
  out.report = {{"checker", "mutual-exclusion"},          {"valid", valid},
                {"verdict", valid ? "valid" : "invalid"}, {"ops", history.requests.size()},
                {"observations", history.observations()}, {"anomalies", described.json},
                {"metrics", MetricsJson(report.metrics)}, {"notes", notes}};
  out.lines = std::move(described.lines);
  for (const char* m : {"qps", "latency_p99_ns", "server_utilisation", "overlaps"}) {
    if (const auto it = report.metrics.find(m); it != report.metrics.end()) {
      out.lines.push_back(absl::StrCat("  metric ", m, ": ", MetricJson(it->second).dump()));
    }
  }
  for (const std::string& note : notes) out.lines.push_back(absl::StrCat("  note: ", note));
  return out;
}

LockOutcome Mutex(const cl::LockHistory& history, const LockLimits& limits) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::nanoseconds(limits.time_limit_ns);
  checkers::CheckOptions options;
  options.out_of_budget = [deadline] { return Clock::now() >= deadline; };
  options.memory_limit_bytes = static_cast<size_t>(limits.memory_limit_bytes);
  const cl::MutexOutcome m = cl::CheckMutex(history, options);
  LockOutcome out;
  const checkers::Verdict v = m.result.verdict;
  out.violation = v == checkers::Verdict::kNotLinearizable;
  out.unknown = v == checkers::Verdict::kUnknown;
  int64_t acquires = 0;
  for (const checkers::Operation& op : m.ops.history.ops) acquires += op.f == "acquire";
  const int64_t total = static_cast<int64_t>(m.ops.history.ops.size());
  out.report = {{"checker", "mutex"},
                {"valid", out.unknown ? json("unknown") : json(!out.violation)},
                {"verdict", std::string(checkers::VerdictName(v))},
                {"ops", history.requests.size()},
                {"observations", history.observations()},
                {"mutex_ops", total},
                {"states_explored", m.result.states_explored},
                {"metrics", {{"acquire_ops", acquires}, {"release_ops", total - acquires}}},
                {"notes", m.ops.history.notes}};
  if (out.violation) out.report["evidence"] = m.evidence;
  if (out.unknown) out.report["unknown_reason"] = m.result.unknown_reason;
  std::string first = absl::StrCat(Counts("mutex", history), Sv(checkers::VerdictName(v)), " (",
                                   acquires, " acquire and ", total - acquires, " release ops)");
  out.lines.push_back(std::move(first));
  if (out.violation) out.lines.push_back(absl::StrCat("  ", m.evidence));
  if (out.unknown) out.lines.push_back(absl::StrCat("  ", m.result.unknown_reason));
  for (const std::string& note : m.ops.history.notes) {
    out.lines.push_back(absl::StrCat("  note: ", note));
  }
  return out;
}

}  // namespace

bool IsLockChecker(const std::string& name) {
  return name == "mutual-exclusion" || name == "mutex";
}

LockOutcome RunLockChecker(const std::string& name, const cl::LockHistory& history,
                           const LockLimits& limits) {
  FL_CHECK_MSG(IsLockChecker(name), "not a lock checker");
  return name == "mutex" ? Mutex(history, limits) : MutualExclusion(history);
}

}  // namespace faultline::cli
