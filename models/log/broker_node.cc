// LogBrokerNode: start, timers, metadata, the producer side (taking and forwarding sends)
// and n1's controller glue and drain. The partition leader's and follower's work is in
// partition_replica.cc.
#include "models/log/broker_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace faultline::models {
namespace {

using sim::Value;

enum TimerTag : uint64_t {
  kReplicaTick = 1,
  kHeartbeatTick = 2,
  kForwardRetry = 3,
  kPendingTimeout = 4,
  kPendingHold = 5,
};

// How long n1 waits for every leader's part of a `pending` answer, and how long it holds
// a non-empty answer (so a draining client does not spin).
constexpr sim::Nanos kPendingTimeoutNs = 300 * sim::kMillisecond;
constexpr sim::Nanos kPendingHoldNs = 50 * sim::kMillisecond;

}  // namespace

LogBrokerNode::LogBrokerNode(const LogOptions& options)
    : options_(options), partitioner_(options), parts_(static_cast<size_t>(options.partitions)) {}

void LogBrokerNode::OnStart(sim::Context& ctx) {
  self_ = ctx.self();
  for (size_t p = 0; p < parts_.size(); ++p) {
    for (sim::EndpointId r : options_.ReplicasOf(static_cast<int>(p))) {
      if (r == ctx.self()) parts_[p].replica = true;
    }
  }
  if (ctx.self() == options_.controller()) {
    controller_ = std::make_unique<LogController>(options_);
    Publish(controller_->Start(ctx), ctx);
  }
  ctx.SetTimer(options_.replica_fetch_interval_ns, kReplicaTick);
  ctx.SetTimer(kHeartbeatIntervalNs, kHeartbeatTick);
  // The first heartbeat says "fresh": the controller answers with the whole metadata.
  if (controller_ == nullptr) ctx.Send(options_.controller(), BrokerHeartbeat{.fresh = true});
}

void LogBrokerNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("broker");
  if (controller_ != nullptr) roles.push_back("controller");
  for (size_t p = 0; p < parts_.size(); ++p) {
    if (parts_[p].leader == self_) roles.push_back(absl::StrCat("partition:", p, "/leader"));
  }
}

std::string LogBrokerNode::Describe() const {
  std::vector<std::string> led;
  for (size_t p = 0; p < parts_.size(); ++p) {
    if (parts_[p].leader == self_) led.push_back(absl::StrCat(p, "@hw", parts_[p].hw));
  }
  return absl::StrCat("broker leads=[", absl::StrJoin(led, " "), "] appended=", appended_,
                      " truncated=", truncated_,
                      controller_ != nullptr ? absl::StrCat("; ", controller_->Describe()) : "");
}

void LogBrokerNode::OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) {
  switch (tag) {
    case kReplicaTick:
      ReplicaTick(ctx);
      ctx.SetTimer(options_.replica_fetch_interval_ns, kReplicaTick);
      return;
    case kHeartbeatTick:
      if (controller_ != nullptr) {
        Publish(controller_->Tick(ctx), ctx);
      } else {
        ctx.Send(options_.controller(), BrokerHeartbeat{.fresh = false});
      }
      ctx.SetTimer(kHeartbeatIntervalNs, kHeartbeatTick);
      return;
    case kForwardRetry: {
      auto t = forward_timers_.find(id);
      if (t == forward_timers_.end()) return;
      const uint64_t op = t->second;
      forward_timers_.erase(t);
      auto f = forwards_.find(op);
      if (f == forwards_.end()) return;
      if (f->second.attempts >= kForwardAttempts) {
        forwards_.erase(f);  // gives up: the client's timeout records info
        return;
      }
      SendProduce(f->second, ctx);
      return;
    }
    case kPendingTimeout:
    case kPendingHold: {
      auto t = pending_timers_.find(id);
      if (t == pending_timers_.end()) return;
      const int64_t ask = t->second;
      pending_timers_.erase(t);
      AnswerPending(ask, tag == kPendingHold, ctx);
      return;
    }
    default:
      return;
  }
}

void LogBrokerNode::Publish(const std::vector<LeaderAndIsr>& changes, sim::Context& ctx) {
  for (const LeaderAndIsr& m : changes) {
    ApplyMetadata(m, ctx);
    for (sim::EndpointId b = 0; b < options_.brokers; ++b) {
      if (b != ctx.self()) ctx.Send(b, m);
    }
  }
}

void LogBrokerNode::Handle(sim::EndpointId /*from*/, const LeaderAndIsr& m, sim::Context& ctx) {
  ApplyMetadata(m, ctx);
}

void LogBrokerNode::Handle(sim::EndpointId from, const BrokerHeartbeat& m, sim::Context& ctx) {
  if (controller_ == nullptr) return;
  bool send_all = false;
  Publish(controller_->OnBrokerHeartbeat(from, m, ctx, &send_all), ctx);
  if (send_all) {
    for (const LeaderAndIsr& meta : controller_->metadata()) ctx.Send(from, meta);
  }
}

void LogBrokerNode::Handle(sim::EndpointId from, const IsrChange& m, sim::Context& ctx) {
  if (controller_ != nullptr) Publish(controller_->OnIsrChange(from, m, ctx), ctx);
}

void LogBrokerNode::Handle(sim::EndpointId from, const GroupHeartbeat& m, sim::Context& ctx) {
  if (controller_ != nullptr) controller_->OnGroupHeartbeat(from, m, ctx);
}

void LogBrokerNode::Handle(sim::EndpointId from, const CommitOffset& m, sim::Context& ctx) {
  if (controller_ != nullptr) controller_->OnCommit(from, m, ctx);
}

