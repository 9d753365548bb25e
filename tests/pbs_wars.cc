#include "tests/pbs_wars.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "base/check.h"
#include "sim/rng.h"

namespace faultline::pbs {

std::vector<double> WarsTVisibility(const WarsConfig& config, const std::vector<Nanos>& ts,
                                    int64_t trials, uint64_t seed) {
  FL_CHECK(config.n >= 1 && config.r >= 1 && config.w >= 1);
  FL_CHECK(config.r <= config.n && config.w <= config.n);
  FL_CHECK(trials > 0);
  const auto n = static_cast<size_t>(config.n);
  sim::Rng rng(seed);
  std::vector<Nanos> write_at(n), ack_at(n), read_at(n), reply_at(n);
  std::vector<size_t> order(n);
  // Per trial, the least t at which its read is fresh; P(t) is the share of trials whose
  // threshold is at most t.
  std::vector<Nanos> thresholds;
  thresholds.reserve(static_cast<size_t>(trials));
  for (int64_t trial = 0; trial < trials; ++trial) {
    // One statement per draw: the order of draws is the order of these lines.
    for (size_t i = 0; i < n; ++i) {
      write_at[i] = config.write_request.SampleNanos(rng);
      const Nanos ack = config.write_ack.SampleNanos(rng);
      ack_at[i] = write_at[i] + ack;
      read_at[i] = config.read_request.SampleNanos(rng);
      const Nanos reply = config.read_response.SampleNanos(rng);
      reply_at[i] = read_at[i] + reply;
    }
    std::vector<Nanos> acks = ack_at;
    std::nth_element(acks.begin(), acks.begin() + (config.w - 1), acks.end());
    const Nanos commit = acks[static_cast<size_t>(config.w - 1)];
    // The R fastest replies; ties go to the lower replica index, as a stable sort keeps them.
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return reply_at[a] < reply_at[b]; });
    // The read is fresh at t when some quorum member had the write by the time the read
    // request reached it; the smallest such t over the quorum is the trial's threshold.
    Nanos threshold = std::numeric_limits<Nanos>::max();
    for (int k = 0; k < config.r; ++k) {
      const size_t i = order[static_cast<size_t>(k)];
      threshold = std::min(threshold, write_at[i] - commit - read_at[i]);
    }
    thresholds.push_back(threshold);
  }
  std::sort(thresholds.begin(), thresholds.end());
  std::vector<double> p(ts.size());
  for (size_t j = 0; j < ts.size(); ++j) {
    const auto fresh = std::upper_bound(thresholds.begin(), thresholds.end(), ts[j]) -
                       thresholds.begin();
    p[j] = static_cast<double>(fresh) / static_cast<double>(trials);
  }
  return p;
}

}  // namespace faultline::pbs
