#include "models/builtin_models.h"

#include "models/lock/lock_redis.h"
#include "models/log/log_partitioned.h"
#include "models/mq/mq_broker.h"
#include "models/primary_backup/kv_primary_backup.h"
#include "models/quorum/kv_quorum.h"
#include "models/raft/kv_raft.h"
#include "models/shard/kv_sharded.h"

namespace faultline::models {

void RegisterBuiltinModels(sim::ModelRegistry& registry) {
  registry.Add(PrimaryBackupModelInfo());
  registry.Add(RaftModelInfo());
  registry.Add(QuorumModelInfo());
  registry.Add(MqBrokerModelInfo());
  registry.Add(LogPartitionedModelInfo());
  registry.Add(LockRedisModelInfo());
  registry.Add(shard::ShardedModelInfo());
}

}  // namespace faultline::models
