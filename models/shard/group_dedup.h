// A shard group's node behind a filter that drops a second delivery of one client request.
// The kv models assume client requests ride sessions, which the network never duplicates;
// a router's forwards to a group travel node to node, where `network.duplicate` does
// duplicate them, and a write applied twice (with another write between) breaks
// linearizability. A duplicate keeps its original's envelope id, and a router's retry is
// a new send with a new id, so the id tells a copy from a retry.
//
//   model->AddGroup(name, members, [&](sim::MessageKinds& k) {
//     return std::make_unique<DedupGroupModel>(raft.create(config, k));
//   });
#ifndef FAULTLINE_MODELS_SHARD_GROUP_DEDUP_H_
#define FAULTLINE_MODELS_SHARD_GROUP_DEDUP_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/model.h"
#include "sim/node.h"

namespace faultline::models::shard {

// Wraps every node of `inner`. A restart forgets the ids seen (a copy still in flight
// across a restart is applied again: a node's crash is rarer than a copy).
class DedupGroupModel final : public sim::Model {
 public:
  explicit DedupGroupModel(std::unique_ptr<sim::Model> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId node) override;

 private:
  std::unique_ptr<sim::Model> inner_;
};

class DedupGroupNode final : public sim::Node {
 public:
  // Envelope ids remembered; older ones (below every remembered id) count as seen, so a
  // very late first delivery is dropped too: the router times it out as unknown.
  static constexpr size_t kSeenMax = 4096;

  explicit DedupGroupNode(std::unique_ptr<sim::Node> inner) : inner_(std::move(inner)) {}
  void OnStart(sim::Context& ctx) override { inner_->OnStart(ctx); }
  void OnMessage(const sim::Envelope& msg, sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override {
    inner_->OnTimer(id, tag, ctx);
  }
  void AppendRoles(std::vector<std::string>& roles) const override { inner_->AppendRoles(roles); }
  std::string Describe() const override;

 private:
  std::unique_ptr<sim::Node> inner_;
  std::set<uint64_t> seen_;  // envelope ids of client requests delivered
  uint64_t seen_floor_ = 0;  // ids at or below it were forgotten: treated as seen
  int64_t dropped_ = 0;
};

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_GROUP_DEDUP_H_
