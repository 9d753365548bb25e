#include "checkers/internal/memo_table.h"

#include <algorithm>
#include <span>

#include "base/check.h"

namespace faultline::checkers::internal {
namespace {

constexpr size_t kInitialSlots = 1024;  // a power of two

uint64_t SlotOf(uint64_t hash, uint64_t index) { return (hash & ~uint64_t{0xffffffff}) | (index + 1); }

}  // namespace

MemoTable::MemoTable() : slots_(kInitialSlots, 0) {}

uint64_t MemoTable::Hash(const LinearizedSet& set, uint32_t state) {
  // The set's Zobrist hash mixed with the state through the same fixed finaliser.
  return set.hash() ^ MemberCode(~uint64_t{0} - state);
}

bool MemoTable::Matches(const Entry& e, const LinearizedSet& set, uint32_t state) const {
  const std::span<const uint64_t> window = set.window();
  if (e.state != state || e.begin != set.window_begin() || e.words != window.size()) return false;
  return std::equal(window.begin(), window.end(), arena_.begin() + static_cast<ptrdiff_t>(e.offset));
}

bool MemoTable::Insert(const LinearizedSet& set, uint32_t state) {
  const uint64_t hash = Hash(set, state);
  const uint64_t tag = hash & ~uint64_t{0xffffffff};
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (; slots_[i] != 0; i = (i + 1) & mask) {
    if ((slots_[i] & ~uint64_t{0xffffffff}) != tag) continue;
    if (Matches(entries_[(slots_[i] & 0xffffffff) - 1], set, state)) return false;
  }
  const std::span<const uint64_t> window = set.window();
  FL_CHECK_MSG(entries_.size() < 0xffffffffu, "memo table full");
  entries_.push_back(Entry{hash, arena_.size(), state, static_cast<uint32_t>(set.window_begin()),
                           static_cast<uint32_t>(window.size())});
  arena_.insert(arena_.end(), window.begin(), window.end());
  slots_[i] = SlotOf(hash, entries_.size() - 1);
  if (entries_.size() * 2 > slots_.size()) Grow();
  return true;
}

void MemoTable::Grow() {
  std::vector<uint64_t> bigger(slots_.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (size_t index = 0; index < entries_.size(); ++index) {
    const uint64_t hash = entries_[index].hash;
    size_t i = hash & mask;
    while (bigger[i] != 0) i = (i + 1) & mask;
    bigger[i] = SlotOf(hash, index);
  }
  slots_.swap(bigger);
}

size_t MemoTable::memory_bytes() const {
  return entries_.capacity() * sizeof(Entry) + arena_.capacity() * sizeof(uint64_t) +
         slots_.capacity() * sizeof(uint64_t);
}

}  // namespace faultline::checkers::internal
