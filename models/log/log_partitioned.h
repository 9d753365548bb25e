// log.partitioned: a Kafka-like partitioned, replicated log with a consumer group, the
// Kafka-partitions teaching case of issue 13. Nodes: n1..nB brokers (`brokers`; n1 also
// the controller and group coordinator), then the consumers, then the store (the last
// node). models/README.md describes the protocol, the parameters and the bounds.
#ifndef FAULTLINE_MODELS_LOG_LOG_PARTITIONED_H_
#define FAULTLINE_MODELS_LOG_LOG_PARTITIONED_H_

#include <string_view>

#include "models/log/log_options.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr std::string_view kLogPartitionedName = "log.partitioned";

sim::ModelInfo LogPartitionedModelInfo();

// The options a validated config stands for (also registers the message kinds).
LogOptions LogOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_LOG_PARTITIONED_H_
