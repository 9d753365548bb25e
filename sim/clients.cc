// Workload clients: simulated Jepsen processes outside the cluster. Each has at most one
// op outstanding; a timed-out op is recorded as `info` and the process id is retired
// (Jepsen's rule: the old process may still be "running" that op), so the client goes on
// under a fresh id.
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
  key_chooser_ = std::make_unique<KeyChooser>(w.keys);
  double weight_sum = 0;
  for (const auto& [f, weight] : w.ops) weight_sum += weight;
  for (const auto& [f, weight] : w.ops) {
    const auto ppm = static_cast<uint64_t>(std::llround(weight / weight_sum * 1e6));
    if (ppm > 0) op_weights_ppm_.emplace_back(f, ppm);
    op_weights_total_ += ppm;
  }
  FL_CHECK_MSG(op_weights_total_ > 0, "the workload's op weights are all zero");
  last_written_.assign(static_cast<size_t>(w.keys.count), kNil);
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

OpFunction Simulator::DrawFunction() {
  // Integer weights (parts per million of the total, fixed at setup): no float comparison
  // decides which op a client runs.
  uint64_t x = client_rng_.Below(op_weights_total_);
  for (const auto& [f, weight] : op_weights_ppm_) {
    if (x < weight) return f;
    x -= weight;
  }
  return op_weights_ppm_.back().first;
}

EndpointId Simulator::RouteFor(const Client& client, OpFunction f) {
  RoutePolicy policy = spec_.workload.route;
  if (f == OpFunction::kRead && spec_.workload.read_route) policy = *spec_.workload.read_route;
  switch (policy) {
    case RoutePolicy::kLeader:
      return client.leader_guess;
    case RoutePolicy::kRandom:
      return static_cast<EndpointId>(client_rng_.Below(static_cast<uint64_t>(node_count_)));
    case RoutePolicy::kSticky:
      return (client.endpoint - node_count_) % node_count_;
  }
  return 0;
}

void Simulator::OnClientIssue(int c) {
  Client& client = clients_[c];
  if (client.busy) return;
  if (phase_ == Phase::kWorkload) {
    client.final_op = false;
    IssueOp(c, DrawFunction(), key_chooser_->Next(client_rng_));
    return;
  }
  if (phase_ != Phase::kFinalReads || client.final_done) return;
  if (client.final_next_key >= spec_.workload.keys.count) {
    client.final_done = true;
    --final_clients_left_;
    CheckFinished();
    return;
  }
  ++stats_.final_reads;
  client.final_op = true;
  IssueOp(c, OpFunction::kRead, client.final_next_key);
}

void Simulator::OnArrival() {
  if (phase_ != Phase::kWorkload) return;
  // Offer the op to the clients in a rotating order starting at a random one.
  const int start = static_cast<int>(client_rng_.Below(static_cast<uint64_t>(client_count_)));
  int chosen = -1;
  for (int i = 0; i < client_count_; ++i) {
    const int c = (start + i) % client_count_;
    if (!clients_[c].busy) {
      chosen = c;
      break;
    }
  }
  const OpFunction f = DrawFunction();
  const int64_t key = key_chooser_->Next(client_rng_);
  if (chosen >= 0) {
    IssueOp(chosen, f, key);
  } else {
    ++stats_.arrivals_skipped;  // open loop: the system fell behind its offered load
  }
  const Nanos next = scheduler_.now() +
                     Distribution::Exponential(static_cast<double>(arrival_mean_ns_))
                         .SampleNanos(client_rng_);
  if (next < spec_.duration_ns) scheduler_.Schedule(next, kArrival, 0, 0);
}

void Simulator::IssueOp(int c, OpFunction f, int64_t key) {
  Client& client = clients_[c];
  FL_CHECK(!client.busy);
  client.busy = true;
  client.op_id = next_op_id_++;
  client.f = f;
  client.key = key;
  client.value = kNil;
  client.expect = kNil;
  if (f == OpFunction::kWrite || f == OpFunction::kAppend || f == OpFunction::kEnqueue) {
    client.value = next_write_value_++;
  } else if (f == OpFunction::kCas) {
    // Expect the latest value anyone wrote: cas then succeeds often enough to matter.
    client.expect = last_written_[static_cast<size_t>(key)];
    client.value = next_write_value_++;
  }
  client.invoked_at = scheduler_.now();
  ++stats_.ops_invoked;

  history_.Append(HistoryEvent{scheduler_.now(), client.process, HistoryType::kInvoke, f, key,
                               client.value, client.expect});
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kInvoke;
  r.node = client.endpoint;
  r.msg_id = client.op_id;
  r.a = client.process;
  r.kind = static_cast<MessageKind>(f);
  r.fields = Fields{key, client.value, client.expect, 0, 0, 0};
  trace_.Record(r);

  Fields fields{};
  fields[client_msg::kOpId] = static_cast<int64_t>(client.op_id);
  fields[client_msg::kF] = static_cast<int64_t>(f);
  fields[client_msg::kKey] = key;
  fields[client_msg::kValue] = client.value;
  fields[client_msg::kExpect] = client.expect;
  SendMessage(client.endpoint, RouteFor(client, f), client_req_kind_, fields);
  scheduler_.Schedule(scheduler_.now() + spec_.workload.timeout_ns, kClientTimeout,
                      static_cast<uint32_t>(c), client.op_id);
}

