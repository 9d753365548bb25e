#include "models/mq/store_node.h"

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

constexpr char kAppliedLog[] = "mq.applied";

}  // namespace

void StoreNode::OnStart(sim::Context& ctx) {
  const sim::DurableLog<MqAppliedEvent>& log = ctx.disk().Log<MqAppliedEvent>(kAppliedLog);
  for (size_t i = 0; i < log.size(); ++i) {
    applied_[log.at(i).key].insert(log.at(i).value.int_or(0));
  }
  applications_ = static_cast<int64_t>(log.size());
}

void StoreNode::AppendRoles(std::vector<std::string>& roles) const { roles.push_back("store"); }

std::string StoreNode::Describe() const {
  return absl::StrCat("store applied=", applications_, " keys=", applied_.size());
}

bool StoreNode::IsApplied(const Value& key, int64_t value) const {
  auto it = applied_.find(key);
  return it != applied_.end() && it->second.contains(value);
}

void StoreNode::Handle(sim::EndpointId from, const MqCheck& c, sim::Context& ctx) {
  const int64_t previous = c.value.int_or(0) - 1;
  ctx.Send(from, MqCheckReply{.id = c.id,
                            .key = c.key,
                            .value = c.value,
                            .deliveries = c.deliveries,
                            .ready = previous < 1 || IsApplied(c.key, previous)});
}

void StoreNode::Handle(sim::EndpointId from, const MqApply& a, sim::Context& ctx) {
  const int64_t value = a.value.int_or(0);
  if (options_.idempotent && IsApplied(a.key, value)) {
    ctx.Note(absl::StrCat("ignore ", a.key.is_int() ? std::to_string(a.key.as_int())
                                                    : a.key.as_string(),
                          "=", value, ": applied before (idempotent)"));
    ctx.Send(from, MqApplied{.id = a.id,
                           .key = a.key,
                           .value = a.value,
                           .deliveries = a.deliveries,
                           .duplicate = true});
    return;
  }
  applied_[a.key].insert(value);
  ++applications_;
  ctx.disk().Log<MqAppliedEvent>(kAppliedLog).Append(MqAppliedEvent{a.key, a.value});
  ctx.disk().Sync();
  ctx.Observe({.f = "apply",
               .key = a.key,
               .value = a.value,
               .detail = {{"op", Value::Int(static_cast<int64_t>(a.op))},
                          {"consumer", Value::Str(MqNodeName(from))},
                          {"deliveries", Value::Int(a.deliveries)},
                          {"requeues", Value::Int(a.requeues)}}});
  ctx.Send(from, MqApplied{.id = a.id, .key = a.key, .value = a.value, .deliveries = a.deliveries});
}

}  // namespace faultline::models
