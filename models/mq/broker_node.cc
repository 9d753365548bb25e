#include "models/mq/broker_node.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::models {
namespace {

using sim::Value;

constexpr uint64_t kVisibilityTag = 1;
constexpr uint64_t kPendingTag = 2;
constexpr char kQueueLog[] = "mq.queue";      // every acked send
constexpr char kSettledLog[] = "mq.settled";  // ids acked or dead-lettered

std::string KeyValue(const Value& key, const Value& value) {
  return absl::StrCat(key.is_nil() ? "nil" : key.is_int() ? std::to_string(key.as_int())
                                                          : key.as_string(),
                      "=", value.int_or(0));
}

}  // namespace

BrokerNode::BrokerNode(const MqOptions& options)
    : options_(options),
      ready_(options.dispatch, std::max(options.consumer_count(), 1)),
      unacked_(static_cast<size_t>(std::max(options.consumer_count(), 1)), 0) {}

void BrokerNode::OnStart(sim::Context& ctx) {
  // Rebuild the queue: every acked send that was neither acked by a consumer nor
  // dead-lettered is ready again, in enqueue order.
  const sim::DurableLog<MqStoredSend>& queue = ctx.disk().Log<MqStoredSend>(kQueueLog);
  const sim::DurableLog<int64_t>& settled = ctx.disk().Log<int64_t>(kSettledLog);
  std::set<int64_t> gone;
  for (size_t i = 0; i < settled.size(); ++i) gone.insert(settled.at(i));
  for (size_t i = 0; i < queue.size(); ++i) {
    const MqStoredSend& s = queue.at(i);
    seen_ops_.insert(s.op);
    next_id_ = std::max(next_id_, s.id + 1);
    if (gone.contains(s.id)) continue;
    messages_[s.id] = Message{.op = s.op, .key = s.key, .value = s.value};
    ready_.Push(s.id, s.key);
  }
  if (!messages_.empty()) {
    ctx.Note(absl::StrCat("broker restarts with ", messages_.size(), " queued messages"));
  }
  Dispatch(ctx);
}

void BrokerNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("broker");
}

std::string BrokerNode::Describe() const {
  return absl::StrCat("broker queued=", ready_.size(),
                      " in_flight=", messages_.size() - ready_.size(),
                      " dead_lettered=", dead_lettered_);
}

void BrokerNode::Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (req.f == "send") return Send(from, req, ctx);
  if (req.f == "pending") return Pending(from, req, ctx);
  ctx.Send(from, sim::ClientReply::Fail(req));  // an op this broker does not serve
}

void BrokerNode::Send(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (!seen_ops_.insert(req.op).second) {
    // The network duplicated the request: it is enqueued already.
    ctx.Send(from, sim::ClientReply::Ok(req, req.value));
    return;
  }
  const int64_t id = next_id_++;
  ctx.disk().Log<MqStoredSend>(kQueueLog).Append(
      MqStoredSend{.id = id, .op = req.op, .key = req.key, .value = req.value});
  ctx.disk().Sync();  // durable before the producer hears ok
  messages_[id] = Message{.op = req.op, .key = req.key, .value = req.value};
  ready_.Push(id, req.key);
  ctx.Send(from, sim::ClientReply::Ok(req, req.value));
  Dispatch(ctx);
}

void BrokerNode::Pending(sim::EndpointId from, const sim::ClientRequest& req,
                         sim::Context& ctx) {
  if (messages_.empty()) {
    ctx.Send(from, sim::ClientReply::Ok(req, PendingList()));
    return;
  }
  pending_asks_[ctx.SetTimer(kPendingWait, kPendingTag)] = PendingAsk{from, req};
}

Value BrokerNode::PendingList() const {
  std::vector<Value> list;
  list.reserve(messages_.size());
  for (const auto& [id, m] : messages_) list.push_back(Value::List({m.key, m.value}));
  return Value::List(std::move(list));
}

BrokerNode::Message* BrokerNode::Current(int64_t id, int64_t deliveries) {
  auto it = messages_.find(id);
  if (it == messages_.end() || it->second.consumer < 0 || it->second.deliveries != deliveries) {
    return nullptr;
  }
  return &it->second;
}

void BrokerNode::EndDelivery(Message& m, sim::Context& ctx) {
  ctx.CancelTimer(m.visibility_timer);
  visibility_.erase(m.visibility_timer);
  m.visibility_timer = 0;
  if (options_.is_consumer(m.consumer)) --unacked_[static_cast<size_t>(m.consumer - 1)];
  m.consumer = -1;
  ready_.Release(m.key);
}