void Simulator::OnClientReply(int c, const Message& reply) {
  if (reply.kind != client_reply_kind_) return;  // clients only understand replies
  Client& client = clients_[c];
  const int64_t hint = reply.fields[client_msg::kLeaderHint];
  if (hint >= 0 && hint < node_count_) client.leader_guess = static_cast<EndpointId>(hint);
  if (!client.busy || reply.fields[client_msg::kOpId] != static_cast<int64_t>(client.op_id)) {
    return;  // a late reply to an op that already timed out
  }
  const auto outcome = static_cast<OpOutcome>(reply.fields[client_msg::kOutcome]);
  FL_CHECK_MSG(outcome == OpOutcome::kOk || outcome == OpOutcome::kFail,
               "a model replied with an outcome other than ok or fail");
  if (outcome == OpOutcome::kFail && hint < 0 &&
      spec_.workload.route == RoutePolicy::kLeader) {
    // No hint: try the next node next time rather than knocking on the same door.
    client.leader_guess = (client.leader_guess + 1) % node_count_;
  }
  CompleteOp(c, outcome, reply.fields[client_msg::kResult]);
}

void Simulator::OnClientTimeout(int c, uint64_t op_id) {
  Client& client = clients_[c];
  if (!client.busy || client.op_id != op_id) return;
  if (spec_.workload.route == RoutePolicy::kLeader) {
    client.leader_guess = (client.leader_guess + 1) % node_count_;
  }
  CompleteOp(c, OpOutcome::kInfo, kNil);
}

void Simulator::CompleteOp(int c, OpOutcome outcome, int64_t result) {
  Client& client = clients_[c];
  const Nanos now = scheduler_.now();
  // What the history records as the op's value: the result of a read, the value written
  // by a write or cas (Jepsen's convention), nothing for an indeterminate read.
  int64_t value = client.value;
  if (client.f == OpFunction::kRead || client.f == OpFunction::kDequeue) {
    value = outcome == OpOutcome::kOk ? result : kNil;
  }
  history_.Append(HistoryEvent{now, client.process, ToHistoryType(outcome), client.f,
                               client.key, value, client.expect});
  TraceRecord r;
  r.time = now;
  r.type = TraceType::kComplete;
  r.node = client.endpoint;
  r.msg_id = client.op_id;
  r.a = client.process;
  r.kind = static_cast<MessageKind>(client.f);
  r.fields = Fields{client.key, value, client.expect, 0, 0, 0};
  r.text = OpOutcomeName(outcome);
  trace_.Record(r);

  switch (outcome) {
    case OpOutcome::kOk:
      ++stats_.ops_ok;
      stats_.ok_latency.Record(now - client.invoked_at);
      if (client.f == OpFunction::kWrite || client.f == OpFunction::kCas) {
        last_written_[static_cast<size_t>(client.key)] = client.value;
      }
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
  AfterCompletion(c, outcome);
}

void Simulator::AfterCompletion(int c, OpOutcome outcome) {
  if (phase_ == Phase::kFinalReads) {
    // A final read that failed or timed out (say, it reached a node that just stepped
    // down) is retried a few times: each key should get a verdict from every client.
    // A workload op that ends now (it was still running when final reads began) only
    // frees the client to start its final reads.
    Client& client = clients_[c];
    if (client.final_op &&
        (outcome == OpOutcome::kOk || ++client.final_attempts >= kFinalReadAttempts)) {
      ++client.final_next_key;
      client.final_attempts = 0;
    }
    scheduler_.Schedule(scheduler_.now(), kClientIssue, static_cast<uint32_t>(c), 0);
    return;
  }
  if (phase_ != Phase::kWorkload || spec_.workload.rate_per_s > 0) return;
  const Nanos next = scheduler_.now() + spec_.workload.think_ns;
  if (next < spec_.duration_ns) {
    scheduler_.Schedule(next, kClientIssue, static_cast<uint32_t>(c), 0);
  }
}

void Simulator::StartFinalReads() {
  if (!spec_.workload.final_reads || client_count_ == 0) {
    phase_ = Phase::kDone;
    return;
  }
  phase_ = Phase::kFinalReads;
  Note(-1, "final reads: every client reads every key");
  final_clients_left_ = client_count_;
  for (int c = 0; c < client_count_; ++c) {
    // A client still waiting on a workload op starts its final reads when that op ends.
    if (!clients_[c].busy) {
      scheduler_.Schedule(scheduler_.now(), kClientIssue, static_cast<uint32_t>(c), 0);
    }
  }
}

void Simulator::CheckFinished() {
  if (phase_ == Phase::kFinalReads && final_clients_left_ == 0) phase_ = Phase::kDone;
}

}  // namespace faultline::sim
