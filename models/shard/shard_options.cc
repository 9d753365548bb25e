#include "models/shard/shard_options.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace faultline::models::shard {
namespace {

using sim::ChoiceParam;
using sim::DurationParam;
using sim::IntegerParam;
using sim::ModelParam;
using sim::ParamOr;

constexpr int64_t kShardRoutersMax = 8;
constexpr int64_t kShardGroupsMax = 32;
constexpr int64_t kShardReplicasMax = 7;
constexpr int64_t kShardKeysMax = 1000000;

// Every shard duration is capped at an hour.
ModelParam ShardDurationParam(std::string name, std::string def, sim::Nanos min, std::string help) {
  return DurationParam(std::move(name), std::move(def), min, 3600 * sim::kSecond, std::move(help));
}

// remove_shard_at's combinations: which shard, and that another stays.
std::optional<std::string> CheckShardRemoval(const ShardOptions& o) {
  if (o.remove_shard_at_ns == 0) return std::nullopt;
  if (o.strategy == Strategy::kDirectory) {
    return "remove_shard_at does not yet move a directory's assignments (the dir group holds "
           "them): use another strategy or remove_shard_at: 0s";
  }
  const bool added_first = o.add_shard_at_ns > 0 && o.add_shard_at_ns < o.remove_shard_at_ns;
  const bool split_first = o.split_at_ns > 0 && o.split_at_ns < o.remove_shard_at_ns;
  const int live = o.shards + (added_first ? 1 : 0) + (split_first ? 1 : 0);
  if (live < 2) {
    return absl::StrCat("remove_shard_at would remove the only shard (shards is ", o.shards,
                        "): raise shards to at least 2, or add one first with add_shard_at");
  }
  if (o.remove_shard >= live) {
    return absl::StrCat("remove_shard (", o.remove_shard, ") must name a shard that exists at ",
                        "remove_shard_at (0..", live - 1,
                        "): lower it, or use -1 for the highest live shard");
  }
  if (o.remove_shard_at_ns == o.add_shard_at_ns || o.remove_shard_at_ns == o.split_at_ns) {
    return "remove_shard_at is the same instant as add_shard_at or split_at, so which comes "
           "first is ambiguous: move remove_shard_at earlier or later";
  }
  return std::nullopt;
}

}  // namespace

std::vector<sim::EndpointId> ShardOptions::Members(int group) const {
  std::vector<sim::EndpointId> members;
  const int size = has_directory() && group == dir_group() ? kDirReplicas : replicas;
  for (int r = 0; r < size; ++r) members.push_back(routers + group * replicas + r);
  return members;
}

