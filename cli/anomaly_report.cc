#include "cli/anomaly_report.h"

#include <cmath>
#include <cstdint>

namespace faultline::cli {

nlohmann::json MetricJson(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return std::round(v * 1e6) / 1e6;
}

nlohmann::json MetricsJson(const std::map<std::string, double>& metrics) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : metrics) out[name] = MetricJson(v);
  return out;
}

}  // namespace faultline::cli
