// Internal to linearizability.cc: the search over one partition, as Porcupine's
// checkSingle (Wing & Gong's algorithm with Lowe's memoisation).
//
// The partition's calls and returns form a doubly linked list sorted by time. Scanning
// from the head, a call may be linearized next if the spec accepts it and the pair
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

#include "checkers/internal/linearized_set.h"
#include "checkers/internal/memo_table.h"
#include "checkers/internal/state_table.h"
#include "checkers/linearizability.h"

namespace faultline::checkers::internal {

struct SearchFailure {
  std::vector<size_t> prefix;  // History::ops indices, linearization order
  size_t stuck_op = 0;         // History::ops index
  std::string state;           // spec state after `prefix`
};

class PartitionSearch {
 public:
  // `ops`: History::ops indices of one partition, no fail ops. `steps` is shared by all
  // partitions so the budget is polled at a steady rate across them; `held_elsewhere`
  // is the memory other live searches hold, so the limit bounds them all together.
  PartitionSearch(const History& history, const Spec& spec, const CheckOptions& options,
                  std::vector<size_t> ops, uint64_t* steps, const size_t* held_elsewhere);

  // Searches for at most `max_steps` steps. Returns kUnknown with paused() true when the
  // steps ran out: calling Run again resumes exactly where it stopped.
  Verdict Run(uint64_t max_steps);
  bool paused() const { return paused_; }

  uint64_t states_explored() const { return memo_.size(); }
  size_t MemoryBytes() const { return memo_.memory_bytes() + states_.memory_bytes(); }
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

  void BuildList();
  void Lift(int call_node);
  void Unlift(int call_node);
  const Operation& Op(int local) const { return history_.ops[ops_[local]]; }
  bool Poll();
  // Tries to linearize the op of `call_node` in `*state`; on success pushes a frame,
  // lifts it and updates `*state`.
  bool TryLinearize(int call_node, uint32_t* state);
  void Pop();
  void NoteStuck(int return_node, uint32_t state);

  const History& history_;
  const CheckOptions& options_;
  const std::vector<size_t> ops_;  // sorted by call time: see linearized_set.h
  uint64_t* steps_;
  const size_t* held_elsewhere_;

  std::vector<Node> nodes_;  // nodes_[0] is the head sentinel
  StateTable states_;
  MemoTable memo_;
  LinearizedSet linearized_;  // over ops_
  std::vector<Frame> stack_;
  // Where Run stopped: the scan position, the current state, ok ops not yet linearized.
  bool started_ = false;
  bool paused_ = false;
  int entry_ = -1;
  uint32_t state_ = 0;
  size_t ok_remaining_ = 0;

  // The deepest stack so far, as History::ops indices. Its first `deepest_shared_`
  // entries equal the current stack's, so recording a new deepest stack copies only the
  // part that changed (O(1) amortised per push, not O(depth)).
  std::vector<size_t> deepest_;
  size_t deepest_shared_ = 0;
  // Once the search first backtracks from the deepest stack, failure_ is complete.
  SearchFailure failure_;
  bool stuck_recorded_ = false;
  std::string unknown_reason_;
  bool budget_exhausted_ = false;
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_LINEARIZABILITY_SEARCH_H_
