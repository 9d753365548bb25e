#include "models/lock/pod_node.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sim/time.h"

namespace faultline::models {
namespace {

using sim::Value;

// Timer tags: (thread + 1) << 4 | kind; the pause monitor's tag has thread field 0.
constexpr uint64_t kWorkDone = 1;
constexpr uint64_t kRetry = 2;
constexpr uint64_t kHoldDone = 3;
constexpr uint64_t kTimeout = 4;
constexpr uint64_t kRoundWait = 5;
constexpr uint64_t kWriteWait = 6;
constexpr uint64_t kPauseTick = 15;

constexpr char kStartedRecord[] = "lock.pod.started";

uint64_t Tag(int thread, uint64_t kind) { return (static_cast<uint64_t>(thread) + 1) << 4 | kind; }

}  // namespace

sim::Nanos RedlockValidity(sim::Nanos ttl_ns, sim::Nanos elapsed_ns, int64_t drift_factor_ppm) {
  const sim::Nanos drift = ttl_ns / 1'000'000 * drift_factor_ppm +
                           ttl_ns % 1'000'000 * drift_factor_ppm / 1'000'000;
  return ttl_ns - elapsed_ns - drift - 2 * sim::kMillisecond;
}

LockPodNode::LockPodNode(const LockOptions& options)
    : options_(options),
      threads_(static_cast<size_t>(std::max(options.threads, 1))),
      pause_monitor_(options.pause_monitor_ns) {}

void LockPodNode::OnStart(sim::Context& ctx) {
  self_ = ctx.self();
  // A restart means the pod crashed: every thread's belief that it held a lock ended
  // then, and no release line will say so. The `restart` line tells the checkers (a
  // marker on the disk, which survives the crash, tells a restart from the first start).
  if (ctx.disk().Get(kStartedRecord).has_value()) {
    ctx.Observe({.f = "restart", .key = Value(), .value = Value::Int(0), .detail = {}});
  } else {
    ctx.disk().Put(kStartedRecord, Value::Int(1));
    ctx.disk().Sync();
  }
  pause_monitor_.Start(ctx, kPauseTick);
}

void LockPodNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("pod");
  if (holding_ > 0) roles.push_back("holder");
}

std::string LockPodNode::Describe() const {
  return absl::StrCat("pod ok=", served_, " failed=", failed_, " holding=", holding_);
}

void LockPodNode::SetStep(int t, sim::Nanos delay_ns, uint64_t kind, sim::Context& ctx) {
  threads_[static_cast<size_t>(t)].step_timer = ctx.SetTimer(std::max<sim::Nanos>(delay_ns, 0),
                                                             Tag(t, kind));
}

void LockPodNode::Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (req.f != "request") {
    ctx.Send(from, sim::ClientReply::Fail(req, -1, Value::Str("unknown op " + req.f)));
    return;
  }
  for (size_t t = 0; t < threads_.size(); ++t) {
    if (threads_[t].phase == Phase::kIdle) {
      StartRequest(static_cast<int>(t), from, req, ctx.LocalNow(), ctx);
      return;
    }
  }
  if (accept_queue_.size() < static_cast<size_t>(options_.accept_queue)) {
    accept_queue_.push_back(Waiting{from, req, ctx.LocalNow()});
    return;
  }
  ++failed_;
  ctx.Send(from, sim::ClientReply::Fail(req, -1, Value::Str("busy")));
}

void LockPodNode::StartRequest(int t, sim::EndpointId client, const sim::ClientRequest& req,
                               sim::Nanos arrival_ns, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  th = Thread{};
  th.phase = Phase::kWorking;
  th.client = client;
  th.req = req;
  th.arrival_ns = arrival_ns;
  const sim::Nanos left = arrival_ns + options_.request_timeout_ns - ctx.LocalNow();
  th.timeout_timer = ctx.SetTimer(std::max<sim::Nanos>(left, 0), Tag(t, kTimeout));
  const sim::Nanos work = options_.work_ns.SampleNanos(ctx.rng());
  SetStep(t, work, kWorkDone, ctx);
}

void LockPodNode::WorkDone(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  if (options_.admission != LockOptions::Admission::kNone) {
    if (permits_in_use_ >= options_.permits) {
      if (options_.admission == LockOptions::Admission::kSemaphore) {
        Finish(t, false, Value::Str("rejected"), ctx);
        return;
      }
      th.phase = Phase::kQueued;
      permit_queue_.push_back(t);
      return;
    }
    ++permits_in_use_;
    th.permit = true;
  }
  th.first_attempt_ns = ctx.LocalNow();
  th.backoff_ns = options_.retry_interval_ns;
  SendRound(t, ctx);
}

