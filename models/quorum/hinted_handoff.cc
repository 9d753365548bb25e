// kv.quorum's hinted handoff (Dynamo, section 4.6): when a preference-list replica does
// not answer within handoff_timeout, the coordinator sends its request to the next node
// on the ring beyond the preference list, a stand-in. A stand-in keeps a write as a hint
// naming the intended replica (on disk, synced, then acked: the ack counts toward w, a
// sloppy quorum) and retries handing it off every hint_retry until the replica acks.
#include "models/quorum/quorum_node.h"

namespace faultline::models {
namespace {

// Hints handed off per retry tick, so a node back from a long partition is not flooded
// in one instant (the rest go on the next ticks).
constexpr size_t kHandoffBatchMax = 64;

}  // namespace

void QuorumNode::OnHandoffDeadline(uint64_t id, sim::Context& ctx) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  for (const sim::EndpointId node : std::vector<sim::EndpointId>(p.pref)) {
    if (InList(p.replied, node)) continue;
    suspected_.insert(node);
    if (InList(p.stood_in, node)) continue;  // suspected already when the request started
    if (std::optional<sim::EndpointId> stand_in = NextStandIn(p)) {
      SendTo(*stand_in, id, p, node, ctx);
    }
  }
}

std::optional<sim::EndpointId> QuorumNode::NextStandIn(const Pending& p) const {
  const std::vector<sim::EndpointId> walk = ring_->Walk(p.request.key);
  std::optional<sim::EndpointId> suspected_choice;
  for (size_t i = p.pref.size(); i < walk.size(); ++i) {
    const sim::EndpointId node = walk[i];
    if (InList(p.targets, node)) continue;
    if (suspected_.count(node) == 0) return node;
    if (!suspected_choice) suspected_choice = node;
  }
  return suspected_choice;
}

void QuorumNode::OnHintRetry(sim::Context& ctx) {
  size_t sent = 0;
  for (const auto& [hint_key, hint] : store_.hints()) {
    if (sent++ == kHandoffBatchMax) break;
    ctx.Send(hint_key.first,
             Handoff{.seq = hint.seq, .key = hint_key.second, .versions = hint.versions});
  }
}

void QuorumNode::Handle(sim::EndpointId from, const Handoff& msg, sim::Context& ctx) {
  Heard(from);
  store_.Apply(msg.key, msg.versions, mode(), overwrite(), ctx.disk());
  ctx.disk().Sync();  // durable before the stand-in drops its copy
  ctx.Send(from, HandoffAck{.seq = msg.seq, .key = msg.key});
}

void QuorumNode::Handle(sim::EndpointId from, const HandoffAck& msg, sim::Context& ctx) {
  Heard(from);
  // Dropping need not be synced: a hint that comes back after a crash is handed off
  // again, which changes nothing at the replica.
  store_.DropHint(from, msg.key, msg.seq, ctx.disk());
}

}  // namespace faultline::models
