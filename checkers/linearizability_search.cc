#include "checkers/linearizability_search.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/check.h"

namespace faultline::checkers::internal {
namespace {

constexpr uint64_t kPollEverySteps = 1024;
// Bytes a hash-set slot or a heap block costs beyond its payload: control byte, load
// factor slack and allocator header. An estimate; the limit is a guard, not an account.
constexpr size_t kEntryOverheadBytes = 32;

}  // namespace

PartitionSearch::PartitionSearch(const History& history, const Model& model,
                                 const CheckOptions& options, std::vector<size_t> ops,
                                 uint64_t* steps)
    : history_(history), model_(model), options_(options), ops_(std::move(ops)), steps_(steps) {
  linearized_.assign((ops_.size() + 63) / 64, 0);
  BuildList();
}

void PartitionSearch::BuildList() {
  // (time, kind, local): kind 0 = call sorts before kind 1 = return at equal times, so
  // ops that touch at one timestamp count as concurrent (see linearizability.h).
  std::vector<std::tuple<int64_t, int, int>> events;
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

uint32_t PartitionSearch::Intern(std::string state) {
  auto [it, inserted] = state_ids_.try_emplace(state, static_cast<uint32_t>(states_.size()));
  if (inserted) {
    memory_bytes_ += 2 * (sizeof(std::string) + state.size() + kEntryOverheadBytes);
    states_.push_back(std::move(state));
  }
  return it->second;
}

bool PartitionSearch::Poll() {
  if ((*steps_)++ % kPollEverySteps != 0 || !options_.out_of_budget) return true;
  if (!options_.out_of_budget()) return true;
  budget_exhausted_ = true;
  unknown_reason_ = absl::StrCat("out of budget after ", *steps_, " search steps and ",
                                 cache_.size(), " cached states");
  return false;
}

bool PartitionSearch::TryLinearize(int call_node, uint32_t* state) {
  const int local = nodes_[call_node].local;
  std::optional<std::string> next = model_.Step(states_[*state], Op(local));
  if (!next) return false;
  const uint32_t next_id = Intern(std::move(*next));
  linearized_[local / 64] |= uint64_t{1} << (local % 64);
  if (!cache_.insert(CacheKey{linearized_, next_id}).second) {
    linearized_[local / 64] &= ~(uint64_t{1} << (local % 64));
    return false;
  }
  memory_bytes_ += sizeof(CacheKey) + 8 * linearized_.size() + 2 * kEntryOverheadBytes;
  stack_.push_back(Frame{call_node, *state});
  *state = next_id;
  Lift(call_node);
  if (stack_.size() > failure_.prefix.size()) {
    failure_.prefix.clear();
    for (const Frame& f : stack_) failure_.prefix.push_back(ops_[nodes_[f.call_node].local]);
    stuck_recorded_ = false;
  }
  return true;
}

void PartitionSearch::NoteStuck(int return_node, uint32_t state) {
  if (stuck_recorded_ || return_node == -1 || stack_.size() != failure_.prefix.size()) return;
  stuck_recorded_ = true;
  failure_.stuck_op = ops_[nodes_[return_node].local];
  failure_.state = states_[state];
}

Verdict PartitionSearch::Run() {
  uint32_t state = Intern(model_.Init());
  size_t ok_remaining = 0;
  for (int i = 0; i < static_cast<int>(ops_.size()); ++i) {
    if (Op(i).status == Status::kOk) ++ok_remaining;
  }
  int entry = nodes_[0].next;
  while (ok_remaining > 0) {
    if (!Poll()) return Verdict::kUnknown;
    const bool at_return = entry == -1 || nodes_[entry].match == -1;
    if (at_return && entry != -1 && Op(nodes_[entry].local).status == Status::kInfo) {
      entry = nodes_[entry].next;  // an info op has no deadline
      continue;
    }
    if (at_return) {
      NoteStuck(entry, state);
      if (stack_.empty()) return Verdict::kNotLinearizable;
      const Frame top = stack_.back();
      stack_.pop_back();
      state = top.state_before;
      const int local = nodes_[top.call_node].local;
      linearized_[local / 64] &= ~(uint64_t{1} << (local % 64));
      Unlift(top.call_node);
      if (Op(local).status == Status::kOk) ++ok_remaining;
      entry = nodes_[top.call_node].next;
      continue;
    }
    if (!TryLinearize(entry, &state)) {
      entry = nodes_[entry].next;
      continue;
    }
    if (Op(nodes_[entry].local).status == Status::kOk) --ok_remaining;
    entry = nodes_[0].next;
    if (memory_bytes_ > options_.memory_limit_bytes) {
      unknown_reason_ = absl::StrCat("memory limit of ", options_.memory_limit_bytes,
                                     " bytes reached after ", cache_.size(), " cached states");
      return Verdict::kUnknown;
    }
  }
  return Verdict::kLinearizable;
}

}  // namespace faultline::checkers::internal
