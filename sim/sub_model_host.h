// The node a composite model runs on each physical node: it hosts one sub-node per group
// the node belongs to, plus an optional "own" node for the composite's own messages.
//
// Each sub-node sees its group through a SubContext (sub_context.h). The host routes:
//   - a message by its kind's namespace: kinds.info(msg.kind).space names the group
//     ("a/ping" goes to group a's node; "a/x/ping", of a group x nested in a, too, and a's
//     node routes it on); the host's own namespace (the root, at the top of a run) goes
//     to the own node, and so does a namespace of a group this node is not in (a group's
//     reply to a router outside it that forwarded a client's request to the group);
//   - a timer to the sub-node whose SubContext set it, else to the own node;
//   - roles: a sub-node's role R in group G is reported as "G/R" ("a/leader", and
//     "a/x/leader" when nested), so a scenario aims at it with `target: role:a/leader`;
//     the own node's roles are reported as they are ("router").
// Describe joins the own node's description and "G: <sub-node's>" for each group.
//
// REQUIRES: the Context passed to OnStart is the one passed to every later call (the
// simulator keeps one per node; a SubContext is one per sub-node).
#ifndef FAULTLINE_SIM_SUB_MODEL_HOST_H_
#define FAULTLINE_SIM_SUB_MODEL_HOST_H_

#include <memory>
#include <string>
#include <vector>

#include "sim/message.h"
#include "sim/node.h"
#include "sim/sub_context.h"

namespace faultline::sim {

class SubModelHost final : public Node {
 public:
  // `own_space` is the namespace of the Context the host runs in (0 at the top of a run);
  // `own` handles its messages and the timers it sets, and may be null if none come.
  // REQUIRES: `kinds` outlives the host and holds every namespace the run uses.
  SubModelHost(const MessageKinds& kinds, int own_space, std::unique_ptr<Node> own);

  // Adds the node of group `name`, whose full namespace is `space`. REQUIRES: before
  // OnStart; `members` holds this node (see SubContext).
  void AddSubNode(std::string name, int space, std::vector<EndpointId> members,
                  std::unique_ptr<Node> node);

  // Starts the own node, then each sub-node in the order they were added.
  void OnStart(Context& ctx) override;
  void OnMessage(const Envelope& msg, Context& ctx) override;
  void OnTimer(TimerId id, uint64_t tag, Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

 private:
  struct SubNode {
    std::string name;
    int space = 0;
    std::vector<EndpointId> members;  // moved into ctx at OnStart
    std::unique_ptr<Node> node;
    std::unique_ptr<SubContext> ctx;  // made at OnStart, bound to the host's Context
  };
  static constexpr int kOwn = -1;
  static constexpr int kNowhere = -2;

  // route_[space]: the index in subs_ of the sub-node that takes namespace `space`, kOwn
  // or kNowhere.
  void BuildRoutes();
  void CheckContext(const Context& ctx) const;

  const MessageKinds& kinds_;
  const int own_space_;
  std::unique_ptr<Node> own_;
  std::vector<SubNode> subs_;
  std::vector<int> route_;
  const Context* parent_ = nullptr;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SUB_MODEL_HOST_H_
