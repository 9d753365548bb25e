// The `events` workload of mq.broker: producers of per-entity business events
// (created -> paid -> shipped), the case of the requeuing-roulette article.
//
// Each op is a `send` of one entity's next event: the key is the entity ("e7", drawn from
// the scenario's `keys: {count, dist: zipfian|uniform, theta}`), the value its next
// sequence number 1, 2, 3, ... No entity has two sends in flight: its next event is sent
// only after the previous send completed, so the producers' realtime order is each
// entity's causal order. A send that ended `info` (timed out) consumes its number: the
// next event of that entity skips it, as a real producer that gave up would.
//
// Final phase (the drain): each client asks the broker `pending` until the answer is
// empty, or kDrainAsksMax asks have passed. The broker holds a `pending` up to 50ms while
// anything is queued (broker_node.h), so the drain lasts up to about 10s.
//
// Judged by the `ordering` checker (and `exactly-once` where the store claims it).
#ifndef FAULTLINE_MODELS_MQ_EVENTS_WORKLOAD_H_
#define FAULTLINE_MODELS_MQ_EVENTS_WORKLOAD_H_

#include <cstdint>

#include "sim/value.h"
#include "sim/workload.h"

namespace faultline::models {

// Pending asks per client in the final phase before it gives up on the drain.
inline constexpr int kDrainAsksMax = 200;

sim::WorkloadInfo EventsWorkloadInfo();

// The key of entity i: "e7".
sim::Value EntityKey(int64_t index);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_EVENTS_WORKLOAD_H_