void LockPodNode::SendRound(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  th.phase = Phase::kTrying;
  th.attempt = ++next_round_;
  ++th.attempts;
  th.replies = 0;
  th.replied = 0;
  th.grants = 0;
  th.round_start_ns = ctx.LocalNow();
  rounds_[th.attempt] = t;
  for (sim::EndpointId s = 0; s < options_.servers; ++s) {
    ctx.Send(s, LockCommand{.attempt = th.attempt,
                            .key = th.req.key,
                            .owner = Name(t),
                            .op = th.req.op,
                            .ttl_ns = options_.ttl_ns});
  }
  if (options_.redlock()) SetStep(t, kRedlockReplyWait, kRoundWait, ctx);
}

void LockPodNode::Handle(sim::EndpointId from, const LockReply& r, sim::Context& ctx) {
  auto it = rounds_.find(r.attempt);
  if (it == rounds_.end()) return;  // a late answer to a round the thread gave up on
  const int t = it->second;
  Thread& th = threads_[static_cast<size_t>(t)];
  if (!options_.redlock()) {
    rounds_.erase(it);
    if (r.granted) {
      Acquired(t, r.token, ctx);
    } else {
      RoundFailed(t, ctx);
    }
    return;
  }
  // A duplicated reply (the network may deliver one twice) must not count as a second
  // server's vote: one answer per server and round.
  const uint32_t bit = uint32_t{1} << static_cast<uint32_t>(from);
  if (!options_.is_server(from) || (th.replied & bit) != 0) return;
  th.replied |= bit;
  ++th.replies;
  if (r.granted) ++th.grants;
  if (th.replies == options_.servers) DecideRedlock(t, ctx);
}

void LockPodNode::DecideRedlock(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  rounds_.erase(th.attempt);
  ctx.CancelTimer(th.step_timer);
  const sim::Nanos validity = RedlockValidity(
      options_.ttl_ns, ctx.LocalNow() - th.round_start_ns, options_.drift_factor_ppm);
  if (th.grants >= options_.majority() && validity > 0) {
    Acquired(t, 0, ctx);
    return;
  }
  UnlockAll(t, ctx);  // release the minority it did get
  RoundFailed(t, ctx);
}

void LockPodNode::RoundFailed(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  th.phase = Phase::kBackoff;
  sim::Nanos delay = options_.retry_interval_ns;
  if (options_.backoff == LockOptions::Backoff::kExponential) {
    // "Equal jitter": half the current backoff, plus up to half again at random.
    delay = th.backoff_ns / 2 + ctx.rng().Between(0, th.backoff_ns / 2);
    th.backoff_ns = std::min(th.backoff_ns * 2, options_.retry_max_ns);
  }
  SetStep(t, delay, kRetry, ctx);
}

void LockPodNode::Acquired(int t, int64_t token, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  th.phase = Phase::kHoldWork;
  th.token = token;
  th.acquired_ns = ctx.LocalNow();
  ++holding_;
  sim::Observation o{.f = "acquire",
                     .key = th.req.key,
                     .value = Value::Int(token),
                     .detail = {{"thread", Value::Str(absl::StrCat("t", t + 1))},
                                {"op", Value::Int(static_cast<int64_t>(th.req.op))},
                                {"attempts", Value::Int(th.attempts)},
                                {"wait_ns", Value::Int(th.acquired_ns - th.first_attempt_ns)},
                                {"ttl_ns", Value::Int(options_.ttl_ns)}}};
  if (options_.redlock()) {
    o.detail.emplace_back("servers", Value::Int(th.grants));
    o.detail.emplace_back("validity_ns",
                          Value::Int(RedlockValidity(options_.ttl_ns,
                                                     th.acquired_ns - th.round_start_ns,
                                                     options_.drift_factor_ppm)));
  }
  ctx.Observe(std::move(o));
  if (options_.hold_work_ns > 0) {
    SetStep(t, options_.hold_work_ns, kHoldDone, ctx);
  } else {
    SendWrite(t, ctx);
  }
}

void LockPodNode::SendWrite(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  th.phase = Phase::kWriting;
  th.write_id = ++next_write_;
  writes_[th.write_id] = t;
  ctx.Send(options_.resource(), LockWrite{.id = th.write_id,
                                          .op = th.req.op,
                                          .key = th.req.key,
                                          .token = th.token,
                                          .holder = Name(t)});
  // The write or its answer can be lost (link loss, a crashed resource): without a bound
  // the thread, and its permit, would wait forever and the pod would shrink by one thread.
  SetStep(t, options_.request_timeout_ns, kWriteWait, ctx);
}

void LockPodNode::WriteLost(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  writes_.erase(th.write_id);
  UnlockAll(t, ctx);
  Release(t, "abandoned", ctx);
  ctx.Note(absl::StrCat(Name(t), " gives up on op ", th.req.op, ": no answer to its write ",
                        "within request_timeout (the write may or may not have landed)"));
  // No reply: the write's outcome is unknown, so the client's own timeout records info.
  ++failed_;
  FreeThread(t, ctx);
}