void LogBrokerNode::Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (req.f == "send") return TakeSend(from, req, ctx);
  if (req.f == "poll") return Poll(from, req, ctx);
  if (req.f == "pending" && controller_ != nullptr) return AskPending(from, req, ctx);
  ctx.Send(from, sim::ClientReply::Fail(req, options_.controller()));
}

void LogBrokerNode::TakeSend(sim::EndpointId client, const sim::ClientRequest& req,
                          sim::Context& ctx) {
  const int partition = partitioner_.Choose(req.key, ctx.LocalNow());
  Forward f{.client = client, .req = req, .partition = partition, .attempts = 0};
  if (options_.acks == LogOptions::Acks::kNone) {
    // acks=0: the producer hears ok before anything is written, and never an offset.
    ctx.Send(client, sim::ClientReply::Ok(req, req.value));
    SendProduce(f, ctx);
    return;
  }
  SendProduce(forwards_[req.op] = f, ctx);
}

void LogBrokerNode::SendProduce(Forward& f, sim::Context& ctx) {
  // A copy: a leader that is this node answers at once, which erases `f` from forwards_.
  const uint64_t op = f.req.op;
  ++f.attempts;
  const Part& p = parts_.at(static_cast<size_t>(f.partition));
  const sim::EndpointId leader =
      p.leader >= 0 ? static_cast<sim::EndpointId>(p.leader) : options_.ReplicasOf(
                                                                   static_cast<int>(f.partition))
                                                                   .front();
  const Produce m{.op = f.req.op,
                  .key = f.req.key,
                  .value = f.req.value,
                  .partition = f.partition,
                  .attempt = f.attempts};
  if (leader == ctx.self()) {
    Handle(ctx.self(), m, ctx);
  } else {
    ctx.Send(leader, m);
  }
  // `f` may be gone now (answered locally); only `op` is safe to read.
  if (options_.acks != LogOptions::Acks::kNone && forwards_.contains(op)) {
    forward_timers_[ctx.SetTimer(kForwardRetryNs, kForwardRetry)] = op;
  }
}

void LogBrokerNode::AnswerProduce(sim::EndpointId forwarder, uint64_t op, int64_t partition,
                               int64_t offset, sim::Context& ctx) {
  const ProduceAck ack{.op = op, .partition = partition, .offset = offset, .ok = true};
  if (forwarder == ctx.self()) {
    Handle(ctx.self(), ack, ctx);
  } else {
    ctx.Send(forwarder, ack);
  }
}

void LogBrokerNode::Handle(sim::EndpointId /*from*/, const ProduceAck& m, sim::Context& ctx) {
  auto it = forwards_.find(m.op);
  if (it == forwards_.end()) return;  // answered already, or given up
  Forward& f = it->second;
  if (!m.ok) {
    // Not the leader: the retry timer sends it again, to the leader we know by then.
    return;
  }
  ctx.Send(f.client, sim::ClientReply::Ok(f.req, Value::List({Value::Int(m.offset), f.req.value,
                                                              Value::Int(m.partition)})));
  forwards_.erase(it);
}

void LogBrokerNode::AskPending(sim::EndpointId client, const sim::ClientRequest& req,
                            sim::Context& ctx) {
  const int64_t id = ++next_pending_id_;
  PendingAsk& ask = pending_asks_[id] = PendingAsk{.client = client, .req = req};
  for (const LeaderAndIsr& m : controller_->metadata()) {
    const PendingQuery q{.id = id, .partition = m.partition,
                         .from = controller_->committed(static_cast<int>(m.partition))};
    if (m.leader < 0) continue;  // offline: its part never comes, the ask times out
    if (m.leader == ctx.self()) {
      Handle(ctx.self(), q, ctx);
    } else {
      ctx.Send(static_cast<sim::EndpointId>(m.leader), q);
    }
  }
  if (pending_asks_.contains(id)) {
    ask.timeout = ctx.SetTimer(kPendingTimeoutNs, kPendingTimeout);
    pending_timers_[ask.timeout] = id;
  }
}

void LogBrokerNode::Handle(sim::EndpointId /*from*/, const PendingReply& m, sim::Context& ctx) {
  auto it = pending_asks_.find(m.id);
  if (it == pending_asks_.end()) return;
  PendingAsk& ask = it->second;
  ask.answers[m.partition] = m.records;
  if (static_cast<int>(ask.answers.size()) < options_.partitions) return;
  ctx.CancelTimer(ask.timeout);
  pending_timers_.erase(ask.timeout);
  bool empty = true;
  for (const auto& [p, records] : ask.answers) empty = empty && records.empty();
  if (empty) return AnswerPending(m.id, /*complete=*/true, ctx);
  pending_timers_[ctx.SetTimer(kPendingHoldNs, kPendingHold)] = m.id;
}

void LogBrokerNode::AnswerPending(int64_t id, bool complete, sim::Context& ctx) {
  auto it = pending_asks_.find(id);
  if (it == pending_asks_.end()) return;
  const PendingAsk& ask = it->second;
  if (!complete) {
    ctx.Send(ask.client, sim::ClientReply::Fail(ask.req));  // a leader did not answer
  } else {
    std::vector<Value> left;
    for (const auto& [p, records] : ask.answers) {
      for (const Record& r : records) left.push_back(Value::List({r.key, r.value}));
    }
    ctx.Send(ask.client, sim::ClientReply::Ok(ask.req, Value::List(std::move(left))));
  }
  pending_asks_.erase(it);
}

}  // namespace faultline::models
