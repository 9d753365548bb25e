#include "checkers/linearizability_search.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::checkers::internal {
namespace {

constexpr uint64_t kPollEverySteps = 1024;

// Ops in invocation order (ties by history position), as LinearizedSet's window wants.
std::vector<size_t> ByCallTime(const History& history, std::vector<size_t> ops) {
  std::stable_sort(ops.begin(), ops.end(),
                   [&](size_t a, size_t b) { return history.ops[a].call < history.ops[b].call; });
  return ops;
}

}  // namespace

PartitionSearch::PartitionSearch(const History& history, const Spec& spec,
                                 const CheckOptions& options, std::vector<size_t> ops,
                                 uint64_t* steps, const size_t* held_elsewhere)
    : history_(history),
      options_(options),
      ops_(ByCallTime(history, std::move(ops))),
      steps_(steps),
      held_elsewhere_(held_elsewhere),
      states_(spec, ops_.size()),
      linearized_(ops_.size()) {
  BuildList();
}

void PartitionSearch::BuildList() {
  // (time, kind, local): kind 0 = call sorts before kind 1 = return at equal times, so
  // ops that touch at one timestamp count as concurrent (see linearizability.h).
  std::vector<std::tuple<int64_t, int, int>> events;
  events.reserve(2 * ops_.size());
  for (int i = 0; i < static_cast<int>(ops_.size()); ++i) {
    const Operation& op = Op(i);
    events.emplace_back(op.call, 0, i);
    events.emplace_back(op.status == Status::kInfo ? kOpenEnded : op.ret, 1, i);
  }
  std::sort(events.begin(), events.end());
  nodes_.assign(events.size() + 1, Node{});
  std::vector<int> call_node(ops_.size());
  std::vector<int> return_node(ops_.size());
  for (int n = 0; n < static_cast<int>(nodes_.size()); ++n) {
    nodes_[n].prev = n - 1;
    nodes_[n].next = n + 1 < static_cast<int>(nodes_.size()) ? n + 1 : -1;
    if (n == 0) continue;
    const auto& [time, kind, local] = events[n - 1];
    nodes_[n].local = local;
    (kind == 0 ? call_node : return_node)[local] = n;
  }
  for (size_t i = 0; i < ops_.size(); ++i) nodes_[call_node[i]].match = return_node[i];
}

void PartitionSearch::Lift(int call_node) {
  for (int n : {call_node, nodes_[call_node].match}) {
    nodes_[nodes_[n].prev].next = nodes_[n].next;
    if (nodes_[n].next != -1) nodes_[nodes_[n].next].prev = nodes_[n].prev;
  }
}

void PartitionSearch::Unlift(int call_node) {
  // Reverse order of Lift: each node's saved prev/next are valid again once the nodes
  // lifted after it are back.
  for (int n : {nodes_[call_node].match, call_node}) {
    nodes_[nodes_[n].prev].next = n;
    if (nodes_[n].next != -1) nodes_[nodes_[n].next].prev = n;
  }
}

bool PartitionSearch::Poll() {
  if ((*steps_)++ % kPollEverySteps != 0 || !options_.out_of_budget) return true;
  if (!options_.out_of_budget()) return true;
  budget_exhausted_ = true;
  unknown_reason_ = absl::StrCat("out of budget after ", *steps_, " search steps and ",
                                 memo_.size(), " cached states");
  return false;
}

bool PartitionSearch::TryLinearize(int call_node, uint32_t* state) {
  const int local = nodes_[call_node].local;
  const uint32_t next = states_.Step(*state, static_cast<uint32_t>(local), Op(local));
  if (next == StateTable::kIllegal) return false;
  linearized_.Set(local);
  if (!memo_.Insert(linearized_, next)) {
    linearized_.Clear(local);
    return false;
  }
  stack_.push_back(Frame{call_node, *state});
  *state = next;
  Lift(call_node);
  if (stack_.size() > deepest_.size()) {
    deepest_.resize(stack_.size());
    for (size_t i = deepest_shared_; i < stack_.size(); ++i) {
      deepest_[i] = ops_[nodes_[stack_[i].call_node].local];
    }
    deepest_shared_ = stack_.size();
    stuck_recorded_ = false;
  }
  return true;
}

void PartitionSearch::Pop() {
  const Frame top = stack_.back();
  stack_.pop_back();
  deepest_shared_ = std::min(deepest_shared_, stack_.size());
  linearized_.Clear(nodes_[top.call_node].local);
  Unlift(top.call_node);
}

void PartitionSearch::NoteStuck(int return_node, uint32_t state) {
  // Only the first dead end at the deepest stack is evidence: the longest prefix, the
  // op that had to come next, the state it found.
  if (stuck_recorded_ || return_node == -1 || deepest_shared_ != deepest_.size() ||
      stack_.size() != deepest_.size()) {
    return;
  }
  stuck_recorded_ = true;
  failure_.prefix = deepest_;
  failure_.stuck_op = ops_[nodes_[return_node].local];
  failure_.state = states_.state(state);
}

Verdict PartitionSearch::Run(uint64_t max_steps) {
  if (!started_) {
    started_ = true;
    state_ = states_.Intern(states_.spec().Init());
    for (int i = 0; i < static_cast<int>(ops_.size()); ++i) {
      if (MustTakeEffect(Op(i))) ++ok_remaining_;
    }
    entry_ = nodes_[0].next;
  }
  paused_ = false;
  // Locals while running; written back on every return.
  int entry = entry_;
  uint32_t state = state_;
  auto stop = [&](Verdict v) {
    entry_ = entry;
    state_ = state;
    return v;
  };
  for (uint64_t taken = 0; ok_remaining_ > 0; ++taken) {
    if (taken == max_steps) {
      paused_ = true;
      return stop(Verdict::kUnknown);
    }
    if (!Poll()) return stop(Verdict::kUnknown);
    const bool at_return = entry == -1 || nodes_[entry].match == -1;
    if (at_return && entry != -1 && Op(nodes_[entry].local).status == Status::kInfo) {
      entry = nodes_[entry].next;  // an info op has no deadline
      continue;
    }
    if (at_return) {
      NoteStuck(entry, state);
      if (stack_.empty()) return stop(Verdict::kNotLinearizable);
      const Frame top = stack_.back();
      Pop();
      state = top.state_before;
      if (MustTakeEffect(Op(nodes_[top.call_node].local))) ++ok_remaining_;
      entry = nodes_[top.call_node].next;
      continue;
    }
    if (!TryLinearize(entry, &state)) {
      entry = nodes_[entry].next;
      continue;
    }
    if (MustTakeEffect(Op(nodes_[entry].local))) --ok_remaining_;
    entry = nodes_[0].next;
    if (MemoryBytes() + *held_elsewhere_ > options_.memory_limit_bytes) {
      unknown_reason_ = absl::StrCat("memory limit of ", options_.memory_limit_bytes,
                                     " bytes reached after ", memo_.size(), " cached states");
      return stop(Verdict::kUnknown);
    }
  }
  return stop(Verdict::kLinearizable);
}

}  // namespace faultline::checkers::internal
