#include "sim/message.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/strings.h"

namespace faultline::sim {

uint32_t message_internal::NextTypeOrdinal() {
  static std::atomic<uint32_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string AnyMessage::BodyJson() const {
  std::string out;
  if (type_ == nullptr) return "{}";
  type_->append_json(data(), out);
  return out;
}

MessageKinds::Scope::Scope(MessageKinds& kinds, std::string_view space)
    : kinds_(kinds), saved_(kinds.scope_) {
  kinds_.scope_ = kinds_.Scoped(space);
}

MessageKinds::Scope::~Scope() { kinds_.scope_ = std::move(saved_); }

std::string MessageKinds::Scoped(std::string_view space) const {
  if (scope_.empty()) return std::string(space);
  if (space.empty()) return scope_;
  return absl::StrCat(scope_, "/", Sv(space));
}

std::optional<int> MessageKinds::FindSpace(std::string_view space) const {
  for (size_t i = 0; i < spaces_.size(); ++i) {
    if (spaces_[i] == space) return static_cast<int>(i);
  }
  return std::nullopt;
}

int MessageKinds::Space(std::string_view space) {
  if (std::optional<int> existing = FindSpace(space)) return *existing;
  spaces_.emplace_back(space);
  by_space_.emplace_back();
  return static_cast<int>(spaces_.size() - 1);
}

MessageKind MessageKinds::Register(const MessageTypeInfo& type, std::string_view space) {
  const std::string full_space = Scoped(space);
  const int s = Space(full_space);
  if (std::optional<MessageKind> existing = KindOf(type, s)) return *existing;
  std::string name =
      full_space.empty() ? std::string(type.name) : absl::StrCat(full_space, "/", Sv(type.name));
  FL_CHECK_MSG(!Find(name).has_value(), "two message types share one kind name");
  FL_CHECK(infos_.size() < UINT16_MAX);
  infos_.push_back(Info{std::move(name), &type, s});
  std::vector<uint32_t>& table = by_space_[static_cast<size_t>(s)];
  if (table.size() <= type.ordinal) table.resize(type.ordinal + 1, 0);
  table[type.ordinal] = static_cast<uint32_t>(infos_.size());
  return static_cast<MessageKind>(infos_.size() - 1);
}

std::optional<MessageKind> MessageKinds::KindOf(const MessageTypeInfo& type, int space) const {
  if (space < 0 || static_cast<size_t>(space) >= by_space_.size()) return std::nullopt;
  const std::vector<uint32_t>& table = by_space_[static_cast<size_t>(space)];
  if (type.ordinal >= table.size() || table[type.ordinal] == 0) return std::nullopt;
  return static_cast<MessageKind>(table[type.ordinal] - 1);
}

std::optional<MessageKind> MessageKinds::Find(std::string_view full_name) const {
  for (size_t i = 0; i < infos_.size(); ++i) {
    if (infos_[i].name == full_name) return static_cast<MessageKind>(i);
  }
  return std::nullopt;
}

}  // namespace faultline::sim
