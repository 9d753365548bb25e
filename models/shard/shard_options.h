// kv.sharded's decoded parameters and its node layout: routers first, then the shard
// groups, then the spare groups a topology change brings in, then (strategy directory)
// the 3-node directory group.
//
//   ShardOptions o = ShardOptionsFromConfig(config);   // after the loader validated it
//   o.Members(2);         // the nodes of group shard2: {R + 2*replicas, ...}
//   o.NodesNeeded();      // routers + (shards + spare_shards) * replicas
#ifndef FAULTLINE_MODELS_SHARD_SHARD_OPTIONS_H_
#define FAULTLINE_MODELS_SHARD_SHARD_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/shard/placement.h"
#include "sim/model.h"
#include "sim/time.h"

namespace faultline::models::shard {

inline constexpr char kShardedName[] = "kv.sharded";

struct ShardOptions {
  enum class Group { kRaft, kPrimaryBackup };
  static constexpr int kDirReplicas = 3;

  int routers = 1;
  int shards = 3;
  int replicas = 3;
  int spare_shards = 0;
  Strategy strategy = Strategy::kHashMod;
  int vnodes = 256;  // as the param's default
  int64_t keys = 100;
  Group group = Group::kRaft;
  sim::Nanos raft_heartbeat_ns = 50 * sim::kMillisecond;
  sim::Nanos raft_election_timeout_ns = 300 * sim::kMillisecond;
  sim::Nanos load_window_ns = sim::kSecond;
  // A forward to a shard that gets no reply this long is given up (outcome unknown).
  sim::Nanos call_timeout_ns = 500 * sim::kMillisecond;
  int tries_max = 6;  // forwards of one request (leader hints and next members)
  // Online migration (0 = never).
  sim::Nanos migrate_at_ns = 0;
  int64_t migrate_first = 0;
  int64_t migrate_last = 9;
  int migrate_to = 0;
  int copy_parallel = 4;
  bool validation = true;
  bool gating = true;
  int validation_passes_max = 5;
  // Topology change (0 = never): the next spare group joins.
  sim::Nanos add_shard_at_ns = 0;
  // Range only (0 = never): split the hottest shard at its load median into a spare.
  sim::Nanos split_at_ns = 0;
  // Topology change (0 = never): shard `remove_shard` (-1 = the highest live id then)
  // leaves; its keys migrate to the shards the placement gives them, its group idles.
  sim::Nanos remove_shard_at_ns = 0;
  int remove_shard = -1;
  // The message namespace of each group (shard0.., then spares), filled by create.
  std::vector<int> group_spaces;

  int group_count() const { return shards + spare_shards; }
  bool has_directory() const { return strategy == Strategy::kDirectory; }
  // The directory group "dir" (strategy directory): group index group_count(), on the
  // 3 nodes after the spare groups.
  int dir_group() const { return group_count(); }
  int NodesNeeded() const {
    return routers + group_count() * replicas + (has_directory() ? kDirReplicas : 0);
  }
  std::vector<sim::EndpointId> Members(int group) const;
  bool IsRouter(sim::EndpointId node) const { return node < routers; }
};

// The model's parameters, with help.
std::vector<sim::ModelParam> ShardParams();
// "what is wrong; the fix" for a combination the params' ranges cannot refuse alone.
std::optional<std::string> CheckShardConfig(const sim::ModelConfig& config);
// Decodes validated parameters; one a caller (a test) left out keeps its default.
ShardOptions ShardOptionsFromConfig(const sim::ModelConfig& config);

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_SHARD_OPTIONS_H_
