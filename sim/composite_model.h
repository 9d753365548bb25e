// A model made of sub-models, each run on a group of the nodes in its own message
// namespace: the factory for sharding (a Raft group per shard) and other compositions.
//
//   info.create = [](const ModelConfig& config, MessageKinds& kinds) {
//     auto model = std::make_unique<CompositeModel>(kinds);
//     model->AddGroup("a", {0, 1, 2}, [&](MessageKinds& k) { return raft.create(config, k); });
//     model->AddGroup("b", {1, 2, 3}, [&](MessageKinds& k) { return raft.create(config, k); });
//     return model;
//   };
//
// AddGroup calls the sub-model's factory inside MessageKinds::Scope(kinds, name), so an
// unchanged model's create function registers its kinds in the group's namespace
// ("a/append_entries"). Each node then runs a SubModelHost (sub_model_host.h) with one
// node of each group it belongs to; a group's nodes see only their group
// (SubContext::members) and their part of the disk. A composite made inside a group is
// nested: its groups' namespaces are "a/x".
//
// The composite's own node (a router, say) gets the messages of the composite's own
// namespace, e.g. client requests at the top of a run.
#ifndef FAULTLINE_SIM_COMPOSITE_MODEL_H_
#define FAULTLINE_SIM_COMPOSITE_MODEL_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message.h"
#include "sim/model.h"
#include "sim/node.h"

namespace faultline::sim {

class CompositeModel final : public Model {
 public:
  // Registers a sub-model's kinds (in the scope it is called in) and builds it.
  using SubModelFactory = std::function<std::unique_ptr<Model>(MessageKinds&)>;
  // The own node on `node`, or null for none there.
  using OwnNodeFactory = std::function<std::unique_ptr<Node>(EndpointId node)>;

  // Call from a create function, with its `kinds`. REQUIRES: `kinds` outlives the model
  // (the simulator owns both and destroys the model first).
  explicit CompositeModel(MessageKinds& kinds, OwnNodeFactory own = nullptr);

  // Runs the model `create` builds on `members`, in namespace `name` below the
  // composite's. REQUIRES: during the create function (kinds are still being registered);
  // `name` non-empty, without '/', new; `members` non-empty, ascending, without repeats.
  void AddGroup(std::string_view name, std::vector<EndpointId> members,
                const SubModelFactory& create);

  // A SubModelHost holding the node of every group `node` belongs to.
  std::unique_ptr<Node> CreateNode(EndpointId node) override;

 private:
  struct Group {
    std::string name;
    int space = 0;
    std::vector<EndpointId> members;
    std::unique_ptr<Model> model;
  };

  MessageKinds& kinds_;
  const int space_;  // the composite's own namespace: 0 unless nested in a group
  OwnNodeFactory own_;
  std::vector<Group> groups_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_COMPOSITE_MODEL_H_
