#include "sim/sub_context.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::sim {

SubContext::SubContext(Context& parent, int space, std::string name,
                       std::vector<EndpointId> members)
    : parent_(parent),
      space_(space),
      name_(std::move(name)),
      members_(std::move(members)),
      disk_(parent.disk().Sub(name_)) {
  FL_CHECK_MSG(
      std::adjacent_find(members_.begin(), members_.end(),
                         [](EndpointId a, EndpointId b) { return a >= b; }) == members_.end(),
      "a group's members must be ascending, without repeats");
  FL_CHECK_MSG(IsMember(parent.self()), "a sub-node runs only on a member of its group");
}

bool SubContext::IsMember(EndpointId e) const {
  return std::binary_search(members_.begin(), members_.end(), e);
}

void SubContext::SendMessage(EndpointId to, const MessageTypeInfo& type, AnyMessage body) {
  SendInSpace(to, space_, type, std::move(body));
}

void SubContext::SendInSpace(EndpointId to, int space, const MessageTypeInfo& type,
                             AnyMessage body) {
  // A member may answer a node outside its group: a router that forwards clients' requests
  // to the group is its client. The receiving host gives such a message to its own node
  // (sub_model_host.h), and stops the run if it has none, so a misaddressed protocol
  // message still fails loudly, at the receiver.
  parent_.SendInSpace(to, space, type, std::move(body));
}

TimerId SubContext::SetTimer(Nanos delay_ns, uint64_t tag) {
  const TimerId id = parent_.SetTimer(delay_ns, tag);
  timers_.insert(id);
  return id;
}

void SubContext::CancelTimer(TimerId id) {
  // Only its own: a sub-node cannot cancel another group's timer by a stale id.
  if (timers_.erase(id) > 0) parent_.CancelTimer(id);
}

void SubContext::Note(std::string text) { parent_.Note(absl::StrCat("[", name_, "] ", text)); }

}  // namespace faultline::sim
