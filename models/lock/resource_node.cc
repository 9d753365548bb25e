#include "models/lock/resource_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

std::string HighestRecord(const Value& key) {
  return absl::StrCat("lock.highest/", key.ToJson());
}

}  // namespace

void LockResourceNode::OnStart(sim::Context& /*ctx*/) {
  // highest_ is read lazily from the disk (HighestRecord) at each lock's first write.
}

void LockResourceNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("resource");
}

std::string LockResourceNode::Describe() const {
  return absl::StrCat("resource accepted=", accepted_, " refused=", refused_);
}

void LockResourceNode::Handle(sim::EndpointId from, const LockWrite& w, sim::Context& ctx) {
  auto it = highest_.find(w.key);
  if (it == highest_.end()) {
    const std::optional<Value> stored = ctx.disk().Get(HighestRecord(w.key));
    it = highest_.emplace(w.key, stored ? stored->int_or(0) : 0).first;
  }
  const int64_t highest = it->second;
  const bool accepted = !options_.fencing || w.token >= highest;
  if (accepted) {
    ++accepted_;
    it->second = std::max(highest, w.token);
    ctx.disk().Put(HighestRecord(w.key), Value::Int(it->second));
    ctx.disk().Sync();
  } else {
    ++refused_;
    ctx.Note(absl::StrCat("refuse ", w.holder, "'s write with token ", w.token, ": token ",
                          highest, " was accepted before (fenced)"));
  }
  ctx.Observe({.f = "write",
               .key = w.key,
               .value = Value::Int(w.token),
               .detail = {{"holder", Value::Str(w.holder)},
                          {"op", Value::Int(static_cast<int64_t>(w.op))},
                          {"accepted", Value::Int(accepted ? 1 : 0)},
                          {"highest", Value::Int(highest)}}});
  ctx.Send(from, LockWriteReply{.id = w.id, .accepted = accepted, .highest = highest});
}

}  // namespace faultline::models
