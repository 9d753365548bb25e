// Linearizability checking: Wing & Gong's search with Lowe's memoisation, as in
// Porcupine's checkSingle, split per partition (P-compositionality).
//
// Jepsen semantics: fail ops are dropped (they did not happen; but a failed cas that
// Porcupine's semantics mark failed_compare must be placed, as a cas that found another
// value: checkers/semantics.h); an info op may take
// effect at any point after its call, or never, so it may be left out of the
// linearization; a read whose output is Unknown matches any state.
//
// Real-time order: op a precedes op b iff a.ret < b.call. Equal timestamps
// (a.ret == b.call) count as concurrent: the conservative reading, since a clock that
// cannot separate two events cannot prove one happened first. Consequently the
// checker may accept a history that a stricter reading would reject, never the reverse.
//
//   CheckResult r = CheckLinearizability(history, *FindSpec("register"), {});
//   if (r.verdict == Verdict::kNotLinearizable) Print(r.violation->explanation);
#ifndef FAULTLINE_CHECKERS_LINEARIZABILITY_H_
#define FAULTLINE_CHECKERS_LINEARIZABILITY_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checkers/operation.h"
#include "checkers/spec.h"

namespace faultline::checkers {

struct CheckOptions {
  // Polled before the first search step and every 1024 steps after; true stops the
  // whole check with kUnknown. Empty means no budget.
  std::function<bool()> out_of_budget;
  // Estimated bytes of the memo cache (per partition) beyond which the check gives up.
  size_t memory_limit_bytes = size_t{1} << 30;
  // Check each partition (key) on its own (P-compositionality). False checks the whole
  // history as one object: slower, the same verdict; for comparisons and benchmarks.
  bool split_partitions = true;
};

enum class Verdict { kLinearizable, kNotLinearizable, kUnknown };

struct Violation {
  std::string key;  // the partition that failed
  // Indices into History::ops, in linearization order: the deepest linearizable prefix
  // the search reached.
  std::vector<size_t> longest_prefix;
  // An op that had to be linearized next (its return came) but no choice worked.
  size_t stuck_op = 0;
  // Ops of the same partition whose intervals overlap stuck_op's (fail ops excluded, but
  // for failed compares).
  std::vector<size_t> concurrent;
  std::string explanation;
};

struct CheckResult {
  Verdict verdict = Verdict::kLinearizable;
  std::optional<Violation> violation;  // set iff kNotLinearizable
  uint64_t states_explored = 0;        // memo cache entries created, all partitions
  std::string unknown_reason;          // set iff kUnknown
};

// Partitions are checked in sorted key order and the check stops at the first
// violation, so the result is deterministic. A budget stop ends the check at once; a
// memory stop gives up on its key only and the later keys are still checked.
// REQUIRES: call <= ret for every ok op (the history readers validate this).
[[nodiscard]] CheckResult CheckLinearizability(const History& history, const Spec& spec,
                                               const CheckOptions& options);

std::string_view VerdictName(Verdict v);  // "linearizable", "not linearizable", "unknown"

// "op 12 (c4, process 3) read -> 1 [40, 50] line 7", for evidence; "op 12 (process 3) ..."
// when the history does not name its clients.
std::string DescribeOp(const Operation& op);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_LINEARIZABILITY_H_