std::vector<ModelParam> ShardParams() {
  return {
      IntegerParam("routers", "1", 1, kShardRoutersMax,
                   "router nodes n1..nR (role router; n1 coordinates migrations); clients "
                   "use route: role:router (1 to 8)"),
      IntegerParam("shards", "3", 1, kShardGroupsMax,
                   "shard groups shard0.. after the routers, each `replicas` nodes (1 to 32)"),
      IntegerParam("replicas", "3", 1, kShardReplicasMax, "nodes per shard group (1 to 7)"),
      IntegerParam("spare_shards", "0", 0, kShardGroupsMax,
                   "idle groups after the shards that add_shard_at brings in (0 to 32)"),
      ChoiceParam("strategy", "hash-mod", {"hash-mod", "consistent-hash", "range", "directory"},
                  "which shard owns a key: hash-mod (hash mod n), consistent-hash "
                  "(vnodes points per shard on a ring), range (contiguous key indexes), "
                  "directory (a lookup table in the replicated group dir, 3 more nodes "
                  "after the spares; a key's first use assigns it the least-loaded "
                  "shard)"),
      IntegerParam("vnodes", "256", 1, 4096, "consistent-hash: ring points per shard"),
      IntegerParam("keys", "100", 1, kShardKeysMax,
                   "the key universe k0..k<keys-1> that range splits and topology counts "
                   "cover: set it to the workload's keys.count; at least `shards`"),
      ChoiceParam("group", "raft", {"raft", "primary-backup"},
                  "the replication model of every shard group (with its defaults, "
                  "except the raft_* params below)"),
      ShardDurationParam("raft_heartbeat", "50ms", sim::kMillisecond,
                         "group raft: the groups' heartbeat (kv.raft's heartbeat)"),
      ShardDurationParam("raft_election_timeout", "300ms", sim::kMillisecond,
                         "group raft: the groups' election timeout (kv.raft's)"),
      ShardDurationParam("load_window", "1s", sim::kMillisecond,
                         "each router observes `load` per shard this often (local clock)"),
      ShardDurationParam("call_timeout", "500ms", sim::kMillisecond,
                         "a forward to a shard with no reply this long is given up: the "
                         "client's op stays unknown (the client times out), a migration's "
                         "copy is tried again"),
      ShardDurationParam("migrate_at", "0s", 0,
                         "when router n1 starts moving keys migrate_first..migrate_last to "
                         "shard migrate_to (Stripe's six phases); 0s = never"),
      IntegerParam("migrate_first", "0", 0, kShardKeysMax,
                   "first key index of the migration (k<first>)"),
      IntegerParam("migrate_last", "9", 0, kShardKeysMax,
                   "last key index of the migration, inclusive"),
      IntegerParam("migrate_to", "0", 0, kShardGroupsMax - 1,
                   "the shard the migration moves the keys to (a key already there stays)"),
      IntegerParam("copy_parallel", "4", 1, 64,
                   "bulk-import and validation: keys copied or compared at once"),
      ChoiceParam("validation", "on", {"on", "off"},
                  "off skips the validation phase: a bulk-import copy that raced a "
                  "newer write's copy stays stale at the target and cutover publishes it"),
      ChoiceParam("gating", "on", {"on", "off"},
                  "off switches the route at once: no hold, no drain, so in-flight "
                  "writes and pending copies race new writes at the target"),
      ShardDurationParam("add_shard_at", "0s", 0,
                         "when the next spare group joins: the placement gains a shard and "
                         "the moved keys migrate, one source shard after another; 0s = never"),
      ShardDurationParam("split_at", "0s", 0,
                         "strategy range: when router n1 splits the hottest shard's range at "
                         "its load median (requests per key so far) into the next spare "
                         "group, moving the upper part online; a key carrying more than half "
                         "the shard's load stays hot wherever the cut falls; 0s = never"),
      ShardDurationParam("remove_shard_at", "0s", 0,
                         "when shard remove_shard leaves: the placement drops it (hash-mod "
                         "rehashes, consistent-hash drops its points, range merges its range "
                         "into the lower neighbour) and its keys migrate, one target shard "
                         "after another; its group then idles; 0s = never"),
      IntegerParam("remove_shard", "-1", -1, kShardGroupsMax - 1,
                   "the shard remove_shard_at removes; -1 = the highest live shard at that "
                   "time (an added shard, if add_shard_at came first)"),
  };
}

std::optional<std::string> CheckShardConfig(const sim::ModelConfig& config) {
  const ShardOptions o = ShardOptionsFromConfig(config);
  if (config.node_count != o.NodesNeeded()) {
    return absl::StrCat("kv.sharded lays out routers (", o.routers, ") + (shards (", o.shards,
                        ") + spare_shards (", o.spare_shards, ")) x replicas (", o.replicas, ")",
                        o.has_directory() ? " + 3 directory nodes (strategy directory)" : "", " = ",
                        o.NodesNeeded(), " nodes, but cluster.nodes is ", config.node_count,
                        ": set cluster.nodes to ", o.NodesNeeded(), " or change those params");
  }
  if (o.keys < o.shards + o.spare_shards) {
    return absl::StrCat("keys (", o.keys, ") must be at least shards + spare_shards (",
                        o.shards + o.spare_shards, "): raise keys to the workload's keys.count");
  }
  if (o.migrate_at_ns > 0) {
    if (o.migrate_to >= o.shards) {
      return absl::StrCat("migrate_to (", o.migrate_to, ") must name a shard below shards (",
                          o.shards, ")");
    }
    if (o.migrate_first > o.migrate_last || o.migrate_last >= o.keys) {
      return absl::StrCat("migrate_first..migrate_last (", o.migrate_first, "..", o.migrate_last,
                          ") must be an ascending range inside keys (0..", o.keys - 1, ")");
    }
  }
  if (o.add_shard_at_ns > 0 && o.spare_shards < 1) {
    return "add_shard_at needs a spare group to bring in: set spare_shards to at least 1";
  }
  if (o.split_at_ns > 0 && o.strategy != Strategy::kRange) {
    return "split_at splits a key range: it needs strategy: range (or split_at: 0s)";
  }
  if (o.split_at_ns > 0 && o.spare_shards < (o.add_shard_at_ns > 0 ? 2 : 1)) {
    return "split_at moves half a range to a spare group: raise spare_shards (one per "
           "split_at or add_shard_at)";
  }
  if (auto error = CheckShardRemoval(o)) return error;
  return std::nullopt;
}

