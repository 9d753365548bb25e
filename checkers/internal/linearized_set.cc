#include "checkers/internal/linearized_set.h"

namespace faultline::checkers::internal {

void LinearizedSet::Set(size_t i) {
  const size_t w = i / 64;
  words_[w] |= uint64_t{1} << (i % 64);
  hash_ ^= MemberCode(i);
  if (w + 1 > end_) end_ = w + 1;
  while (low_ < words_.size() && words_[low_] == ~uint64_t{0}) ++low_;
}

void LinearizedSet::Clear(size_t i) {
  const size_t w = i / 64;
  words_[w] &= ~(uint64_t{1} << (i % 64));
  hash_ ^= MemberCode(i);
  if (w < low_) low_ = w;
  while (end_ > 0 && words_[end_ - 1] == 0) --end_;
}

}  // namespace faultline::checkers::internal
