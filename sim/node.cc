#include "sim/node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/strings.h"

namespace faultline::sim {

std::vector<std::string> RolesOf(const Node& node) {
  std::vector<std::string> roles;
  node.AppendRoles(roles);
  return roles;
}

bool HasRole(const Node& node, std::string_view role) {
  const std::vector<std::string> roles = RolesOf(node);
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

void UnhandledMessage(const Envelope& msg) {
  const std::string what = absl::StrCat(
      "node n", msg.to + 1, " received a message of type '",
      Sv(msg.body.empty() ? std::string_view("?") : msg.body.type().name),
      "' that its node class does not list in NodeOf<...>; the model sends a type its "
      "receiver cannot handle");
  ::faultline::internal::CheckFailed("message type handled", what.c_str(), __FILE__, __LINE__);
}

}  // namespace faultline::sim
