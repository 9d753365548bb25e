#include "cli/convergence_report.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/finding.h"
#include "checkers/convergence.h"
#include "checkers/linearizability.h"
#include "cli/check_report.h"

namespace faultline::cli {
namespace {

using checkers::ConvergenceResult;
using nlohmann::json;

// "k3: n1 = 5, n2 = 7, n3 = 5"
std::string CopiesText(const ConvergenceResult::Divergence& d) {
  std::string text = absl::StrCat(d.key, ":");
  for (size_t i = 0; i < d.copies.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? " " : ", ", d.copies[i].first, " = ",
                    d.copies[i].second.ToString());
  }
  return text;
}

}  // namespace

checkers::History ClientOpsOnly(const checkers::History& history) {
  checkers::History out = history;
  std::erase_if(out.ops,
                [](const checkers::Operation& op) { return op.f == checkers::kReplicaReadF; });
  return out;
}

ConsistencyOutcome RunConvergenceChecker(const checkers::History& history, bool& unknown) {
  const ConvergenceResult r = checkers::CheckConvergence(history);
  ConsistencyOutcome out;
  out.violation = r.verdict == ConvergenceResult::Verdict::kDiverged;
  unknown = r.verdict == ConvergenceResult::Verdict::kUnknown;
  json& j = out.report;
  j = {{"checker", "convergence"},
       {"valid", out.violation ? json(false) : unknown ? json("unknown") : json(true)},
       {"verdict", std::string(checkers::ConvergenceVerdictName(r.verdict))},
       {"replica_reads", r.replica_reads},
       {"rounds", r.rounds},
       {"divergent_keys", r.divergent_keys}};
  if (unknown) j["unknown_reason"] = r.unknown_reason;
  if (r.verdict == ConvergenceResult::Verdict::kConverged) {
    j["converged_round"] = r.converged_round + 1;  // 1-based, as the text says
    j["first_replica_read_ns"] = r.first_read_ns;
    j["converged_at_ns"] = r.converged_at_ns;
    j["time_to_converge_ns"] = r.time_to_converge_ns;
  }
  json evidence = json::array();
  for (const ConvergenceResult::Divergence& d : r.divergent) {
    json copies = json::array();
    for (const auto& [node, value] : d.copies) {
      copies.push_back({{"node", node}, {"value", value.ToString()}});
    }
    json ops = json::array();
    for (size_t i : d.ops) ops.push_back(OpJson(history, i));
    evidence.push_back({{"key", d.key}, {"copies", std::move(copies)}, {"ops", std::move(ops)}});
  }
  j["evidence"] = std::move(evidence);

  out.summary = absl::StrCat("convergence (", r.replica_reads, " replica reads, ", r.rounds,
                             r.rounds == 1 ? " round" : " rounds", "): ");
  switch (r.verdict) {
    case ConvergenceResult::Verdict::kConverged:
      absl::StrAppend(&out.summary, "converged ",
                      checkers::consistency::TimeText(r.time_to_converge_ns),
                      " after the first replica read (round ", r.converged_round + 1, ")");
      out.details = absl::StrCat(
          "convergence: converged ", checkers::consistency::TimeText(r.time_to_converge_ns),
          " after the first replica read (round ", r.converged_round + 1, " of ", r.rounds, "; ",
          r.replica_reads, " replica reads)\n");
      break;
    case ConvergenceResult::Verdict::kUnknown:
      absl::StrAppend(&out.summary, "unknown: ", r.unknown_reason);
      out.details = absl::StrCat("convergence: unknown: ", r.unknown_reason, "\n");
      break;
    case ConvergenceResult::Verdict::kDiverged:
      absl::StrAppend(&out.summary, "DIVERGED: ", r.divergent_keys,
                      r.divergent_keys == 1 ? " key differs" : " keys differ",
                      " in the last round; first: ", CopiesText(r.divergent.front()));
      out.details = absl::StrCat("convergence: diverged (", r.divergent_keys,
                                 r.divergent_keys == 1 ? " key differs" : " keys differ",
                                 " between replicas in the last of ", r.rounds, " rounds)\n");
      for (const ConvergenceResult::Divergence& d : r.divergent) {
        absl::StrAppend(&out.details, "  ", CopiesText(d), "\n");
        for (size_t i : d.ops) {
          absl::StrAppend(&out.details, "    ", checkers::DescribeOp(history.ops[i]), "\n");
        }
      }
      break;
  }
  return out;
}

}  // namespace faultline::cli
