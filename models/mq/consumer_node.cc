#include "models/mq/consumer_node.h"

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

constexpr uint64_t kProcessTag = 1;

std::string KeyText(const Value& key) {
  return key.is_int() ? std::to_string(key.as_int()) : key.is_nil() ? "nil" : key.as_string();
}

}  // namespace

void ConsumerNode::OnStart(sim::Context& /*ctx*/) {}

void ConsumerNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("consumer");
}

std::string ConsumerNode::Describe() const {
  return absl::StrCat("consumer held=", held_.size(), " applied=", applied_,
                      " requeued=", requeued_);
}

void ConsumerNode::Handle(sim::EndpointId /*from*/, const MqDeliver& d, sim::Context& ctx) {
  const DeliveryKey k{d.id, d.deliveries};
  if (held_.contains(k)) return;  // the network duplicated the delivery
  if (options_.bug == MqOptions::Bug::kAckBeforeApply) {
    ctx.Send(options_.broker(),
             MqAck{.id = d.id, .key = d.key, .value = d.value, .deliveries = d.deliveries});
  }
  Held& h = held_[k] = Held{.delivery = d, .received_ns = ctx.LocalNow()};
  if (options_.process_time_ns > 0) {
    processing_[ctx.SetTimer(options_.process_time_ns, kProcessTag)] = k;
    return;
  }
  Proceed(h, ctx);
}

void ConsumerNode::OnTimer(sim::TimerId id, uint64_t /*tag*/, sim::Context& ctx) {
  auto it = processing_.find(id);
  if (it == processing_.end()) return;
  const DeliveryKey k = it->second;
  processing_.erase(it);
  if (auto h = held_.find(k); h != held_.end()) Proceed(h->second, ctx);
}

void ConsumerNode::Proceed(const Held& h, sim::Context& ctx) {
  const MqDeliver& d = h.delivery;
  // The first event of an entity has no predecessor to wait for.
  if (options_.consumer == MqOptions::Consumer::kRequeueRoulette && d.value.int_or(0) > 1) {
    ctx.Send(options_.store(),
             MqCheck{.id = d.id, .key = d.key, .value = d.value, .deliveries = d.deliveries});
    return;
  }
  SendApply(d, ctx);
}

void ConsumerNode::SendApply(const MqDeliver& d, sim::Context& ctx) {
  ctx.Send(options_.store(), MqApply{.id = d.id,
                                   .op = d.op,
                                   .key = d.key,
                                   .value = d.value,
                                   .deliveries = d.deliveries,
                                   .requeues = d.requeues});
}

void ConsumerNode::Handle(sim::EndpointId /*from*/, const MqCheckReply& r, sim::Context& ctx) {
  auto it = held_.find({r.id, r.deliveries});
  if (it == held_.end()) return;  // a reply to a delivery this (restarted) node forgot
  const MqDeliver& d = it->second.delivery;
  const bool give_up_waiting =
      options_.requeue_limit > 0 && d.requeues >= options_.requeue_limit;
  if (r.ready || give_up_waiting) {
    if (!r.ready) {
      ctx.Note(absl::StrCat("apply ", KeyText(d.key), "=", d.value.int_or(0), " anyway after ",
                            d.requeues, " requeues (requeue_limit)"));
    }
    SendApply(d, ctx);
    return;
  }
  Requeue(it->second, ctx);
  held_.erase(it);
}

void ConsumerNode::Requeue(const Held& h, sim::Context& ctx) {
  const MqDeliver& d = h.delivery;
  const sim::Nanos held_ns = ctx.LocalNow() - h.received_ns;
  ctx.Observe({.f = "requeue",
               .key = d.key,
               .value = d.value,
               .detail = {{"op", Value::Int(static_cast<int64_t>(d.op))},
                          {"consumer", Value::Str(MqNodeName(ctx.self()))},
                          {"deliveries", Value::Int(d.deliveries)},
                          {"held_ns", Value::Int(held_ns)},
                          {"reason", Value::Str("early")}}});
  ctx.Note(absl::StrCat("requeue ", KeyText(d.key), "=", d.value.int_or(0), ": ",
                        KeyText(d.key), "=", d.value.int_or(0) - 1, " not applied yet"));
  ++requeued_;
  if (options_.bug != MqOptions::Bug::kAckBeforeApply) {
    ctx.Send(options_.broker(),
             MqNack{.id = d.id, .key = d.key, .value = d.value, .deliveries = d.deliveries});
  }
}

void ConsumerNode::Handle(sim::EndpointId /*from*/, const MqApplied& r, sim::Context& ctx) {
  auto it = held_.find({r.id, r.deliveries});
  if (it == held_.end()) return;
  ++applied_;
  if (options_.bug != MqOptions::Bug::kAckBeforeApply) {
    ctx.Send(options_.broker(),
             MqAck{.id = r.id, .key = r.key, .value = r.value, .deliveries = r.deliveries});
  }
  held_.erase(it);
}

}  // namespace faultline::models
