#include "sim/latency_histogram.h"

#include <algorithm>
#include <cmath>

#include "base/check.h"

namespace faultline::sim {

int LatencyHistogram::BucketOf(uint64_t v) {
  if (v < static_cast<uint64_t>(kSub)) return static_cast<int>(v);
  const int msb = 63 - __builtin_clzll(v);  // >= kSubBits
  const int shift = msb - kSubBits;
  const int sub = static_cast<int>((v >> shift) & (kSub - 1));
  return (shift + 1) * kSub + sub;
}

uint64_t LatencyHistogram::BucketHigh(int bucket) {
  if (bucket < kSub) return static_cast<uint64_t>(bucket);
  const int shift = bucket / kSub - 1;
  const uint64_t sub = static_cast<uint64_t>(bucket % kSub);
  const uint64_t low = (static_cast<uint64_t>(kSub) | sub) << shift;
  return low + ((uint64_t{1} << shift) - 1);
}

void LatencyHistogram::Record(Nanos d) {
  FL_CHECK(d >= 0);
  ++counts_[BucketOf(static_cast<uint64_t>(d))];
  ++count_;
  max_ = std::max(max_, d);
  min_ = std::min(min_, d);
}

Nanos LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  if (q >= 1) return max_;
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      // Never report beyond what was seen: the bucket's top may exceed the maximum.
      return std::min<Nanos>(static_cast<Nanos>(BucketHigh(b)), max_);
    }
  }
  return max_;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

std::vector<std::pair<Nanos, uint64_t>> LatencyHistogram::Cumulative() const {
  std::vector<std::pair<Nanos, uint64_t>> points;
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets && seen < count_; ++b) {
    if (counts_[b] == 0) continue;
    seen += counts_[b];
    points.emplace_back(std::min<Nanos>(static_cast<Nanos>(BucketHigh(b)), max_), seen);
  }
  return points;
}

}  // namespace faultline::sim
