// A fixed-size log-linear histogram of durations (HdrHistogram's idea, simplified):
// constant memory however long the run, percentiles within 1/64 (~1.6%) of the truth.
//
//   LatencyHistogram h;
//   h.Record(5 * kMillisecond);
//   Nanos p99 = h.Percentile(0.99);
#ifndef FAULTLINE_SIM_LATENCY_HISTOGRAM_H_
#define FAULTLINE_SIM_LATENCY_HISTOGRAM_H_

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "base/time.h"

namespace faultline::sim {

class LatencyHistogram {
 public:
  // REQUIRES: d >= 0.
  void Record(Nanos d);
  uint64_t count() const { return count_; }
  Nanos max() const { return max_; }
  Nanos min() const { return count_ == 0 ? 0 : min_; }
  // Nearest-rank percentile, q in [0, 1]: the smallest recorded bucket's representative
  // value such that at least q of the samples are at or below it. 0 when empty; the exact
  // maximum for q = 1.
  Nanos Percentile(double q) const;
  // Adds every sample of `other` (runs of several seeds pooled into one distribution).
  void Merge(const LatencyHistogram& other);
  // The empirical CDF: (value, samples at or below it) at each non-empty bucket, in
  // increasing value; the value is the bucket's top, capped at max(). Empty when count 0.
  std::vector<std::pair<Nanos, uint64_t>> Cumulative() const;

 private:
  // Values below 2^kSubBits are exact; above, each power of two is split into
  // 2^kSubBits buckets.
  static constexpr int kSubBits = 6;
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;
  static int BucketOf(uint64_t v);
  static uint64_t BucketHigh(int bucket);  // largest value that maps to `bucket`

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  Nanos max_ = 0;
  Nanos min_ = INT64_MAX;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_LATENCY_HISTOGRAM_H_
