#include "models/shard/kv_sharded.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/kv/kv_workload.h"
#include "models/primary_backup/kv_primary_backup.h"
#include "models/raft/kv_raft.h"
#include "models/shard/group_dedup.h"
#include "models/shard/multi_key_workload.h"
#include "models/shard/router_node.h"
#include "models/shard/shard_options.h"
#include "sim/composite_model.h"

namespace faultline::models::shard {
namespace {

// The composite's own node on every node that is not a router. A client reaches one only
// when no router is up (route: role:router then picks any node): the request never
// reaches a store, so it fails at once, definitely, rather than stopping the run.
class ShardNotARouterNode final
    : public sim::NodeOf<ShardNotARouterNode, sim::ClientRequest, sim::ClientReply> {
 public:
  void OnStart(sim::Context& /*ctx*/) override {}
  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
    ctx.Send(from, sim::ClientReply::Fail(req));
  }
  // Only a router calls a group from outside it, so no reply is meant for this node.
  void Handle(sim::EndpointId /*from*/, const sim::ClientReply& /*reply*/, sim::Context& /*ctx*/) {}
};

// The group model's config: every param at its default, then the raft_* overrides.
sim::ModelConfig ShardGroupConfig(const sim::ModelInfo& group, const ShardOptions& o) {
  sim::ModelConfig config;
  config.node_count = o.replicas;
  for (const sim::ModelParam& p : group.params) {
    const std::optional<std::string> error = sim::ApplyModelParam(p, p.default_value, &config);
    FL_CHECK_MSG(!error, "a group model's default parameter is invalid");
  }
  if (o.group == ShardOptions::Group::kRaft) {
    config.durations["heartbeat"] = o.raft_heartbeat_ns;
    config.durations["election_timeout"] = o.raft_election_timeout_ns;
  }
  return config;
}

std::unique_ptr<sim::Model> CreateSharded(const sim::ModelConfig& config,
                                          sim::MessageKinds& kinds) {
  ShardOptions options = ShardOptionsFromConfig(config);
  kinds.AddHandledBy<RouterNode>();
  const sim::ModelInfo group =
      options.group == ShardOptions::Group::kRaft ? RaftModelInfo() : PrimaryBackupModelInfo();
  const sim::ModelConfig group_config = ShardGroupConfig(group, options);
  // The routers need the group spaces, known only after AddGroup: fill a shared copy.
  auto shared = std::make_shared<ShardOptions>(options);
  auto model = std::make_unique<sim::CompositeModel>(
      kinds, [shared](sim::EndpointId node) -> std::unique_ptr<sim::Node> {
        if (!shared->IsRouter(node)) return std::make_unique<ShardNotARouterNode>();
        return std::make_unique<RouterNode>(*shared);
      });
  for (int g = 0; g < options.group_count(); ++g) {
    const std::string name = absl::StrCat("shard", g);
    model->AddGroup(name, options.Members(g), [&](sim::MessageKinds& k) {
      // The group answers its router outside the group: its replies travel in its
      // namespace, and a kv model registers only the kinds it handles.
      k.Add<sim::ClientReply>();
      return std::make_unique<DedupGroupModel>(group.create(group_config, k));
    });
    const std::optional<int> space = kinds.FindSpace(kinds.Scoped(name));
    FL_CHECK_MSG(space.has_value(), "a shard group's namespace was not made");
    shared->group_spaces.push_back(*space);
  }
  if (options.has_directory()) {
    // The directory is a kv store like a shard: key "k7" -> Int(shard index).
    model->AddGroup("dir", options.Members(options.dir_group()), [&](sim::MessageKinds& k) {
      k.Add<sim::ClientReply>();
      sim::ModelConfig dir_config = group_config;
      dir_config.node_count = ShardOptions::kDirReplicas;
      return std::make_unique<DedupGroupModel>(group.create(dir_config, k));
    });
    const std::optional<int> space = kinds.FindSpace(kinds.Scoped("dir"));
    FL_CHECK_MSG(space.has_value(), "the directory's namespace was not made");
    shared->group_spaces.push_back(*space);
  }
  return model;
}

}  // namespace

sim::ModelInfo ShardedModelInfo() {
  sim::ModelInfo info;
  info.name = kShardedName;
  info.summary =
      "key-value store sharded over kv.raft (or kv.primary-backup) groups behind "
      "routers: hash-mod, consistent-hash, range, directory; online migration in six phases";
  info.params = ShardParams();
  // The kv workload, judged as any kv store's, plus the routers' own records: the
  // `sharding` checker reads their load, topology, phase and cutover lines.
  sim::WorkloadInfo kv = KvWorkloadInfo();
  kv.checkers.push_back({"sharding", ""});
  // kv-multi: multi-key ops scattered across shards, judged by the read-atomic checker.
  info.workloads = {std::move(kv), MultiKeyWorkloadInfo()};
  info.min_nodes = 2;
  info.check_config = CheckShardConfig;
  info.create = CreateSharded;
  return info;
}

}  // namespace faultline::models::shard