void LockPodNode::Handle(sim::EndpointId /*from*/, const LockWriteReply& r, sim::Context& ctx) {
  auto it = writes_.find(r.id);
  if (it == writes_.end()) return;
  const int t = it->second;
  writes_.erase(it);
  Thread& th = threads_[static_cast<size_t>(t)];
  if (th.phase != Phase::kWriting || th.write_id != r.id) return;
  ctx.CancelTimer(th.step_timer);
  UnlockAll(t, ctx);
  Release(t, "released", ctx);
  if (r.accepted) {
    Finish(t, true, Value::Int(th.token), ctx);
  } else {
    ctx.Note(absl::StrCat(Name(t), " fenced: the resource refused token ", th.token,
                          " (it had accepted ", r.highest, ")"));
    Finish(t, false, Value::Str("fenced"), ctx);
  }
}

void LockPodNode::Handle(sim::EndpointId /*from*/, const UnlockReply& /*r*/,
                         sim::Context& /*ctx*/) {
  // Fire and forget: the holder has moved on (a failed delete means the key had expired).
}

void LockPodNode::UnlockAll(int t, sim::Context& ctx) {
  const Thread& th = threads_[static_cast<size_t>(t)];
  const std::string owner = Name(t);
  for (sim::EndpointId s = 0; s < options_.servers; ++s) {
    ctx.Send(s, UnlockCommand{.key = th.req.key, .owner = owner, .op = th.req.op});
  }
}

void LockPodNode::Release(int t, const char* outcome, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  --holding_;
  ctx.Observe({.f = "release",
               .key = th.req.key,
               .value = Value::Int(th.token),
               .detail = {{"thread", Value::Str(absl::StrCat("t", t + 1))},
                          {"op", Value::Int(static_cast<int64_t>(th.req.op))},
                          {"held_ns", Value::Int(ctx.LocalNow() - th.acquired_ns)},
                          {"outcome", Value::Str(outcome)}}});
}

void LockPodNode::TimedOut(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  switch (th.phase) {
    case Phase::kIdle:
    case Phase::kWriting:  // the write is out: its answer decides the request
      return;
    case Phase::kQueued:
      std::erase(permit_queue_, t);
      break;
    case Phase::kTrying:
      rounds_.erase(th.attempt);
      if (options_.redlock()) UnlockAll(t, ctx);
      break;
    case Phase::kHoldWork:
      UnlockAll(t, ctx);
      Release(t, "abandoned", ctx);
      break;
    case Phase::kWorking:
    case Phase::kBackoff:
      break;
  }
  ctx.CancelTimer(th.step_timer);
  ctx.Note(absl::StrCat(Name(t), " gives up on op ", th.req.op, " after ", th.attempts,
                        " lock attempts (request_timeout)"));
  Finish(t, false, Value::Str("lock-timeout"), ctx);
}

void LockPodNode::Finish(int t, bool ok, Value result, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  if (ok) {
    ++served_;
    ctx.Send(th.client, sim::ClientReply::Ok(th.req, std::move(result)));
  } else {
    ++failed_;
    ctx.Send(th.client, sim::ClientReply::Fail(th.req, -1, std::move(result)));
  }
  FreeThread(t, ctx);
}

void LockPodNode::FreeThread(int t, sim::Context& ctx) {
  Thread& th = threads_[static_cast<size_t>(t)];
  ctx.CancelTimer(th.timeout_timer);
  const bool had_permit = th.permit;
  th = Thread{};
  if (had_permit) {
    --permits_in_use_;
    if (!permit_queue_.empty()) {
      const int next = permit_queue_.front();
      permit_queue_.pop_front();
      Thread& waiter = threads_[static_cast<size_t>(next)];
      ++permits_in_use_;
      waiter.permit = true;
      waiter.first_attempt_ns = ctx.LocalNow();
      waiter.backoff_ns = options_.retry_interval_ns;
      SendRound(next, ctx);
    }
  }
  if (!accept_queue_.empty()) {
    Waiting w = std::move(accept_queue_.front());
    accept_queue_.pop_front();
    StartRequest(t, w.client, w.req, w.arrival_ns, ctx);
  }
}

void LockPodNode::OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) {
  const uint64_t kind = tag & 15;
  if (kind == kPauseTick) {
    pause_monitor_.Tick(ctx);
    return;
  }
  const int t = static_cast<int>(tag >> 4) - 1;
  if (t < 0 || t >= static_cast<int>(threads_.size())) return;
  Thread& th = threads_[static_cast<size_t>(t)];
  if (kind == kTimeout) {
    if (id == th.timeout_timer) TimedOut(t, ctx);
    return;
  }
  if (id != th.step_timer) return;  // a step of a request this thread no longer serves
  if (kind == kWorkDone && th.phase == Phase::kWorking) WorkDone(t, ctx);
  if (kind == kRetry && th.phase == Phase::kBackoff) SendRound(t, ctx);
  if (kind == kHoldDone && th.phase == Phase::kHoldWork) SendWrite(t, ctx);
  if (kind == kRoundWait && th.phase == Phase::kTrying) DecideRedlock(t, ctx);
  if (kind == kWriteWait && th.phase == Phase::kWriting) WriteLost(t, ctx);
}

}  // namespace faultline::models
