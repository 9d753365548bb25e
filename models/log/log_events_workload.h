// The `log-events` workload of log.partitioned: producers of per-entity business events
// (created -> paid -> shipped), as mq.broker's `events`, plus Jepsen-style polls.
//
// - send: the key is the entity ("e7", from the scenario's `keys: {count, dist, theta}`),
//   the value its next sequence number 1, 2, 3, ...; no entity has two sends in flight,
//   so the producers' realtime order is each entity's order. Routed to any broker
//   (role:broker). The ok value is [offset, value, partition] (acks=0: just the value).
//   What the partitioner hashes (entity, region, region+entity) is the model's
//   `partition_key`: the history's key stays the entity, so the checker judges per
//   entity whatever the partitioning.
// - poll (when the mix has it): a client reads one partition from its own position,
//   Jepsen's way: value [[partition, offset]] to role partition:P/leader, ok value
//   [[key, offset, value, partition], ...]; the client moves its position past the last.
//   Each client polls the partitions it has seen in send answers, in turn.
// - final phase (the drain): each client asks n1 `pending` (every record at or after the
//   group's committed offsets) until the answer is empty, at most kLogDrainAsksMax times.
#ifndef FAULTLINE_MODELS_LOG_LOG_EVENTS_WORKLOAD_H_
#define FAULTLINE_MODELS_LOG_LOG_EVENTS_WORKLOAD_H_

#include "sim/workload.h"

namespace faultline::models {

inline constexpr int kLogDrainAsksMax = 200;

sim::WorkloadInfo LogEventsWorkloadInfo();

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_LOG_EVENTS_WORKLOAD_H_
