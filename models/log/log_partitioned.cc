#include "models/log/log_partitioned.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "models/log/broker_node.h"
#include "models/log/consumer_node.h"
#include "models/log/log_events_workload.h"
#include "models/log/store_node.h"

namespace faultline::models {
namespace {

using sim::ChoiceParam;
using sim::DurationParam;
using sim::IntegerParam;
using sim::ModelParam;
using sim::ParamOr;

constexpr int64_t kBrokersMax = 16;
constexpr int64_t kPartitionsMax = 64;
constexpr int64_t kPollRecordsMax = 1000;

class LogPartitionedModel : public sim::Model {
 public:
  explicit LogPartitionedModel(LogOptions options) : options_(options) {}

  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId node) override {
    if (options_.IsBroker(node)) return std::make_unique<LogBrokerNode>(options_);
    if (node == options_.store()) return std::make_unique<LogStoreNode>(options_);
    return std::make_unique<LogConsumerNode>(options_);
  }

 private:
  const LogOptions options_;
};

std::vector<ModelParam> LogParams() {
  return {
      IntegerParam("brokers", "3", 1, kBrokersMax,
                   "brokers n1..nB (n1 also controller and group coordinator); the consumers "
                   "follow, the store is the last node (1 to 16)"),
      IntegerParam("partitions", "6", 1, kPartitionsMax, "partitions of the one topic (1 to 64)"),
      IntegerParam("replicas", "3", 1, kBrokersMax,
                   "replication factor, placed round-robin (at most `brokers`; more is cut to "
                   "`brokers`)"),
      ChoiceParam("partitioner", "hash", {"hash", "round-robin", "sticky"},
                  "hash: of the partition key (per-key order); round-robin: the next partition "
                  "per send; sticky: one partition per sticky_interval (no per-key order)"),
      ChoiceParam("partition_key", "entity", {"entity", "poor", "compound"},
                  "what hash partitions by: the entity (e7); poor: its region (entity mod 2, "
                  "a hot partition); compound: region and entity (r1/e7)"),
      ChoiceParam("acks", "all", {"0", "1", "all"},
                  "when a send is acknowledged: 0 at once, 1 when the leader appended, all "
                  "when every in-sync replica has it"),
      ChoiceParam("commit", "after", {"before", "after"},
                  "consumer offset commits: before processing a batch (at-most-once) or after "
                  "(at-least-once)"),
      ChoiceParam("idempotent", "false", {"false", "true"},
                  "true: the leader appends a retried forward of a send only once"),
      ChoiceParam("unclean_leader_election", "false", {"false", "true"},
                  "true: with no in-sync replica alive, an out-of-sync one may lead (losing "
                  "what only the ISR had); false: the partition waits offline"),
      IntegerParam("max_poll_records", "10", 1, kPollRecordsMax,
                   "records a consumer fetches and processes per batch (1 to 1000)"),
      DurationParam("process_time", "0s", 0, 3600 * sim::kSecond,
                    "a consumer's work per record before it applies it (at most 1h)"),
      DurationParam("session_timeout", "600ms", 200 * sim::kMillisecond, 3600 * sim::kSecond,
                    "a broker or consumer silent this long is dead (heartbeats every 100ms; "
                    "200ms to 1h)"),
      DurationParam("replica_lag", "300ms", sim::kMillisecond, 3600 * sim::kSecond,
                    "a follower not caught up for this long leaves the ISR (1ms to 1h)"),
      DurationParam("replica_fetch_interval", "20ms", sim::kMillisecond, 10 * sim::kSecond,
                    "the leader sends followers new records this often (1ms to 10s)"),
      DurationParam("sticky_interval", "100ms", sim::kMillisecond, 3600 * sim::kSecond,
                    "sticky partitioner: how long one partition takes every send (1ms to 1h)"),
  };
}

std::optional<std::string> CheckConfig(const sim::ModelConfig& config) {
  const int64_t brokers = ParamOr(config.integers, "brokers", int64_t{3});
  if (config.node_count < brokers + 2) {
    return absl::StrCat("log.partitioned needs the brokers (", brokers,
                        "), at least one consumer and the store: nodes must be at least ",
                        brokers + 2, " (raise cluster.nodes or lower brokers)");
  }
  return std::nullopt;
}

}  // namespace

