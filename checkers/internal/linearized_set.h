// The set of a partition's ops linearized so far, as the search's memo key needs it:
// a bitset with an incremental hash (Zobrist: the XOR of a fixed 64-bit code per member,
// so Set and Clear are O(1)) and the span of words that can differ between two sets met
// in one search.
//
// Ops are numbered in invocation order and the search linearizes early ops first, so
// the words below `window_begin()` are (almost always) all ones and the words past the
// last set bit all zeros: the window between them is what a memo entry must store, and
// it stays about as wide as the history's concurrency, not its length.
#ifndef FAULTLINE_CHECKERS_INTERNAL_LINEARIZED_SET_H_
#define FAULTLINE_CHECKERS_INTERNAL_LINEARIZED_SET_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace faultline::checkers::internal {

// The Zobrist code of member `i`: splitmix64's finaliser, a fixed function, so hashes
// are the same in every run and build.
inline uint64_t MemberCode(uint64_t i) {
  uint64_t z = i + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class LinearizedSet {
 public:
  explicit LinearizedSet(size_t members) : words_((members + 63) / 64, 0) {}

  bool Test(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  void Set(size_t i);
  void Clear(size_t i);

  uint64_t hash() const { return hash_; }
  // Words [window_begin, window_begin + window.size()) hold every bit that is not
  // implied: all words before are all ones, all words after are zero. Two sets are
  // equal iff their window_begin and window contents are.
  size_t window_begin() const { return low_; }
  std::span<const uint64_t> window() const {
    if (end_ <= low_) return {};
    return std::span<const uint64_t>(words_).subspan(low_, end_ - low_);
  }

 private:
  std::vector<uint64_t> words_;
  uint64_t hash_ = 0;
  size_t low_ = 0;  // the first word that is not all ones (words_.size() if none)
  size_t end_ = 0;  // one past the last word that is not zero (0 if none)
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_LINEARIZED_SET_H_
