// mq.broker: a message broker with competing consumers that apply per-entity business
// events to a downstream store: the requeuing-roulette case (issue 13).
//
// n1 is the broker (role `broker`), n2..n(N-1) the consumers (role `consumer`), nN the
// store (role `store`). Producers are the `events` workload's clients. See broker_node.h,
// consumer_node.h, store_node.h and ready_queue.h for the protocol, and models/README.md
// for the parameters and the textbook behaviours they show.
//
//   sim::ModelRegistry registry;
//   registry.Add(MqBrokerModelInfo());
#ifndef FAULTLINE_MODELS_MQ_MQ_BROKER_H_
#define FAULTLINE_MODELS_MQ_MQ_BROKER_H_

#include "models/mq/mq_options.h"
#include "sim/message.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr char kMqBrokerName[] = "mq.broker";

// The model's name, parameters (with defaults and help), workloads and factory.
sim::ModelInfo MqBrokerModelInfo();

// Decodes validated parameters and registers the model's message kinds in `kinds`.
MqOptions MqOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_MQ_BROKER_H_
