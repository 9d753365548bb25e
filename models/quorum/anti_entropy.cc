// kv.quorum's anti-entropy (Dynamo, section 4.7): every `anti_entropy` interval a node
// picks the next other member (round robin) and reconciles the keys both replicate.
//
//   merkle:    A -> B ae_digest (root + leaves over the shared keys);
//              B -> A ae_sync{reply} with B's keys in the buckets that differ (nothing if
//              the roots match); A merges and sends back its (merged) keys of those buckets.
//   full-sync: A -> B ae_sync{reply} with every shared key; B merges and sends back all of
//              its shared keys.
// Both converge two replicas in one round; merkle sends a small digest when they agree
// and only the differing buckets when they do not (compare messages and bytes per op).
#include <algorithm>

#include "models/quorum/merkle_tree.h"
#include "models/quorum/quorum_node.h"

namespace faultline::models {

void QuorumNode::OnAntiEntropy(sim::Context& ctx) {
  std::vector<sim::EndpointId> peers;
  for (const sim::EndpointId m : ctx.members()) {
    if (m != ctx.self()) peers.push_back(m);
  }
  if (peers.empty()) return;
  const sim::EndpointId peer = peers[ae_next_peer_++ % peers.size()];
  if (options_.anti_entropy_mode == QuorumOptions::AntiEntropyMode::kFullSync) {
    ctx.Send(peer, AeSync{.reply = true, .buckets = {}, .entries = SharedEntries(peer, {})});
    return;
  }
  MerkleTree tree;
  for (const AeEntry& e : SharedEntries(peer, {})) tree.Add(e.key, e.versions);
  ctx.Send(peer, AeDigest{.root = tree.root(), .leaves = tree.leaves()});
}

std::vector<AeEntry> QuorumNode::SharedEntries(sim::EndpointId peer,
                                               const std::vector<int32_t>& buckets) const {
  std::vector<AeEntry> out;
  for (const auto& [key, versions] : store_.keys()) {
    if (versions.empty()) continue;
    if (!buckets.empty() &&
        std::find(buckets.begin(), buckets.end(), MerkleTree::BucketOf(key)) == buckets.end()) {
      continue;
    }
    const std::vector<sim::EndpointId> pref = ring_->PreferenceList(key, options_.n);
    if (InList(pref, peer) && InList(pref, self_)) out.push_back(AeEntry{key, versions});
  }
  return out;
}

void QuorumNode::MergeEntries(const std::vector<AeEntry>& entries, sim::Context& ctx) {
  bool changed = false;
  for (const AeEntry& e : entries) {
    if (!ring_->IsReplica(e.key, options_.n, ctx.self())) continue;
    changed = store_.Apply(e.key, e.versions, mode(), overwrite(), ctx.disk()) || changed;
  }
  if (changed) ctx.disk().Sync();
}

void QuorumNode::Handle(sim::EndpointId from, const AeDigest& msg, sim::Context& ctx) {
  Heard(from);
  MerkleTree tree;
  for (const AeEntry& e : SharedEntries(from, {})) tree.Add(e.key, e.versions);
  if (tree.root() == msg.root) return;  // in sync: one message was enough
  std::vector<int32_t> differ = MerkleTree::Differing(tree.leaves(), msg.leaves);
  if (differ.empty()) return;
  std::vector<AeEntry> entries = SharedEntries(from, differ);
  ctx.Send(from,
           AeSync{.reply = true, .buckets = std::move(differ), .entries = std::move(entries)});
}

void QuorumNode::Handle(sim::EndpointId from, const AeSync& msg, sim::Context& ctx) {
  Heard(from);
  MergeEntries(msg.entries, ctx);
  if (!msg.reply) return;
  ctx.Send(
      from,
      AeSync{.reply = false, .buckets = msg.buckets, .entries = SharedEntries(from, msg.buckets)});
}

}  // namespace faultline::models
