#include "sim/sub_model_host.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::sim {
namespace {

// Whether namespace `space` is `group` or nested below it ("a" holds "a" and "a/x").
bool Within(std::string_view space, std::string_view group) {
  return space.starts_with(group) && (space.size() == group.size() || space[group.size()] == '/');
}

}  // namespace

SubModelHost::SubModelHost(const MessageKinds& kinds, int own_space, std::unique_ptr<Node> own)
    : kinds_(kinds), own_space_(own_space), own_(std::move(own)) {}

void SubModelHost::AddSubNode(std::string name, int space, std::vector<EndpointId> members,
                              std::unique_ptr<Node> node) {
  FL_CHECK_MSG(parent_ == nullptr, "a sub-node was added after the host started");
  FL_CHECK(node != nullptr);
  subs_.push_back(SubNode{std::move(name), space, std::move(members), std::move(node), nullptr});
}

void SubModelHost::BuildRoutes() {
  route_.assign(kinds_.space_count(), kNowhere);
  for (size_t s = 0; s < route_.size(); ++s) {
    if (static_cast<int>(s) == own_space_) {
      route_[s] = kOwn;
      continue;
    }
    const std::string& space = kinds_.space_name(static_cast<int>(s));
    for (size_t i = 0; i < subs_.size(); ++i) {
      if (Within(space, kinds_.space_name(subs_[i].space))) route_[s] = static_cast<int>(i);
    }
  }
}

void SubModelHost::CheckContext(const Context& ctx) const {
  FL_CHECK_MSG(&ctx == parent_, "a sub-model host was called with a Context other than its own");
}

void SubModelHost::OnStart(Context& ctx) {
  FL_CHECK_MSG(parent_ == nullptr, "a sub-model host was started twice");
  parent_ = &ctx;
  BuildRoutes();
  if (own_) own_->OnStart(ctx);
  for (SubNode& sub : subs_) {
    sub.ctx = std::make_unique<SubContext>(ctx, sub.space, sub.name, std::move(sub.members));
    sub.node->OnStart(*sub.ctx);
  }
}

void SubModelHost::OnMessage(const Envelope& msg, Context& ctx) {
  CheckContext(ctx);
  const int space = kinds_.info(msg.kind).space;
  const int route = static_cast<size_t>(space) < route_.size() ? route_[space] : kNowhere;
  if (route >= 0) {
    SubNode& sub = subs_[static_cast<size_t>(route)];
    sub.node->OnMessage(msg, *sub.ctx);
    return;
  }
  // The own namespace, or a group this node is not in: a reply from a group to its client
  // (a router forwarding requests to the group). The own node must handle the type, else
  // NodeOf stops the run naming the kind.
  if (own_) {
    own_->OnMessage(msg, ctx);
    return;
  }
  const std::string what =
      absl::StrCat("node n", msg.to + 1, " received a message of kind '",
                   kinds_.info(msg.kind).name,
                   "' but runs no node for its namespace and no own node");
  ::faultline::internal::CheckFailed("message namespace hosted", what.c_str(), __FILE__, __LINE__);
}

void SubModelHost::OnTimer(TimerId id, uint64_t tag, Context& ctx) {
  CheckContext(ctx);
  for (SubNode& sub : subs_) {
    if (sub.ctx->TakeTimer(id)) {
      sub.node->OnTimer(id, tag, *sub.ctx);
      return;
    }
  }
  FL_CHECK_MSG(own_ != nullptr, "a timer fired that no hosted node set");
  own_->OnTimer(id, tag, ctx);
}

void SubModelHost::AppendRoles(std::vector<std::string>& roles) const {
  if (own_) own_->AppendRoles(roles);
  std::vector<std::string> sub_roles;
  for (const SubNode& sub : subs_) {
    sub_roles.clear();
    sub.node->AppendRoles(sub_roles);
    for (const std::string& r : sub_roles) roles.push_back(absl::StrCat(sub.name, "/", r));
  }
}

std::string SubModelHost::Describe() const {
  std::string out = own_ ? own_->Describe() : "";
  for (const SubNode& sub : subs_) {
    absl::StrAppend(&out, out.empty() ? "" : "; ", sub.name, ": ", sub.node->Describe());
  }
  return out;
}

}  // namespace faultline::sim
