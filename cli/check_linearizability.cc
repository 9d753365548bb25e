#include "cli/check_linearizability.h"

#include <iostream>
#include <vector>

#include "checkers/initial_value_spec.h"
#include "checkers/linearizability.h"
#include "cli/output_file.h"

namespace faultline::cli {
namespace {

// The prefix can be long; every op is printed so the evidence is complete, one per line.
void PrintOps(const checkers::History& history, const std::vector<size_t>& ops) {
  for (size_t i : ops) std::cout << "  " << checkers::DescribeOp(history.ops[i]) << "\n";
}

void PrintViolation(const checkers::History& history, const checkers::Violation& v) {
  std::cout << "key: " << (v.key.empty() ? "(the single object)" : v.key) << "\n";
  std::cout << "longest linearizable prefix (" << v.longest_prefix.size() << " ops):\n";
  PrintOps(history, v.longest_prefix);
  std::cout << "cannot be placed next:\n";
  PrintOps(history, {v.stuck_op});
  std::cout << "concurrent with it (" << v.concurrent.size() << " ops):\n";
  PrintOps(history, v.concurrent);
  if (!v.explanation.empty()) std::cout << v.explanation << "\n";
}

}  // namespace

// Checks linearizability, prints the verdict and evidence, writes the failure view when
// --html asks for it, and returns the report (docs/check-report.md).
absl::StatusOr<nlohmann::json> CheckLinearizability(const checkers::History& history,
                                                    const checkers::Spec& spec,
                                                    const std::optional<checkers::Value>& initial,
                                                    checkers::Semantics semantics,
                                                    const CheckLimits& limits,
                                                    const std::string& history_path,
                                                    const std::string& html_path) {
  std::cout << "model: " << spec.name();
  if (initial) std::cout << " (initial value " << initial->ToString() << ")";
  std::cout << "\n";
  std::optional<checkers::InitialValueSpec> with_initial;
  if (initial) with_initial.emplace(spec, *initial);
  const CheckRun run = RunCheck(history, with_initial ? *with_initial : spec, limits);
  const checkers::CheckResult& result = run.result;
  if (history.ops.empty()) {
    std::cout << "verdict: " << checkers::VerdictName(result.verdict)
              << " (trivially: 0 operations)\n";
  } else {
    std::cout << "verdict: " << checkers::VerdictName(result.verdict) << " ("
              << result.states_explored << " states explored, "
              << static_cast<int64_t>(run.elapsed_ms) << " ms)\n";
  }
  if (result.verdict == checkers::Verdict::kNotLinearizable && result.violation) {
    PrintViolation(history, *result.violation);
  }
  if (result.verdict == checkers::Verdict::kUnknown) {
    std::cout << "reason: " << result.unknown_reason << "\n";
  }
  nlohmann::json report = CheckReportJson(run);
  // How the history was read, so a report says what its verdict assumed.
  report["semantics"] = std::string(checkers::SemanticsName(semantics));
  if (initial) {
    report["initial"] = initial->kind == checkers::Value::Kind::kInt ? nlohmann::json(initial->i)
                                                                     : nlohmann::json(nullptr);
  }
  if (!history.notes.empty()) report["history"]["notes"] = history.notes;
  if (!html_path.empty()) {
    report["html"] = html_path;
    absl::StatusOr<std::string> html = FailureViewHtml(report, history_path, nullptr);
    if (!html.ok()) return html.status();
    if (absl::Status st = WriteFileAtomically(html_path, *html); !st.ok()) return st;
    std::cout << "failure view: " << html_path << "\n";
  }
  return report;
}

}  // namespace faultline::cli
