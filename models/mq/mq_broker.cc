#include "models/mq/mq_broker.h"

#include <algorithm>
#include <memory>
#include <string>

#include "models/mq/broker_node.h"
#include "models/mq/consumer_node.h"
#include "models/mq/events_workload.h"
#include "models/mq/store_node.h"

namespace faultline::models {
namespace {

using sim::ModelParam;
using sim::ParamOr;

constexpr int64_t kPrefetchMax = 1000;
constexpr int64_t kDeliveriesMax = 1000;

class MqBrokerModel : public sim::Model {
 public:
  explicit MqBrokerModel(MqOptions options) : options_(options) {}

  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId node) override {
    if (node == options_.broker()) return std::make_unique<BrokerNode>(options_);
    if (node == options_.store()) return std::make_unique<StoreNode>(options_);
    return std::make_unique<ConsumerNode>(options_);
  }

 private:
  const MqOptions options_;
};

std::vector<ModelParam> MqParams() {
  return {
      ModelParam{.name = "dispatch",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "shared",
                 .choices = {"shared", "groups", "consistent-hash"},
                 .help = "shared: one queue, competing consumers, round-robin; groups: SQS "
                         "FIFO message groups, one message per key in flight; "
                         "consistent-hash: each key belongs to one consumer's queue, which "
                         "waits while that consumer is down"},
      ModelParam{.name = "consumer",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "naive",
                 .choices = {"naive", "requeue-roulette"},
                 .help = "naive: apply, then ack; requeue-roulette: nack (requeue) an event "
                         "whose predecessor the store has not applied yet"},
      ModelParam{.name = "prefetch",
                 .type = ModelParam::Type::kInteger,
                 .default_value = "1",
                 .choices = {},
                 .help = "unacked deliveries a consumer may hold at once (1 to 1000)",
                 .min = 1,
                 .max = kPrefetchMax},
      ModelParam{.name = "visibility_timeout",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "2s",
                 .choices = {},
                 .help = "an unacked delivery is taken back and redelivered after this "
                         "long (1ms to 1h)",
                 .min = sim::kMillisecond,
                 .max = 3600 * sim::kSecond},
      ModelParam{.name = "dead_letter_after",
                 .type = ModelParam::Type::kInteger,
                 .default_value = "0",
                 .choices = {},
                 .help = "a message back from its Nth delivery goes to the dead-letter "
                         "queue; 0: never (0 to 1000)",
                 .min = 0,
                 .max = kDeliveriesMax},
      ModelParam{.name = "requeue_limit",
                 .type = ModelParam::Type::kInteger,
                 .default_value = "0",
                 .choices = {},
                 .help = "requeue-roulette: apply a message anyway after this many "
                         "requeues; 0: wait for its predecessor forever (0 to 1000)",
                 .min = 0,
                 .max = kDeliveriesMax},
      ModelParam{.name = "process_time",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "0s",
                 .choices = {},
                 .help = "time a consumer spends on a delivery before it talks to the "
                         "store (at most 1h)",
                 .min = 0,
                 .max = 3600 * sim::kSecond},
      ModelParam{.name = "idempotent",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "false",
                 .choices = {"false", "true"},
                 .help = "true: the store ignores an event it applied before "
                         "(exactly-once effects)"},
      ModelParam{.name = "bug",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "none",
                 .choices = {"none", "release-group-on-deliver", "ack-before-apply"},
                 .help = "release-group-on-deliver: under groups, the next message of a key "
                         "goes out as soon as the previous one is delivered, not acked; "
                         "ack-before-apply: consumers ack on receipt, so a crash loses what "
                         "they held"},
  };
}

}  // namespace

MqOptions MqOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds) {
  MqOptions o;
  o.node_count = std::max(config.node_count, 3);
  const std::string dispatch = ParamOr(config.choices, "dispatch", std::string("shared"));
  o.dispatch = dispatch == "groups"            ? MqOptions::Dispatch::kGroups
               : dispatch == "consistent-hash" ? MqOptions::Dispatch::kConsistentHash
                                               : MqOptions::Dispatch::kShared;
  o.consumer = ParamOr(config.choices, "consumer", std::string("naive")) == "requeue-roulette"
                   ? MqOptions::Consumer::kRequeueRoulette
                   : MqOptions::Consumer::kNaive;
  const std::string bug = ParamOr(config.choices, "bug", std::string("none"));
  o.bug = bug == "release-group-on-deliver" ? MqOptions::Bug::kReleaseGroupOnDeliver
          : bug == "ack-before-apply"       ? MqOptions::Bug::kAckBeforeApply
                                            : MqOptions::Bug::kNone;
  o.prefetch = static_cast<int>(
      std::clamp<int64_t>(ParamOr(config.integers, "prefetch", int64_t{1}), 1, kPrefetchMax));
  o.visibility_timeout_ns = std::max(
      ParamOr(config.durations, "visibility_timeout", o.visibility_timeout_ns), sim::kMillisecond);
  o.dead_letter_after = static_cast<int>(std::clamp<int64_t>(
      ParamOr(config.integers, "dead_letter_after", int64_t{0}), 0, kDeliveriesMax));
  o.requeue_limit = static_cast<int>(std::clamp<int64_t>(
      ParamOr(config.integers, "requeue_limit", int64_t{0}), 0, kDeliveriesMax));
  o.process_time_ns =
      std::max<sim::Nanos>(ParamOr(config.durations, "process_time", sim::Nanos{0}), 0);
  o.idempotent = ParamOr(config.choices, "idempotent", std::string("false")) == "true";
  kinds.AddHandledBy<BrokerNode>();
  kinds.AddHandledBy<ConsumerNode>();
  kinds.AddHandledBy<StoreNode>();
  return o;
}

sim::ModelInfo MqBrokerModelInfo() {
  sim::ModelInfo info;
  info.name = kMqBrokerName;
  info.summary =
      "message broker (n1), competing consumers (n2..), downstream store (nN): "
      "requeue roulette vs message groups";
  info.params = MqParams();
  info.workloads = {EventsWorkloadInfo()};
  info.min_nodes = 3;
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    return std::unique_ptr<sim::Model>(new MqBrokerModel(MqOptionsFromConfig(config, kinds)));
  };
  return info;
}

}  // namespace faultline::models
