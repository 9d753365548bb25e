// Rounds of replica reads for a convergence check: every key at every node, one op at a
// time, repeated until one round finds every key's copies equal (or a bound is reached).
//
// A round reads key by key and, within a key, node by node, so the copies of one key are
// read close together in time. An op is `read-local` of the key, aimed at the node
// (Op::node), with the node's name as its argument ("n2"), so the history says whose copy
// each read saw (checkers/convergence.h reads it back). A `fail` reply means the node keeps
// no copy of that key and does not count. A timeout (`info`, a lost message) is retried
// at once, up to kReadAttempts in all; only then does it leave the round undecided, so
// another round follows. Replica reads are probes (Op::probe): not in the run's op figures.
//
//   ReplicaRounds rounds(/*nodes=*/3, /*keys=*/5);
//   while (std::optional<Op> op = rounds.Next()) { ... rounds.Record(*op, outcome, result); }
#ifndef FAULTLINE_MODELS_KV_REPLICA_ROUNDS_H_
#define FAULTLINE_MODELS_KV_REPLICA_ROUNDS_H_

#include <cstdint>
#include <optional>

#include "sim/op.h"
#include "sim/value.h"

namespace faultline::models {

class ReplicaRounds {
 public:
  // At most this many rounds: a store that never converges still ends its run.
  static constexpr int kMaxRounds = 50;
  // Tries of one (node, key) read in a round before its timeout counts.
  static constexpr int kReadAttempts = 3;

  ReplicaRounds(int nodes, int64_t keys) : nodes_(nodes), keys_(keys) {}

  // The next replica read, or nullopt once a round agreed or kMaxRounds ran.
  // REQUIRES: the previous op, if any, has been recorded.
  std::optional<sim::Op> Next();

  // The outcome of the op Next() returned last.
  void Record(sim::OpOutcome outcome, const sim::Value& result);

  int rounds_started() const { return round_ + (next_ > 0 ? 1 : 0); }

 private:
  const int nodes_;
  const int64_t keys_;
  int round_ = 0;        // rounds completed
  int64_t next_ = 0;     // index in this round of the next read: key * nodes_ + node
  bool agreed_ = true;   // no two copies of a key differed, and no read timed out
  bool done_ = false;
  int attempts_ = 0;     // timed-out tries of the current read
  std::optional<sim::Value> first_copy_;  // the current key's first copy this round
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_KV_REPLICA_ROUNDS_H_
