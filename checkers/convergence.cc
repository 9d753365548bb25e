#include "checkers/convergence.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace faultline::checkers {
namespace {

// What one round saw of one key.
struct KeyRound {
  std::vector<std::pair<std::string, Value>> copies;  // ok reads, in call order
  std::vector<size_t> ops;
  std::set<std::string> settled;    // nodes whose read of it was answered (ok or fail)
  std::set<std::string> timed_out;  // nodes with a read of it that timed out
  bool Unseen() const {
    return std::any_of(timed_out.begin(), timed_out.end(),
                       [&](const std::string& n) { return settled.count(n) == 0; });
  }
  bool Differ() const {
    return std::any_of(copies.begin(), copies.end(),
                       [&](const auto& c) { return !(c.second == copies.front().second); });
  }
};

struct Round {
  int64_t first_call = 0;
  std::map<std::string, KeyRound> keys;  // ordered by key: deterministic evidence
  bool Agrees() const {
    return std::none_of(keys.begin(), keys.end(),
                        [](const auto& k) { return k.second.Unseen() || k.second.Differ(); });
  }
};

std::vector<Round> SplitIntoRounds(const History& history, int64_t* reads) {
  std::vector<size_t> order;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    if (history.ops[i].f == kReplicaReadF) order.push_back(i);
  }
  *reads = static_cast<int64_t>(order.size());
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return history.ops[a].call < history.ops[b].call;
  });
  std::vector<Round> rounds;
  // (node, key) pairs answered in this round; a timed-out read may be tried again in it.
  std::set<std::pair<std::string, std::string>> settled;
  for (size_t i : order) {
    const Operation& op = history.ops[i];
    const std::string node = op.input.kind == Value::Kind::kString ? op.input.s : op.input.ToString();
    if (rounds.empty() || settled.count({node, op.key}) > 0) {
      rounds.push_back(Round{.first_call = op.call, .keys = {}});
      settled.clear();
    }
    KeyRound& k = rounds.back().keys[op.key];
    switch (op.status) {
      case Status::kOk:
        k.copies.emplace_back(node, op.output);
        k.ops.push_back(i);
        k.settled.insert(node);
        settled.insert({node, op.key});
        break;
      case Status::kFail:  // the node keeps no copy of this key
        k.settled.insert(node);
        settled.insert({node, op.key});
        break;
      case Status::kInfo:
        k.timed_out.insert(node);
        k.ops.push_back(i);
        break;
    }
  }
  return rounds;
}

}  // namespace

std::string_view ConvergenceVerdictName(ConvergenceResult::Verdict v) {
  switch (v) {
    case ConvergenceResult::Verdict::kConverged:
      return "converged";
    case ConvergenceResult::Verdict::kDiverged:
      return "diverged";
    case ConvergenceResult::Verdict::kUnknown:
      return "unknown";
  }
  return "?";
}

ConvergenceResult CheckConvergence(const History& history) {
  ConvergenceResult r;
  const std::vector<Round> rounds = SplitIntoRounds(history, &r.replica_reads);
  r.rounds = static_cast<int>(rounds.size());
  if (rounds.empty()) {
    r.unknown_reason =
        "the history has no replica reads (read-local); a scenario that lists checkers: "
        "[convergence] makes the kv workload read every key at every node after its final reads";
    return r;
  }
  r.first_read_ns = rounds.front().first_call;
  const Round& last = rounds.back();
  for (const auto& [key, k] : last.keys) {
    if (!k.Differ()) continue;
    ++r.divergent_keys;
    if (r.divergent.size() < ConvergenceResult::kMaxEvidence) {
      r.divergent.push_back({.key = key, .copies = k.copies, .ops = k.ops});
    }
  }
  if (r.divergent_keys > 0) {
    r.verdict = ConvergenceResult::Verdict::kDiverged;
    return r;
  }
  if (!last.Agrees()) {
    r.unknown_reason = absl::StrCat("the last of ", rounds.size(),
                                    " rounds of replica reads had a read that timed out, and no "
                                    "copies that differed");
    return r;
  }
  int first = static_cast<int>(rounds.size()) - 1;
  while (first > 0 && rounds[static_cast<size_t>(first - 1)].Agrees()) --first;
  r.verdict = ConvergenceResult::Verdict::kConverged;
  r.converged_round = first;
  r.converged_at_ns = rounds[static_cast<size_t>(first)].first_call;
  r.time_to_converge_ns = r.converged_at_ns - r.first_read_ns;
  return r;
}

}  // namespace faultline::checkers
