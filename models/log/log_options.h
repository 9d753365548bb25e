// log.partitioned's options and node layout: n1..nB brokers (n1 also the controller and
// the consumer group's coordinator), then the consumers, then the store (the last node).
//
//   LogOptions o;  o.brokers = 3;  o.node_count = 6;   // n1..n3 brokers, n4 n5 consumers, n6 store
//   o.ReplicasOf(4) == {1, 2, 0}                        // partition 4 on n2 (leader), n3, n1
#ifndef FAULTLINE_MODELS_LOG_LOG_OPTIONS_H_
#define FAULTLINE_MODELS_LOG_LOG_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace faultline::models {

struct LogOptions {
  enum class Partitioner : uint8_t { kHash, kRoundRobin, kSticky };
  // What the partitioner hashes: the entity ("e7"), a low-cardinality attribute of it
  // (its region, entity mod 2: a hot partition), or region and entity together.
  enum class PartitionKey : uint8_t { kEntity, kPoor, kCompound };
  enum class Acks : uint8_t { kNone, kLeader, kAll };  // acks=0, 1, all
  enum class Commit : uint8_t { kBefore, kAfter };

  int node_count = 6;
  int brokers = 3;
  int partitions = 6;
  int replicas = 3;  // replication factor, <= brokers
  int replicas_count() const { return replicas < brokers ? replicas : brokers; }
  Partitioner partitioner = Partitioner::kHash;
  PartitionKey partition_key = PartitionKey::kEntity;
  Acks acks = Acks::kAll;
  Commit commit = Commit::kAfter;
  bool idempotent = false;
  bool unclean_leader_election = false;
  int max_poll_records = 10;
  sim::Nanos process_time_ns = 0;              // a consumer's work per record before apply
  sim::Nanos session_timeout_ns = 600 * sim::kMillisecond;  // brokers' and consumers'
  sim::Nanos replica_lag_ns = 300 * sim::kMillisecond;      // out of the ISR after this
  sim::Nanos sticky_interval_ns = 100 * sim::kMillisecond;  // sticky: one partition this long
  sim::Nanos replica_fetch_interval_ns = 20 * sim::kMillisecond;  // leader -> followers

  sim::EndpointId controller() const { return 0; }
  sim::EndpointId store() const { return node_count - 1; }
  bool IsBroker(sim::EndpointId n) const { return n >= 0 && n < brokers; }
  bool IsConsumer(sim::EndpointId n) const { return n >= brokers && n < store(); }
  // The replicas of `partition` in preference order: the first is its initial leader.
  std::vector<sim::EndpointId> ReplicasOf(int partition) const;
};

// Brokers and consumers heartbeat the controller / coordinator this often.
inline constexpr sim::Nanos kHeartbeatIntervalNs = 100 * sim::kMillisecond;

// "n3" for endpoint 2.
std::string LogNodeName(sim::EndpointId node);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_LOG_OPTIONS_H_
