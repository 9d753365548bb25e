// The view of a kv history that every consistency checker in this folder shares: each
// key's ops, the write that produced each value, and the version order a client can
// observe without looking inside the store.
//
// Sessions. A session is a client, and a client is a history `process`. A process that
// times out (an `info` op) is retired and its client continues under a fresh process id
// (Jepsen's rule), so what a session guarantee promises is kept per process: after a
// timeout the guarantee starts afresh. No op follows an `info` op in its process.
//
// Values name writes. The kv workload writes values no other op writes, so a read's value
// names the write that produced it. A value written by two ops (a hand-written history, a
// register with repeated values) names no write: such values are ignored as evidence.
// A read that returns siblings (a JSON array, e.g. [3,5]) contains each of them.
//
// Version order (a < b), over writes and cas ops of one key:
//   - real time: a completed ok before b was invoked (a.ret < b.call; equal times are
//     concurrent, as in linearizability.h), or
//   - program order: a and b belong to one process and a came first (a ok).
// Nil, the value before any write, precedes every write. `info` writes may or may not
// have happened: they precede nothing (no op completes after them in their process), and
// they are never taken as evidence that a value was visible unless a read returned it.
// `fail` ops did not happen; a value only a failed op wrote names no write.
//
//   absl::StatusOr<KvView> view = KvView::Build(history);
//   for (const KvView::Key& key : view->keys()) ...
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_KV_VIEW_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_KV_VIEW_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "checkers/operation.h"

namespace faultline::checkers::consistency {

// What an ok read returned: the writes of its values, one per value; empty for nil (or
// an empty sibling list). A value that names no write (never written, written only by a
// failed op, or written by two ops) is nullopt.
struct Observation {
  std::vector<std::optional<size_t>> writers;
  bool nil() const { return writers.empty(); }
};

class KvView {
 public:
  struct Key {
    std::string name;
    std::vector<size_t> ops;     // the key's read / write / cas ops, not fail, call order
    std::vector<size_t> writes;  // ok and info writes and cas ops, call order
    std::vector<size_t> reads;   // ok reads with a seen output, call order
  };

  // Indexes `history`, which must outlive the view. InvalidArgument, naming the source
  // and line, for an op other than read / write / cas (these checkers judge kv
  // histories: the `kv` workload's).
  [[nodiscard]] static absl::StatusOr<KvView> Build(const History& history);

  const History& history() const { return *history_; }
  const Operation& op(size_t index) const { return history_->ops[index]; }
  // Sorted by name.
  const std::vector<Key>& keys() const { return keys_; }
  // Ops judged: the kv ops that did not fail.
  size_t judged_ops() const { return judged_ops_; }
  // Values written by more than one op, which therefore name no write.
  size_t ambiguous_values() const { return ambiguous_values_; }

  static bool IsWrite(const Operation& op) { return op.f == "write" || op.f == "cas"; }
  // The value a write or cas writes.
  static const Value& Written(const Operation& op) { return op.f == "cas" ? op.input2 : op.input; }

  // REQUIRES: op(read) is an ok read of a key of this view.
  Observation Observe(size_t read) const;
  // Write a precedes write b in the version order above.
  bool Precedes(size_t a, size_t b) const;
  // Every value of `o` precedes write w (nil precedes every write). False when a value
  // names no write: nothing is known about it.
  bool ObservationPrecedes(const Observation& o, size_t w) const;
  // Whether `o` contains the value of write w.
  static bool Contains(const Observation& o, size_t w);

 private:
  const History* history_ = nullptr;
  std::vector<Key> keys_;
  // Per key (same order as keys_): value text -> the one op that wrote it (SIZE_MAX when
  // two did).
  std::vector<std::map<std::string, size_t>> writers_;
  std::map<std::string, size_t> key_index_;
  size_t judged_ops_ = 0;
  size_t ambiguous_values_ = 0;
};

// "nil", "5", "[3, 5]" (siblings), as evidence shows a read's result.
std::string ReadValueText(const Value& v);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_KV_VIEW_H_
