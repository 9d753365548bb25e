#include "checkers/linearizability.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/linearizability_search.h"
#include "checkers/whole_history_spec.h"

namespace faultline::checkers {
namespace {

bool Overlaps(const Operation& a, const Operation& b) {
  const int64_t a_ret = a.status == Status::kInfo ? kOpenEnded : a.ret;
  const int64_t b_ret = b.status == Status::kInfo ? kOpenEnded : b.ret;
  return a.call <= b_ret && b.call <= a_ret;
}

Violation MakeViolation(const History& history, const Spec& spec, const std::string& key,
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
      " op(s) and leaves the state ", spec.DescribeState(failure.state), "; ",
      DescribeOp(stuck), " cannot come next, and no other order of the ", v.concurrent.size(),
      " op(s) concurrent with it lets it take effect");
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
  std::string s = absl::StrCat(OpName(op), " ", op.f);
  if (op.f == "read-local" && op.input.kind == Value::Kind::kString) {
    absl::StrAppend(&s, " at ", op.input.s);  // a replica read names its node
  } else if (op.input.kind != Value::Kind::kNil || op.f == "write" || op.f == "cas") {
    absl::StrAppend(&s, " ", op.input.ToString());
  }
  if (op.f == "cas") absl::StrAppend(&s, " ", op.input2.ToString());
  if (op.f == "read" || op.f == "get" || op.f == "read-local") {
    absl::StrAppend(&s, " -> ", op.output.ToString());
  }
  if (op.failed_compare) absl::StrAppend(&s, " -> compare failed");
  const bool info = op.status == Status::kInfo;
  absl::StrAppend(&s, info ? " info" : "", " [", op.call, ", ",
                  info ? std::string("...)") : absl::StrCat(op.ret, "]"));
  if (op.line > 0) absl::StrAppend(&s, " line ", op.line);
  return s;
}

CheckResult CheckLinearizability(const History& history, const Spec& per_key_spec,
                                 const CheckOptions& options) {
  const WholeHistorySpec whole(per_key_spec);
  const Spec& spec = options.split_partitions ? per_key_spec : whole;
  // std::map: partitions are checked in sorted key order, so the verdict and evidence
  // never depend on hashing.
  std::map<std::string, std::vector<size_t>> partitions;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Operation& op = history.ops[i];
    if (op.status == Status::kFail && !op.failed_compare) continue;  // it did not happen
    partitions[spec.Partition(history.ops[i])].push_back(i);
  }
  // Partitions are searched in turns of a fixed number of steps, in key order, each
  // resuming where it paused, so a cheap violation in one key is found before an
  // expensive, valid key is exhausted: the effect of Porcupine's concurrent partitions,
  // without threads, without repeated work, and with the same verdict on every run.
  constexpr uint64_t kTurnSteps = uint64_t{1} << 16;
  struct Live {
    const std::string* key;
    const std::vector<size_t>* ops;
    std::unique_ptr<internal::PartitionSearch> search;
    size_t bytes = 0;  // its MemoryBytes() after its last turn
  };
  CheckResult result;
  uint64_t steps = 0;
  size_t held_elsewhere = 0;
  size_t held_total = 0;
  std::vector<Live> live;
  // Searches are made at their first turn and freed when done, so a history of many
  // small keys holds one search at a time, not one per key.
  for (const auto& [key, ops] : partitions) live.push_back(Live{&key, &ops, nullptr});
  auto explored_by_live = [&] {
    for (const Live& l : live) {
      if (l.search) result.states_explored += l.search->states_explored();
    }
  };
  bool unknown = false;
  while (!live.empty()) {
    std::vector<Live> still;
    for (size_t i = 0; i < live.size(); ++i) {
      Live& l = live[i];
      held_elsewhere = held_total - l.bytes;
      // A key left on its own has nothing to take turns with.
      const bool alone = live.size() - i + still.size() == 1;
      if (!l.search) {
        l.search = std::make_unique<internal::PartitionSearch>(history, spec, options, *l.ops,
                                                               &steps, &held_elsewhere);
      }
      const Verdict v = l.search->Run(alone ? std::numeric_limits<uint64_t>::max() : kTurnSteps);
      held_total = held_elsewhere + l.search->MemoryBytes();
      l.bytes = l.search->MemoryBytes();
      if (l.search->paused()) {
        still.push_back(std::move(l));
        continue;
      }
      held_total -= l.bytes;
      result.states_explored += l.search->states_explored();
      if (v == Verdict::kNotLinearizable) {
        result.verdict = v;
        result.unknown_reason.clear();  // a violation outranks another key's give-up
        result.violation = MakeViolation(history, spec, *l.key, *l.ops, l.search->failure());
        for (size_t j = i + 1; j < live.size(); ++j) still.push_back(std::move(live[j]));
        live = std::move(still);
        explored_by_live();
        return result;
      }
      if (v == Verdict::kLinearizable) {
        l.search.reset();
        continue;
      }
      unknown = true;
      result.unknown_reason = absl::StrCat("key '", *l.key, "': ", l.search->unknown_reason());
      // The caller's budget ends the whole check; a memory stop only gives up on this
      // key (and frees its memory), since another key may still prove a violation.
      if (l.search->budget_exhausted()) {
        for (size_t j = i + 1; j < live.size(); ++j) still.push_back(std::move(live[j]));
        live = std::move(still);
        explored_by_live();
        result.verdict = Verdict::kUnknown;
        return result;
      }
      l.search.reset();
    }
    live = std::move(still);
  }
  result.verdict = unknown ? Verdict::kUnknown : Verdict::kLinearizable;
  return result;
}

}  // namespace faultline::checkers
