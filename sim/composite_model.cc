#include "sim/composite_model.h"

#include <algorithm>
#include <utility>

#include "base/check.h"
#include "sim/sub_model_host.h"

namespace faultline::sim {

CompositeModel::CompositeModel(MessageKinds& kinds, OwnNodeFactory own)
    : kinds_(kinds), space_(kinds.Space(kinds.Scoped(""))), own_(std::move(own)) {}

void CompositeModel::AddGroup(std::string_view name, std::vector<EndpointId> members,
                              const SubModelFactory& create) {
  FL_CHECK_MSG(!name.empty() && name.find('/') == std::string_view::npos,
               "a group's name must be non-empty and without '/'");
  for (const Group& g : groups_) FL_CHECK_MSG(g.name != name, "two groups share one name");
  FL_CHECK_MSG(!members.empty() && std::adjacent_find(members.begin(), members.end(),
                                                      [](EndpointId a, EndpointId b) {
                                                        return a >= b;
                                                      }) == members.end(),
               "a group's members must be non-empty, ascending, without repeats");
  Group group;
  group.name = std::string(name);
  group.members = std::move(members);
  {
    MessageKinds::Scope scope(kinds_, name);
    group.space = kinds_.Space(kinds_.Scoped(""));
    group.model = create(kinds_);
  }
  FL_CHECK_MSG(group.model != nullptr, "a sub-model's factory returned nothing");
  groups_.push_back(std::move(group));
}

std::unique_ptr<Node> CompositeModel::CreateNode(EndpointId node) {
  auto host = std::make_unique<SubModelHost>(kinds_, space_, own_ ? own_(node) : nullptr);
  for (Group& g : groups_) {
    if (!std::binary_search(g.members.begin(), g.members.end(), node)) continue;
    host->AddSubNode(g.name, g.space, g.members, g.model->CreateNode(node));
  }
  return host;
}

}  // namespace faultline::sim
