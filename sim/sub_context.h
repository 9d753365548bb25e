// The Context of a sub-model's node: one group's view of a physical node.
//
// A composite model runs several sub-models on subsets ("groups") of the nodes, each in
// its own message namespace (composite_model.h). On a node that belongs to several
// groups, each group's node sees the world through a SubContext wrapping the node's own
// Context:
//   - members() is the group (ascending), self() the physical node's id;
//   - sends resolve the message's kind in the group's namespace ("a/ping", not "ping"),
//     so the receiving host can hand the message to the same group's node;
//   - disk() is the node's disk Sub(name): the group's records, synced and lost with
//     the node's;
//   - timers are the parent's, and the SubContext remembers which it set, so the host
//     can route a firing to the node that set it (TakeTimer);
//   - notes are prefixed "[name] "; clock and rng are the parent's.
// A SubContext may wrap another SubContext: namespaces nest ("a/x"), disks nest
// (Sub("a").Sub("x")) and notes read "[a] [x] ...".
//
//   SubContext ctx(parent, kinds.Space("a"), "a", {0, 1, 2});
//   node->OnStart(ctx);
#ifndef FAULTLINE_SIM_SUB_CONTEXT_H_
#define FAULTLINE_SIM_SUB_CONTEXT_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "sim/node.h"

namespace faultline::sim {

class SubContext final : public Context {
 public:
  // `space` is the group's full namespace (a MessageKinds::Space index), `name` its last
  // component (the disk's and the notes' name). REQUIRES: `members` ascending, without
  // repeats, and holding parent.self(); `parent` outlives this context.
  SubContext(Context& parent, int space, std::string name, std::vector<EndpointId> members);

  EndpointId self() const override { return parent_.self(); }
  const std::vector<EndpointId>& members() const override { return members_; }
  Nanos LocalNow() const override { return parent_.LocalNow(); }
  void SendMessage(EndpointId to, const MessageTypeInfo& type, AnyMessage body) override;
  // `to` is a member, or a node outside the group that is the group's client (a router):
  // its host hands the message to its own node (sub_model_host.h).
  void SendInSpace(EndpointId to, int space, const MessageTypeInfo& type, AnyMessage body) override;
  int space() const override { return space_; }
  TimerId SetTimer(Nanos delay_ns, uint64_t tag) override;
  void CancelTimer(TimerId id) override;
  Rng& rng() override { return parent_.rng(); }
  CpuLoad cpu_load() const override { return parent_.cpu_load(); }
  Disk& disk() override { return disk_; }
  void Note(std::string text) override;
  // Forwarded as is: the history names the node, and the group is the model's to record.
  void Observe(Observation o) override { parent_.Observe(std::move(o)); }

  // Called by the host when timer `id` fires: true, and forgets it, if it was set here.
  bool TakeTimer(TimerId id) { return timers_.erase(id) > 0; }
  const std::string& name() const { return name_; }

 private:
  bool IsMember(EndpointId e) const;

  Context& parent_;
  const int space_;
  const std::string name_;
  const std::vector<EndpointId> members_;
  Disk& disk_;
  // Timers set here and not yet fired or cancelled: bounded by what the sub-node keeps
  // pending. Looked up only, never iterated.
  absl::flat_hash_set<TimerId> timers_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SUB_CONTEXT_H_
