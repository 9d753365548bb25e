// The kv workload: read / write / cas on a keyspace, for every key-value store family
// (kv.primary-backup, kv.raft, and later kv.quorum).
//
// Keys are "k0".."k{count-1}" drawn uniformly or zipfian (`workload.keys`); every write
// and cas writes a value no other op wrote (1, 2, 3, ...), so a read names the write it
// saw. A cas expects the latest value any client saw acknowledged for its key, so it
// succeeds often enough to matter. The history records a read's result, a write's value
// and a cas's [expected, new], as Jepsen does.
//
// Final phase: every client reads every key, retrying a read that fails or times out up
// to 3 times, so lost writes and divergent replicas show up. Judged by the
// linearizability checker with the `kv` spec. When the scenario checks convergence,
// client 0 then reads every key at every node with `read-local` (replica_rounds.h).
#ifndef FAULTLINE_MODELS_KV_KV_WORKLOAD_H_
#define FAULTLINE_MODELS_KV_KV_WORKLOAD_H_

#include "sim/workload.h"

namespace faultline::models {

sim::WorkloadInfo KvWorkloadInfo();

// The op a convergence check sends to one node: "your own copy of this key, now", answered
// without coordination by any node that keeps a copy (and `fail` by one that does not).
inline constexpr char kReadLocal[] = "read-local";

// The key name of index i: "k3".
sim::Value KvKey(int64_t index);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_KV_KV_WORKLOAD_H_
