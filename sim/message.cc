#include "sim/message.h"

#include "base/check.h"

namespace faultline::sim {

MessageKind MessageKinds::Register(std::string_view name,
                                   std::initializer_list<std::string_view> fields) {
  FL_CHECK(fields.size() <= kMaxFields);
  std::vector<std::string> names(fields.begin(), fields.end());
  if (auto existing = Find(name)) {
    FL_CHECK_MSG(infos_[*existing].field_names == names,
                 "message kind registered twice with different fields");
    return *existing;
  }
  FL_CHECK(infos_.size() < UINT16_MAX);
  infos_.push_back(Info{std::string(name), std::move(names)});
  return static_cast<MessageKind>(infos_.size() - 1);
}

std::optional<MessageKind> MessageKinds::Find(std::string_view name) const {
  for (size_t i = 0; i < infos_.size(); ++i) {
    if (infos_[i].name == name) return static_cast<MessageKind>(i);
  }
  return std::nullopt;
}

}  // namespace faultline::sim
