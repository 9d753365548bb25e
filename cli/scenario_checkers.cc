#include "cli/scenario_checkers.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "checkers/history_reader.h"
#include "checkers/linearizability.h"
#include "checkers/model.h"

namespace faultline::cli {
namespace {

bool Lists(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

nlohmann::json OpJson(const checkers::History& history, size_t index) {
  const checkers::Operation& op = history.ops[index];
  return {{"index", index}, {"line", op.line},       {"process", op.process},
          {"f", op.f},      {"key", op.key},         {"op", checkers::DescribeOp(op)}};
}

}  // namespace

std::vector<std::string> ScenarioCheckerNames() { return {"linearizability"}; }

absl::Status ValidateScenarioCheckers(const sim::ScenarioSpec& spec) {
  if (Lists(spec.checkers, "linearizability") && !Lists(spec.outputs, "history.jsonl")) {
    return absl::InvalidArgumentError(absl::StrCat(
        spec.file, ": checkers: linearizability reads the run's history; add history.jsonl "
                   "to outputs"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CheckersOutcome> RunScenarioCheckers(const sim::ScenarioSpec& spec,
                                                    const std::string& out_dir,
                                                    double time_limit_s) {
  CheckersOutcome outcome;
  if (!Lists(spec.checkers, "linearizability")) return outcome;
  absl::StatusOr<checkers::History> history = checkers::ReadHistoryFile(
      out_dir + "/history.jsonl", checkers::HistoryFormat::kFaultline);
  if (!history.ok()) return history.status();
  // Every workload op is a per-key register op (read / write / cas): the `kv` model.
  const checkers::Model* model = checkers::FindModel("kv");
  if (model == nullptr) return absl::InternalError("the kv checker model is missing");
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(time_limit_s));
  checkers::CheckOptions options;
  options.out_of_budget = [deadline] { return Clock::now() > deadline; };
  const auto start = Clock::now();
  const checkers::CheckResult r = checkers::CheckLinearizability(*history, *model, options);
  const double took_s = std::chrono::duration<double>(Clock::now() - start).count();

  nlohmann::json j = {{"model", "kv"},
                      {"verdict", std::string(checkers::VerdictName(r.verdict))},
                      {"states_explored", r.states_explored},
                      {"ops", history->ops.size()},
                      {"check_s", took_s}};
  std::string line = absl::StrCat("checker     linearizability (kv model, ", history->ops.size(),
                                  " ops): ");
  switch (r.verdict) {
    case checkers::Verdict::kLinearizable:
      j["valid"] = true;
      absl::StrAppend(&line, "linearizable\n");
      break;
    case checkers::Verdict::kUnknown:
      j["valid"] = "unknown";
      j["unknown_reason"] = r.unknown_reason;
      outcome.valid = "unknown";
      outcome.exit_code = 2;
      absl::StrAppend(&line, "unknown: ", r.unknown_reason, "\n");
      break;
    case checkers::Verdict::kNotLinearizable: {
      j["valid"] = false;
      const checkers::Violation& v = *r.violation;
      nlohmann::json prefix = nlohmann::json::array();
      for (size_t i : v.longest_prefix) prefix.push_back(OpJson(*history, i));
      nlohmann::json concurrent = nlohmann::json::array();
      for (size_t i : v.concurrent) concurrent.push_back(OpJson(*history, i));
      j["violation"] = {{"key", v.key},
                        {"stuck_op", OpJson(*history, v.stuck_op)},
                        {"concurrent", concurrent},
                        {"longest_linearizable_prefix", prefix},
                        {"explanation", v.explanation}};
      outcome.valid = false;
      outcome.exit_code = 1;
      absl::StrAppend(&line, "NOT linearizable on key ", v.key, "\n",
                      "            cannot place: ", checkers::DescribeOp(history->ops[v.stuck_op]),
                      "\n            ", v.explanation, "\n",
                      "            (evidence in results.json; or run: faultline check ", out_dir,
                      "/history.jsonl --model kv)\n");
      break;
    }
  }
  outcome.results["linearizability"] = j;
  outcome.summary = line;
  return outcome;
}

}  // namespace faultline::cli
