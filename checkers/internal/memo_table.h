// The search's memo (Lowe's improvement to Wing & Gong): the (linearized set, state)
// pairs already explored, so a configuration reached again along another order is
// pruned instead of searched twice.
//
// Keys are stored exactly (each set's window of words in one arena, see
// linearized_set.h), never as hashes alone: a hash collision must not prune a branch,
// or the checker could report a violation that is not there. The table is open
// addressing over entry indices, so an entry costs its window plus 32 bytes and the
// memory_bytes() estimate is close to what the process really holds.
#ifndef FAULTLINE_CHECKERS_INTERNAL_MEMO_TABLE_H_
#define FAULTLINE_CHECKERS_INTERNAL_MEMO_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checkers/internal/linearized_set.h"

namespace faultline::checkers::internal {

class MemoTable {
 public:
  MemoTable();

  // Adds (set, state); false if it was already there.
  bool Insert(const LinearizedSet& set, uint32_t state);

  size_t size() const { return entries_.size(); }
  // Bytes held by the table's vectors (capacity, not size).
  size_t memory_bytes() const;

 private:
  struct Entry {
    uint64_t hash;
    uint64_t offset;  // into arena_
    uint32_t state;
    uint32_t begin;   // the set's window_begin
    uint32_t words;   // the window's length
  };

  static uint64_t Hash(const LinearizedSet& set, uint32_t state);
  bool Matches(const Entry& e, const LinearizedSet& set, uint32_t state) const;
  void Grow();

  std::vector<Entry> entries_;
  std::vector<uint64_t> arena_;
  // 0 = empty; otherwise (hash's top 32 bits << 32) | (entry index + 1).
  std::vector<uint64_t> slots_;
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_MEMO_TABLE_H_
