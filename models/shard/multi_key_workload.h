// The kv-multi workload for kv.sharded: multi-key reads and writes that span shards.
//
// Each op is a `multi-read` or a `multi-write` (the scenario's `ops` mix) of 2 or 3
// distinct keys drawn with the scenario's key chooser (`workload.keys`), sorted by index;
// the history's key is the list ["k1","k7"]. A multi-write writes one value no other op
// wrote (1, 2, 3, ...) to every key it names, so a read names the write it saw; a
// multi-read's result is the list of values in key order (null: never written). The router
// scatters each op to the keys' shards and gathers the answers without a two-phase commit
// (router_node.h), so a multi-read can see part of a multi-write: the `read-atomic`
// checker (checkers/multikey/) counts such fractured reads and measures the cross-shard
// latency. No final phase: the checker judges the workload's own reads.
//
//   info.workloads.push_back(MultiKeyWorkloadInfo());   // in kv.sharded's ModelInfo
//   Op{.f = "multi-write", .key = ["k1","k7"], .value = 5}
#ifndef FAULTLINE_MODELS_SHARD_MULTI_KEY_WORKLOAD_H_
#define FAULTLINE_MODELS_SHARD_MULTI_KEY_WORKLOAD_H_

#include <string_view>

#include "sim/workload.h"

namespace faultline::models::shard {

inline constexpr char kMultiRead[] = "multi-read";
inline constexpr char kMultiWrite[] = "multi-write";

// Whether `f` names a multi-key op (the router scatters it).
inline bool IsMultiKeyOp(std::string_view f) { return f == kMultiRead || f == kMultiWrite; }

sim::WorkloadInfo MultiKeyWorkloadInfo();

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_MULTI_KEY_WORKLOAD_H_