void BrokerNode::Handle(sim::EndpointId /*from*/, const MqAck& ack, sim::Context& ctx) {
  Message* m = Current(ack.id, ack.deliveries);
  if (m == nullptr) return;  // a late ack of a delivery already taken back
  EndDelivery(*m, ctx);
  Settle(ack.id, ctx);
  Dispatch(ctx);
}

void BrokerNode::Handle(sim::EndpointId /*from*/, const MqNack& nack, sim::Context& ctx) {
  Message* m = Current(nack.id, nack.deliveries);
  if (m == nullptr) return;
  EndDelivery(*m, ctx);
  ++m->requeues;
  ReturnOrDeadLetter(nack.id, ctx);
  Dispatch(ctx);
}

void BrokerNode::OnTimer(sim::TimerId timer, uint64_t tag, sim::Context& ctx) {
  if (tag == kPendingTag) {
    auto it = pending_asks_.find(timer);
    if (it == pending_asks_.end()) return;
    ctx.Send(it->second.client, sim::ClientReply::Ok(it->second.req, PendingList()));
    pending_asks_.erase(it);
    return;
  }
  FL_CHECK(tag == kVisibilityTag);
  auto it = visibility_.find(timer);
  if (it == visibility_.end()) return;
  const int64_t id = it->second;
  Message& m = messages_.at(id);
  const sim::EndpointId consumer = m.consumer;
  ctx.Observe({.f = "redeliver",
               .key = m.key,
               .value = m.value,
               .detail = {{"op", Value::Int(static_cast<int64_t>(m.op))},
                          {"consumer", Value::Str(MqNodeName(consumer))},
                          {"deliveries", Value::Int(m.deliveries)}}});
  ctx.Note(absl::StrCat("redeliver ", KeyValue(m.key, m.value), ": ", MqNodeName(consumer),
                        " did not ack delivery ", m.deliveries, " in time"));
  EndDelivery(m, ctx);
  ReturnOrDeadLetter(id, ctx);
  Dispatch(ctx);
}

void BrokerNode::ReturnOrDeadLetter(int64_t id, sim::Context& ctx) {
  Message& m = messages_.at(id);
  if (options_.dead_letter_after > 0 && m.deliveries >= options_.dead_letter_after) {
    ctx.Observe({.f = "dead-letter",
                 .key = m.key,
                 .value = m.value,
                 .detail = {{"op", Value::Int(static_cast<int64_t>(m.op))},
                            {"deliveries", Value::Int(m.deliveries)}}});
    ctx.Note(absl::StrCat("dead-letter ", KeyValue(m.key, m.value), " after ", m.deliveries,
                          " deliveries"));
    ++dead_lettered_;
    Settle(id, ctx);
    return;
  }
  ready_.Return(id, m.key);
}

void BrokerNode::Settle(int64_t id, sim::Context& ctx) {
  messages_.erase(id);
  ctx.disk().Log<int64_t>(kSettledLog).Append(id);
  ctx.disk().Sync();
}

void BrokerNode::Dispatch(sim::Context& ctx) {
  const int consumers = options_.consumer_count();
  if (consumers < 1) return;
  // Round-robin from the cursor; stop after a whole round without a delivery. Each
  // delivery takes one message off the ready queue, so this ends.
  int idle_in_a_row = 0;
  while (ready_.size() > 0 && idle_in_a_row < consumers) {
    const int c = next_consumer_;
    next_consumer_ = (next_consumer_ + 1) % consumers;
    std::optional<int64_t> id;
    if (unacked_[static_cast<size_t>(c)] < options_.prefetch) id = ready_.Take(c);
    if (!id) {
      ++idle_in_a_row;
      continue;
    }
    idle_in_a_row = 0;
    Message& m = messages_.at(*id);
    // The planted bug: the group is free again before its message is acked.
    if (options_.bug == MqOptions::Bug::kReleaseGroupOnDeliver) ready_.Release(m.key);
    m.consumer = c + 1;  // consumers are n2.., endpoints 1..
    ++m.deliveries;
    ++unacked_[static_cast<size_t>(c)];
    m.visibility_timer = ctx.SetTimer(options_.visibility_timeout_ns, kVisibilityTag);
    visibility_[m.visibility_timer] = *id;
    ctx.Send(m.consumer, MqDeliver{.id = *id,
                                 .op = m.op,
                                 .key = m.key,
                                 .value = m.value,
                                 .deliveries = m.deliveries,
                                 .requeues = m.requeues});
  }
}

}  // namespace faultline::models
