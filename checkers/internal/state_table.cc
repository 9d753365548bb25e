#include "checkers/internal/state_table.h"

#include <optional>
#include <utility>

#include "base/check.h"

namespace faultline::checkers::internal {
namespace {

// Per interned state beyond its bytes: the deque's std::string, the index slot (key,
// value, control byte, load-factor slack) and the heap block header.
constexpr size_t kStateOverheadBytes = sizeof(std::string) + 48;

}  // namespace

uint32_t StateTable::Intern(std::string state) {
  const auto it = ids_.find(absl::string_view(state.data(), state.size()));
  if (it != ids_.end()) return it->second;
  FL_CHECK_MSG(states_.size() < kIllegal, "too many model states");
  const auto id = static_cast<uint32_t>(states_.size());
  memory_bytes_ += state.size() + kStateOverheadBytes;
  states_.push_back(std::move(state));
  const std::string& stored = states_.back();
  ids_.emplace(absl::string_view(stored.data(), stored.size()), id);
  return id;
}

const StateTable::ReadShape& StateTable::Shape(uint32_t local, const Operation& op) {
  ReadShape& shape = reads_[local];
  if (shape.kind != ReadShape::kUnknown) return shape;
  shape.kind = ReadShape::kNotARead;
  std::optional<PureRead> read = spec_.AsPureRead(op);
  if (!read) return shape;
  if (read->any_state) {
    shape.kind = ReadShape::kAnyState;
  } else if (read->states.size() <= kMaxReadStates) {
    shape.kind = ReadShape::kOneOf;
    for (std::string& legal : read->states) shape.states[shape.count++] = Intern(std::move(legal));
  }
  memory_bytes_ += sizeof(ReadShape);
  return shape;
}

uint32_t StateTable::Step(uint32_t state, uint32_t local, const Operation& op) {
  const ReadShape& shape = Shape(local, op);
  if (shape.kind == ReadShape::kAnyState) return state;
  if (shape.kind == ReadShape::kOneOf) {
    for (uint8_t i = 0; i < shape.count; ++i) {
      if (shape.states[i] == state) return state;
    }
    return kIllegal;
  }
  const uint64_t key = uint64_t{state} << 32 | local;
  const auto it = transitions_.find(key);
  if (it != transitions_.end()) return it->second;
  std::optional<std::string> next = spec_.Step(states_[state], op);
  const uint32_t next_id = next ? Intern(std::move(*next)) : kIllegal;
  transitions_.emplace(key, next_id);
  return next_id;
}

}  // namespace faultline::checkers::internal