ShardOptions ShardOptionsFromConfig(const sim::ModelConfig& config) {
  ShardOptions o;
  const auto& ints = config.integers;
  const auto& durs = config.durations;
  const auto& choices = config.choices;
  o.routers = static_cast<int>(
      std::clamp<int64_t>(ParamOr(ints, "routers", int64_t{1}), 1, kShardRoutersMax));
  o.shards = static_cast<int>(
      std::clamp<int64_t>(ParamOr(ints, "shards", int64_t{3}), 1, kShardGroupsMax));
  o.replicas = static_cast<int>(
      std::clamp<int64_t>(ParamOr(ints, "replicas", int64_t{3}), 1, kShardReplicasMax));
  o.spare_shards = static_cast<int>(
      std::clamp<int64_t>(ParamOr(ints, "spare_shards", int64_t{0}), 0, kShardGroupsMax));
  o.strategy = ParseStrategy(ParamOr(choices, "strategy", std::string("hash-mod")))
                   .value_or(Strategy::kHashMod);
  o.vnodes = static_cast<int>(std::clamp<int64_t>(ParamOr(ints, "vnodes", int64_t{256}), 1, 4096));
  o.keys = std::clamp<int64_t>(ParamOr(ints, "keys", int64_t{100}), 1, kShardKeysMax);
  o.group = ParamOr(choices, "group", std::string("raft")) == "primary-backup"
                ? ShardOptions::Group::kPrimaryBackup
                : ShardOptions::Group::kRaft;
  o.raft_heartbeat_ns =
      std::max(ParamOr(durs, "raft_heartbeat", o.raft_heartbeat_ns), sim::kMillisecond);
  o.raft_election_timeout_ns = std::max(
      ParamOr(durs, "raft_election_timeout", o.raft_election_timeout_ns), sim::kMillisecond);
  o.load_window_ns = std::max(ParamOr(durs, "load_window", o.load_window_ns), sim::kMillisecond);
  o.call_timeout_ns = std::max(ParamOr(durs, "call_timeout", o.call_timeout_ns), sim::kMillisecond);
  o.migrate_at_ns = std::max<sim::Nanos>(ParamOr(durs, "migrate_at", sim::Nanos{0}), 0);
  o.migrate_first = ParamOr(ints, "migrate_first", o.migrate_first);
  o.migrate_last = ParamOr(ints, "migrate_last", o.migrate_last);
  o.migrate_to = static_cast<int>(ParamOr(ints, "migrate_to", int64_t{0}));
  o.copy_parallel =
      static_cast<int>(std::clamp<int64_t>(ParamOr(ints, "copy_parallel", int64_t{4}), 1, 64));
  o.validation = ParamOr(choices, "validation", std::string("on")) == "on";
  o.gating = ParamOr(choices, "gating", std::string("on")) == "on";
  o.add_shard_at_ns = std::max<sim::Nanos>(ParamOr(durs, "add_shard_at", sim::Nanos{0}), 0);
  o.split_at_ns = std::max<sim::Nanos>(ParamOr(durs, "split_at", sim::Nanos{0}), 0);
  o.remove_shard_at_ns = std::max<sim::Nanos>(ParamOr(durs, "remove_shard_at", sim::Nanos{0}), 0);
  o.remove_shard = static_cast<int>(
      std::clamp<int64_t>(ParamOr(ints, "remove_shard", int64_t{-1}), -1, kShardGroupsMax - 1));
  return o;
}

}  // namespace faultline::models::shard
