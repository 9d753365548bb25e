#include "sim/workload.h"

#include <cmath>

#include "base/check.h"

namespace faultline::sim {

OpMix::OpMix(const std::vector<std::pair<std::string, double>>& weights) {
  double sum = 0;
  for (const auto& [f, weight] : weights) sum += weight;
  for (const auto& [f, weight] : weights) {
    const auto ppm = static_cast<uint64_t>(std::llround(weight / sum * 1e6));
    if (ppm > 0) ppm_.emplace_back(f, ppm);
    total_ += ppm;
  }
  FL_CHECK_MSG(total_ > 0, "the workload's op weights are all zero");
}

const std::string& OpMix::Draw(Rng& rng) const {
  uint64_t x = rng.Below(total_);
  for (const auto& [f, weight] : ppm_) {
    if (x < weight) return f;
    x -= weight;
  }
  return ppm_.back().first;
}

}  // namespace faultline::sim
