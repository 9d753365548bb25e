// The spec states one partition's search meets, interned to small ids, and the spec's
// transitions between them computed once per (state, op) pair.
//
// The search tries the same op in the same state many times (every rescan of the call
// list after a linearization, every order that reaches the state again), and a spec
// Step builds a string; the transition cache turns all but the first try into one hash
// lookup, so specs stay simple string machines and the search stays fast. Reads, the
// most tried ops, skip even that: Spec::AsPureRead names the states a read is legal
// in, and legality becomes a comparison of ids.
#ifndef FAULTLINE_CHECKERS_INTERNAL_STATE_TABLE_H_
#define FAULTLINE_CHECKERS_INTERNAL_STATE_TABLE_H_

#include <cstddef>
#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "checkers/spec.h"

namespace faultline::checkers::internal {

class StateTable {
 public:
  static constexpr uint32_t kIllegal = 0xffffffffu;

  // `ops`: the number of ops in the partition (the `local` numbers Step receives).
  // REQUIRES: `spec` outlives the table.
  StateTable(const Spec& spec, size_t ops) : spec_(spec), reads_(ops) {}

  uint32_t Intern(std::string state);
  const std::string& state(uint32_t id) const { return states_[id]; }

  // The state after `op` (the partition's op number `local`) takes effect in `state`,
  // or kIllegal.
  uint32_t Step(uint32_t state, uint32_t local, const Operation& op);

  size_t size() const { return states_.size(); }
  // An estimate of the bytes held: states, their index and the transition cache.
  size_t memory_bytes() const { return memory_bytes_ + transitions_.capacity() * 17; }
  const Spec& spec() const { return spec_; }

 private:
  // What AsPureRead said of an op, interned. kOneOf with up to kMaxReadStates states;
  // reads legal in more states take the transition cache like any other op.
  static constexpr size_t kMaxReadStates = 3;
  struct ReadShape {
    enum Kind : uint8_t { kUnknown, kNotARead, kAnyState, kOneOf } kind = kUnknown;
    uint8_t count = 0;
    std::array<uint32_t, kMaxReadStates> states{};
  };
  const ReadShape& Shape(uint32_t local, const Operation& op);

  const Spec& spec_;
  std::vector<ReadShape> reads_;  // by local op number
  std::deque<std::string> states_;  // a deque: interned strings never move
  absl::flat_hash_map<absl::string_view, uint32_t> ids_;
  absl::flat_hash_map<uint64_t, uint32_t> transitions_;  // state << 32 | local -> next
  size_t memory_bytes_ = 0;
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_STATE_TABLE_H_