LogOptions LogOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds) {
  LogOptions o;
  o.brokers = static_cast<int>(
      std::clamp<int64_t>(ParamOr(config.integers, "brokers", int64_t{3}), 1, kBrokersMax));
  o.node_count = std::max(config.node_count, o.brokers + 2);
  o.partitions = static_cast<int>(
      std::clamp<int64_t>(ParamOr(config.integers, "partitions", int64_t{6}), 1, kPartitionsMax));
  o.replicas = static_cast<int>(
      std::clamp<int64_t>(ParamOr(config.integers, "replicas", int64_t{3}), 1, kBrokersMax));
  const std::string partitioner = ParamOr(config.choices, "partitioner", std::string("hash"));
  o.partitioner = partitioner == "round-robin" ? LogOptions::Partitioner::kRoundRobin
                  : partitioner == "sticky"    ? LogOptions::Partitioner::kSticky
                                               : LogOptions::Partitioner::kHash;
  const std::string key = ParamOr(config.choices, "partition_key", std::string("entity"));
  o.partition_key = key == "poor"       ? LogOptions::PartitionKey::kPoor
                    : key == "compound" ? LogOptions::PartitionKey::kCompound
                                        : LogOptions::PartitionKey::kEntity;
  const std::string acks = ParamOr(config.choices, "acks", std::string("all"));
  o.acks = acks == "0"   ? LogOptions::Acks::kNone
           : acks == "1" ? LogOptions::Acks::kLeader
                         : LogOptions::Acks::kAll;
  o.commit = ParamOr(config.choices, "commit", std::string("after")) == "before"
                 ? LogOptions::Commit::kBefore
                 : LogOptions::Commit::kAfter;
  o.idempotent = ParamOr(config.choices, "idempotent", std::string("false")) == "true";
  o.unclean_leader_election =
      ParamOr(config.choices, "unclean_leader_election", std::string("false")) == "true";
  o.max_poll_records = static_cast<int>(std::clamp<int64_t>(
      ParamOr(config.integers, "max_poll_records", int64_t{10}), 1, kPollRecordsMax));
  o.process_time_ns =
      std::max<sim::Nanos>(ParamOr(config.durations, "process_time", sim::Nanos{0}), 0);
  o.session_timeout_ns = std::max(
      ParamOr(config.durations, "session_timeout", o.session_timeout_ns), 200 * sim::kMillisecond);
  o.replica_lag_ns =
      std::max(ParamOr(config.durations, "replica_lag", o.replica_lag_ns), sim::kMillisecond);
  o.replica_fetch_interval_ns =
      std::max(ParamOr(config.durations, "replica_fetch_interval", o.replica_fetch_interval_ns),
               sim::kMillisecond);
  o.sticky_interval_ns = std::max(
      ParamOr(config.durations, "sticky_interval", o.sticky_interval_ns), sim::kMillisecond);
  kinds.AddHandledBy<LogBrokerNode>();
  kinds.AddHandledBy<LogConsumerNode>();
  kinds.AddHandledBy<LogStoreNode>();
  return o;
}

sim::ModelInfo LogPartitionedModelInfo() {
  sim::ModelInfo info;
  info.name = std::string(kLogPartitionedName);
  info.summary =
      "Kafka-like partitioned log: brokers n1..nB (replication, ISR, acks, "
      "elections), a consumer group (rebalances, commits), a store (last node)";
  info.params = LogParams();
  info.workloads = {LogEventsWorkloadInfo()};
  info.min_nodes = 3;
  info.check_config = CheckConfig;
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    return std::unique_ptr<sim::Model>(
        new LogPartitionedModel(LogOptionsFromConfig(config, kinds)));
  };
  return info;
}

}  // namespace faultline::models
