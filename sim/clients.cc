// Workload clients: simulated Jepsen processes outside the cluster. Each has at most one
// op outstanding; a timed-out op is recorded as `info` and the process id is retired
// (Jepsen's rule: the old process may still be "running" that op), so the client goes on
// under a fresh id. What each op is comes from the model family's Workload; when and
// where it is sent is decided here.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "sim/simulator.h"

namespace faultline::sim {
namespace {
HistoryType ToHistoryType(OpOutcome o) {
  switch (o) {
    case OpOutcome::kOk:
      return HistoryType::kOk;
    case OpOutcome::kFail:
      return HistoryType::kFail;
    case OpOutcome::kInfo:
      return HistoryType::kInfo;
  }
  return HistoryType::kInfo;
}
}  // namespace

void Simulator::StartWorkload() {
  const WorkloadSpec& w = spec_.workload;
  clients_.resize(client_count_);
  for (int c = 0; c < client_count_; ++c) {
    Client& client = clients_[c];
    client.endpoint = node_count_ + c;
    client.process = next_process_++;
    client.leader_guess = 0;
  }
  if (client_count_ == 0) return;  // a cluster with no clients (simulator tests, benches)
  if (w.rate_per_s > 0) {
    arrival_mean_ns_ = static_cast<Nanos>(std::llround(1e9 / w.rate_per_s));
    if (arrival_mean_ns_ < 1) arrival_mean_ns_ = 1;
    const Nanos first = Distribution::Exponential(static_cast<double>(arrival_mean_ns_))
                            .SampleNanos(client_rng_);
    if (first < spec_.duration_ns) scheduler_.Schedule(first, kArrival, 0, 0);
    return;
  }
  // Closed loop: stagger the first ops over one think time (or 1ms) so clients do not
  // all fire at t=0.
  const Nanos stagger = w.think_ns > 0 ? w.think_ns : kMillisecond;
  for (int c = 0; c < client_count_; ++c) {
    const Nanos at = client_rng_.Between(0, stagger);
    if (at < spec_.duration_ns) scheduler_.Schedule(at, kClientIssue, static_cast<uint32_t>(c), 0);
  }
}

EndpointId Simulator::RouteFor(const Client& client, const Op& op) {
  if (op.node >= 0 && op.node < node_count_) return op.node;
  const Route by_role{RoutePolicy::kRole, op.role};
  const Route& route = !op.role.empty() ? by_role
                       : op.f == "read" && spec_.workload.read_route
                           ? *spec_.workload.read_route
                           : spec_.workload.route;
  switch (route.policy) {
    case RoutePolicy::kLeader:
      return client.leader_guess;
    case RoutePolicy::kRandom:
      return static_cast<EndpointId>(client_rng_.Below(static_cast<uint64_t>(node_count_)));
    case RoutePolicy::kSticky:
      return (client.endpoint - node_count_) % node_count_;
    case RoutePolicy::kRole: {
      const std::vector<EndpointId> holders = NodesWithRole(route.role);
      if (holders.empty()) {
        return static_cast<EndpointId>(client_rng_.Below(static_cast<uint64_t>(node_count_)));
      }
      return holders[client_rng_.Below(holders.size())];
    }
  }
  return 0;
}

void Simulator::OnClientIssue(int c) {
  Client& client = clients_[c];
  if (client.busy) return;
  if (phase_ == Phase::kWorkload) {
    if (std::optional<Op> op = workload_->NextOp(c, client_rng_)) {
      IssueOp(c, *std::move(op));
    } else {
      // Idle this turn: ask again after a think time (at least 1ms, so an idle workload
      // cannot spin at one instant).
      const Nanos next = scheduler_.now() + std::max(spec_.workload.think_ns, kMillisecond);
      if (next < spec_.duration_ns && spec_.workload.rate_per_s <= 0) {
        scheduler_.Schedule(next, kClientIssue, static_cast<uint32_t>(c), 0);
      }
    }
    return;
  }
  if (phase_ != Phase::kFinalPhase || client.final_done) return;
  std::optional<Op> op = workload_->NextFinalOp(c);
  if (!op) {
    client.final_done = true;
    --final_clients_left_;
    CheckFinished();
    return;
  }
  if (!op->probe) ++stats_.final_ops;
  IssueOp(c, *std::move(op));
}

void Simulator::OnArrival() {
  if (phase_ != Phase::kWorkload) return;
  // Offer the op to the clients in a rotating order starting at a random one; the first
  // idle client whose workload has an op for it takes it.
  const int start = static_cast<int>(client_rng_.Below(static_cast<uint64_t>(client_count_)));
  bool issued = false;
  for (int i = 0; i < client_count_ && !issued; ++i) {
    const int c = (start + i) % client_count_;
    if (clients_[c].busy) continue;
    if (std::optional<Op> op = workload_->NextOp(c, client_rng_)) {
      IssueOp(c, *std::move(op));
      issued = true;
    }
  }
  if (!issued) ++stats_.arrivals_skipped;  // open loop: the system fell behind its load
  const Nanos next = scheduler_.now() +
                     Distribution::Exponential(static_cast<double>(arrival_mean_ns_))
                         .SampleNanos(client_rng_);
  if (next < spec_.duration_ns) scheduler_.Schedule(next, kArrival, 0, 0);
}

bool Simulator::IsProbeMessage(EndpointId from, EndpointId to, const AnyMessage& body) const {
  const auto clients = static_cast<EndpointId>(clients_.size());
  if (from >= node_count_ && from < node_count_ + clients) {
    const Client& client = clients_[static_cast<size_t>(from - node_count_)];
    return client.busy && client.op.probe;
  }
  if (to >= node_count_ && to < node_count_ + clients) {
    const Client& client = clients_[static_cast<size_t>(to - node_count_)];
    const ClientReply* reply = body.As<ClientReply>();
    return reply != nullptr && client.busy && client.op.probe && reply->op == client.op_id;
  }
  return false;
}

void Simulator::IssueOp(int c, Op op) {
  Client& client = clients_[c];
  FL_CHECK(!client.busy);
  client.busy = true;
  client.op_id = next_op_id_++;
  client.op = std::move(op);
  client.invoked_at = scheduler_.now();
  client.invoked_in_fault = AnyFaultActive();
  ++(client.op.probe ? stats_.probe_ops : stats_.ops_invoked);

  history_.Append(HistoryEvent{scheduler_.now(), client.process, client.op_id,
                               names_[client.endpoint], HistoryType::kInvoke, &client.op,
                               nullptr});
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kInvoke;
  r.node = client.endpoint;
  r.msg_id = client.op_id;
  r.a = client.process;
  r.op = &client.op;
  trace_.Record(r);

  ClientRequest req{client.op_id, client.op.f, client.op.key, client.op.value};
  SendMessage(client.endpoint, RouteFor(client, client.op), client_req_kind_,
              AnyMessage(std::move(req)));
  scheduler_.Schedule(scheduler_.now() + spec_.workload.timeout_ns, kClientTimeout,
                      static_cast<uint32_t>(c), client.op_id);
}

void Simulator::OnClientReply(int c, const Envelope& msg) {
  const ClientReply* reply = msg.body.As<ClientReply>();
  if (reply == nullptr) return;  // clients only understand replies
  Client& client = clients_[c];
  if (reply->leader >= 0 && reply->leader < node_count_) client.leader_guess = reply->leader;
  if (!client.busy || reply->op != client.op_id) return;  // a late reply to a timed-out op
  if (!reply->ok && reply->leader < 0 && spec_.workload.route.policy == RoutePolicy::kLeader) {
    // No hint: try the next node next time rather than knocking on the same door.
    client.leader_guess = (client.leader_guess + 1) % node_count_;
  }
  CompleteOp(c, reply->ok ? OpOutcome::kOk : OpOutcome::kFail, reply->value);
}

void Simulator::OnClientTimeout(int c, uint64_t op_id) {
  Client& client = clients_[c];
  if (!client.busy || client.op_id != op_id) return;
  if (spec_.workload.route.policy == RoutePolicy::kLeader) {
    client.leader_guess = (client.leader_guess + 1) % node_count_;
  }
  CompleteOp(c, OpOutcome::kInfo, Value());
}

void Simulator::CompleteOp(int c, OpOutcome outcome, const Value& result) {
  Client& client = clients_[c];
  const Nanos now = scheduler_.now();
  // The workload sees every completion and says what the history records for it.
  const Value recorded = workload_->OnComplete(c, client.op, outcome, result);
  history_.Append(HistoryEvent{now, client.process, client.op_id, names_[client.endpoint],
                               ToHistoryType(outcome), &client.op, &recorded});
  TraceRecord r;
  r.time = now;
  r.type = TraceType::kComplete;
  r.node = client.endpoint;
  r.msg_id = client.op_id;
  r.a = client.process;
  r.op = &client.op;
  r.value = &recorded;
  r.text = OpOutcomeName(outcome);
  trace_.Record(r);

  if (client.op.probe) {
    // Not a client's op: out of every op figure (a timed-out probe still retires the
    // process, as the history says).
    if (outcome == OpOutcome::kInfo) client.process = next_process_++;
    client.busy = false;
    AfterCompletion(c);
    return;
  }
  stats_.op_metrics.Record(client.op.f, client.invoked_in_fault, outcome, now - client.invoked_at);
  switch (outcome) {
    case OpOutcome::kOk:
      ++stats_.ops_ok;
      stats_.ok_latency.Record(now - client.invoked_at);
      break;
    case OpOutcome::kFail:
      ++stats_.ops_fail;
      break;
    case OpOutcome::kInfo:
      ++stats_.ops_info;
      client.process = next_process_++;
      break;
  }
  client.busy = false;
  AfterCompletion(c);
}

void Simulator::AfterCompletion(int c) {
  if (phase_ == Phase::kFinalPhase) {
    // The workload decides what comes next (a retry of a failed final read, the next
    // key); a workload op still running when the phase began only frees the client.
    scheduler_.Schedule(scheduler_.now(), kClientIssue, static_cast<uint32_t>(c), 0);
    return;
  }
  if (phase_ != Phase::kWorkload || spec_.workload.rate_per_s > 0) return;
  const Nanos next = scheduler_.now() + spec_.workload.think_ns;
  if (next < spec_.duration_ns) {
    scheduler_.Schedule(next, kClientIssue, static_cast<uint32_t>(c), 0);
  }
}

void Simulator::StartFinalPhase() {
  if (!spec_.workload.final_reads || client_count_ == 0) {
    phase_ = Phase::kDone;
    return;
  }
  phase_ = Phase::kFinalPhase;
  Note(-1, workload_->FinalPhaseNote());
  final_clients_left_ = client_count_;
  for (int c = 0; c < client_count_; ++c) {
    // A client still waiting on a workload op starts its final phase when that op ends.
    if (!clients_[c].busy) {
      scheduler_.Schedule(scheduler_.now(), kClientIssue, static_cast<uint32_t>(c), 0);
    }
  }
}

void Simulator::CheckFinished() {
  if (phase_ == Phase::kFinalPhase && final_clients_left_ == 0) phase_ = Phase::kDone;
}

}  // namespace faultline::sim
