// The convergence checker: once faults have healed and the system is quiet, does every
// replica hold the same data, and how long did that take?
//
// It reads the replica reads of a history: ops `read-local` of a key, whose argument names
// the node that answered ("n2") and whose result is that node's own copy. The kv workload
// issues them in rounds (models/kv/replica_rounds.h) after its final reads when a scenario
// lists `checkers: [convergence]`: every key at every node, round after round until one
// round finds all copies equal. Here a round ends where a (node, key) pair that was
// answered repeats (a timed-out read may be tried again within its round). A `fail` read
// (the node keeps no copy of that key) does not count; a node whose every read of a key in
// a round timed out leaves that key's agreement unknown in that round.
//
// Verdicts: converged (the last round agrees on every key), diverged (it does not; the
// evidence lists each differing key's copies, node by node), unknown (no replica reads,
// or the last round has a timed-out read and no difference). Time to converge: from the
// first replica read (the final phase, `recovery` after the faults healed) to the first
// read of the first round after which every round agrees.
//
//   ConvergenceResult r = CheckConvergence(history);
//   if (r.verdict == ConvergenceResult::Verdict::kDiverged) ... r.divergent[0].copies ...
#ifndef FAULTLINE_CHECKERS_CONVERGENCE_H_
#define FAULTLINE_CHECKERS_CONVERGENCE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "checkers/operation.h"

namespace faultline::checkers {

inline constexpr char kReplicaReadF[] = "read-local";

struct ConvergenceResult {
  enum class Verdict { kConverged, kDiverged, kUnknown };

  // One key whose copies differ in the last round: each node's copy and the op (index
  // into History::ops) that read it.
  struct Divergence {
    std::string key;
    std::vector<std::pair<std::string, Value>> copies;  // node name, its copy
    std::vector<size_t> ops;
  };

  Verdict verdict = Verdict::kUnknown;
  std::string unknown_reason;
  int rounds = 0;                 // rounds of replica reads in the history
  int64_t replica_reads = 0;      // read-local ops, any outcome
  int converged_round = -1;       // 0-based; -1 unless converged
  int64_t first_read_ns = 0;      // call time of the first replica read
  int64_t converged_at_ns = 0;    // call time of the converged round's first read
  int64_t time_to_converge_ns = -1;  // converged_at_ns - first_read_ns; -1 unless converged
  int64_t divergent_keys = 0;     // keys whose copies differ in the last round
  static constexpr size_t kMaxEvidence = 10;
  std::vector<Divergence> divergent;  // the first kMaxEvidence of them, by key
};

ConvergenceResult CheckConvergence(const History& history);

std::string_view ConvergenceVerdictName(ConvergenceResult::Verdict v);  // "converged", ...

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_CONVERGENCE_H_
