#include "models/log/log_options.h"

#include "absl/strings/str_cat.h"

namespace faultline::models {

std::vector<sim::EndpointId> LogOptions::ReplicasOf(int partition) const {
  std::vector<sim::EndpointId> replicas;
  for (int i = 0; i < replicas_count(); ++i) {
    replicas.push_back(static_cast<sim::EndpointId>((partition + i) % brokers));
  }
  return replicas;
}

std::string LogNodeName(sim::EndpointId node) { return absl::StrCat("n", node + 1); }

}  // namespace faultline::models
