#include "checkers/linearizability.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "checkers/linearizability_search.h"
#include "checkers/whole_history_model.h"
#include "sim/strings.h"

namespace faultline::checkers {
namespace {

bool Overlaps(const Operation& a, const Operation& b) {
  const int64_t a_ret = a.status == Status::kInfo ? kOpenEnded : a.ret;
  const int64_t b_ret = b.status == Status::kInfo ? kOpenEnded : b.ret;
  return a.call <= b_ret && b.call <= a_ret;
}

Violation MakeViolation(const History& history, const Model& model, const std::string& key,
                        const std::vector<size_t>& partition_ops,
                        const internal::SearchFailure& failure) {
  Violation v;
  v.key = key;
  v.longest_prefix = failure.prefix;
  v.stuck_op = failure.stuck_op;
  const Operation& stuck = history.ops[v.stuck_op];
  for (size_t i : partition_ops) {
    if (i != v.stuck_op && Overlaps(history.ops[i], stuck)) v.concurrent.push_back(i);
  }
  v.explanation = absl::StrCat(
      "key '", key, "': the longest linearizable prefix has ", v.longest_prefix.size(),
      " op(s) and leaves the state ", model.DescribeState(failure.state), "; op #", v.stuck_op,
      " (", DescribeOp(stuck), ") cannot come next, and no other order of the ",
      v.concurrent.size(), " op(s) concurrent with it lets it take effect");
  return v;
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kLinearizable:
      return "linearizable";
    case Verdict::kNotLinearizable:
      return "not linearizable";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string DescribeOp(const Operation& op) {
  std::string s = absl::StrCat("process ", op.process, " ", op.f);
  if (op.input.kind != Value::Kind::kNil || op.f == "write" || op.f == "cas") {
    absl::StrAppend(&s, " ", op.input.ToString());
  }
  if (op.f == "cas") absl::StrAppend(&s, " ", op.input2.ToString());
  if (op.f == "read" || op.f == "get") absl::StrAppend(&s, " -> ", op.output.ToString());
  const bool info = op.status == Status::kInfo;
  absl::StrAppend(&s, info ? " info" : "", " [", op.call, ", ",
                  info ? std::string("...)") : absl::StrCat(op.ret, "]"));
  if (op.line > 0) absl::StrAppend(&s, " line ", op.line);
  return s;
}

CheckResult CheckLinearizability(const History& history, const Model& per_key_model,
                                 const CheckOptions& options) {
  const WholeHistoryModel whole(per_key_model);
  const Model& model = options.split_partitions ? per_key_model : whole;
  // std::map: partitions are checked in sorted key order, so the verdict and evidence
  // never depend on hashing.
  std::map<std::string, std::vector<size_t>> partitions;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    if (history.ops[i].status == Status::kFail) continue;  // it did not happen
    partitions[model.Partition(history.ops[i])].push_back(i);
  }
  // Partitions are searched in rounds with a growing step limit (x4 per round), so a
  // cheap violation in one key is found before an expensive, valid key is exhausted:
  // the effect of Porcupine's concurrent partitions, without threads and with the same
  // verdict on every run. A key cut off by the round limit starts over in the next round
  // (at most a third of the work is repeated).
  CheckResult result;
  std::vector<std::string> pending;
  for (const auto& [key, ops] : partitions) pending.push_back(key);
  bool unknown = false;
  uint64_t round_limit = uint64_t{1} << 14;
  while (!pending.empty()) {
    std::vector<std::string> next_round;
    for (const std::string& key : pending) {
      const std::vector<size_t>& ops = partitions[key];
      uint64_t steps = 0;
      bool caller_budget_out = false;
      CheckOptions round = options;
      round.out_of_budget = [&] {
        if (options.out_of_budget && options.out_of_budget()) {
          caller_budget_out = true;
          return true;
        }
        // A key left on its own has nothing to interleave with: no limit, no restarts.
        return pending.size() > 1 && steps > round_limit;
      };
      internal::PartitionSearch search(history, model, round, ops, &steps);
      const Verdict v = search.Run();
      result.states_explored += search.states_explored();
      if (v == Verdict::kNotLinearizable) {
        result.verdict = v;
        result.unknown_reason.clear();  // a violation outranks another key's give-up
        result.violation = MakeViolation(history, model, key, ops, search.failure());
        return result;
      }
      if (v == Verdict::kLinearizable) continue;
      if (search.budget_exhausted() && !caller_budget_out) {
        next_round.push_back(key);  // only this round's limit: try again with more
        continue;
      }
      unknown = true;
      result.unknown_reason = absl::StrCat("key '", key, "': ", search.unknown_reason());
      // The caller's budget ends the whole check; a memory stop only gives up on this
      // key, since another key may still prove a violation.
      if (caller_budget_out) {
        result.verdict = Verdict::kUnknown;
        return result;
      }
    }
    pending = std::move(next_round);
    round_limit *= 4;
  }
  result.verdict = unknown ? Verdict::kUnknown : Verdict::kLinearizable;
  return result;
}

}  // namespace faultline::checkers
