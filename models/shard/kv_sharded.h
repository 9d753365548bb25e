// kv.sharded: a key-value store split over shard groups, each group an unchanged kv.raft
// (or kv.primary-backup) in its own namespace, behind routers that place keys
// (hash-mod, consistent-hash, range), observe per-shard load, and move keys online in
// Stripe's six phases (migration.h). Layout, params and scenarios: models/README.md.
//
//   registry.Add(ShardedModelInfo());
#ifndef FAULTLINE_MODELS_SHARD_KV_SHARDED_H_
#define FAULTLINE_MODELS_SHARD_KV_SHARDED_H_

#include "sim/model.h"

namespace faultline::models::shard {

sim::ModelInfo ShardedModelInfo();

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_KV_SHARDED_H_
