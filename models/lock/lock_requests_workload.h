// The `lock-requests` workload of lock.redis: the load test. Open loop at the scenario's
// `rate`: each op is a `request` on a lock ("L1"; `keys: {count: N}` gives L1..LN, drawn
// uniformly or zipfian), routed to `role:pod` (a random live pod: the load balancer).
//
// The history records ok with the fencing token the request's write used, fail with the
// pod's reason ("rejected", "busy", "lock-timeout", "fenced"), info when the client's own
// `timeout` passed. There is no final phase: a lock leaves nothing to read back; what
// happened inside is in the nodes' observations (acquire, release, grant, write, pause).
//
// Judged by `mutual-exclusion` (overlapping holders, stale writes, the load metrics) and
// `mutex` (acquire/release linearizability, spec mutex).
#ifndef FAULTLINE_MODELS_LOCK_LOCK_REQUESTS_WORKLOAD_H_
#define FAULTLINE_MODELS_LOCK_LOCK_REQUESTS_WORKLOAD_H_

#include <cstdint>

#include "sim/value.h"
#include "sim/workload.h"

namespace faultline::models {

sim::WorkloadInfo LockRequestsWorkloadInfo();

// The name of lock i: "L1" for 0.
sim::Value LockName(int64_t index);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_LOCK_REQUESTS_WORKLOAD_H_
