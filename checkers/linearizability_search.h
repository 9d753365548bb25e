// Internal to linearizability.cc: the search over one partition, as Porcupine's
// checkSingle (Wing & Gong's algorithm with Lowe's memoisation).
//
// The partition's calls and returns form a doubly linked list sorted by time. Scanning
// from the head, a call may be linearized next if the model accepts it and the pair
// (linearized set, new state) is new; linearizing lifts the op's call and return out of
// the list and restarts the scan. Reaching an ok op's return means that op had to be
// linearized already: backtrack. An info op's return never blocks (it may take effect
// at any later time, or never), and the search succeeds once every ok op is linearized.
#ifndef FAULTLINE_CHECKERS_LINEARIZABILITY_SEARCH_H_
#define FAULTLINE_CHECKERS_LINEARIZABILITY_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "checkers/linearizability.h"

namespace faultline::checkers::internal {

struct SearchFailure {
  std::vector<size_t> prefix;  // History::ops indices, linearization order
  size_t stuck_op = 0;         // History::ops index
  std::string state;           // model state after `prefix`
};

class PartitionSearch {
 public:
  // `ops`: History::ops indices of one partition, no fail ops. `steps` is shared by all
  // partitions so the budget is polled at a steady rate across them.
  PartitionSearch(const History& history, const Model& model, const CheckOptions& options,
                  std::vector<size_t> ops, uint64_t* steps);

  Verdict Run();

  uint64_t states_explored() const { return cache_.size(); }
  const SearchFailure& failure() const { return failure_; }
  const std::string& unknown_reason() const { return unknown_reason_; }
  bool budget_exhausted() const { return budget_exhausted_; }

 private:
  struct Node {
    int prev = -1;
    int next = -1;
    int match = -1;  // a call's return node; -1 on return nodes
    int local = 0;   // index into ops_
  };
  struct Frame {
    int call_node;
    uint32_t state_before;
  };
  struct CacheKey {
    std::vector<uint64_t> linearized;
    uint32_t state;
    bool operator==(const CacheKey& o) const {
      return state == o.state && linearized == o.linearized;
    }
    template <typename H>
    friend H AbslHashValue(H h, const CacheKey& k) {
      return H::combine(std::move(h), k.linearized, k.state);
    }
  };

  void BuildList();
  void Lift(int call_node);
  void Unlift(int call_node);
  uint32_t Intern(std::string state);
  const Operation& Op(int local) const { return history_.ops[ops_[local]]; }
  bool Poll();
  // Tries to linearize the op of `call_node` in `*state`; on success pushes a frame,
  // lifts it and updates `*state`.
  bool TryLinearize(int call_node, uint32_t* state);
  void NoteStuck(int return_node, uint32_t state);

  const History& history_;
  const Model& model_;
  const CheckOptions& options_;
  const std::vector<size_t> ops_;
  uint64_t* steps_;

  std::vector<Node> nodes_;  // nodes_[0] is the head sentinel
  std::vector<std::string> states_;
  absl::flat_hash_map<std::string, uint32_t> state_ids_;
  absl::flat_hash_set<CacheKey> cache_;
  size_t memory_bytes_ = 0;
  std::vector<uint64_t> linearized_;  // bitset over ops_
  std::vector<Frame> stack_;

  // The deepest stack so far; once the search first backtracks from that depth,
  // `stuck_recorded_` is set and failure_ is complete.
  SearchFailure failure_;
  bool stuck_recorded_ = false;
  std::string unknown_reason_;
  bool budget_exhausted_ = false;
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_LINEARIZABILITY_SEARCH_H_
