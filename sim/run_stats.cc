#include "sim/run_stats.h"

#include <algorithm>
#include <cmath>

namespace faultline::sim {

Nanos LatencyPercentile(std::vector<Nanos> latencies, double q) {
  if (latencies.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(latencies.size())));
  if (rank == 0) rank = 1;
  if (rank > latencies.size()) rank = latencies.size();
  std::nth_element(latencies.begin(), latencies.begin() + (rank - 1), latencies.end());
  return latencies[rank - 1];
}

}  // namespace faultline::sim
