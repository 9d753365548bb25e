#include "models/primary_backup_node.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::models {
namespace {

using sim::Context;
using sim::EndpointId;
using sim::Message;
using sim::Nanos;
using sim::OpFunction;
using sim::OpOutcome;
namespace cm = sim::client_msg;

constexpr uint64_t kHeartbeatTag = 1;
constexpr uint64_t kFailoverTag = 2;

// Disk keys for the term; the store's own keys are "k/", "ke/" and "ks/" prefixed.
constexpr char kEpochKey[] = "epoch";
constexpr char kPrimaryKey[] = "primary";

std::string NodeName(EndpointId id) { return absl::StrCat("n", id + 1); }

}  // namespace

void PrimaryBackupNode::OnStart(Context& ctx) {
  self_ = ctx.self();
  const std::optional<int64_t> epoch = ctx.disk().Read(kEpochKey);
  if (!epoch.has_value()) {
    // A fresh disk: the cluster starts with n1 as primary of epoch 1.
    epoch_ = 1;
    primary_ = 0;
    PersistTerm(ctx);
    ctx.disk().Sync();
    if (ctx.self() == primary_) {
      BecomePrimary(ctx);
      ctx.Note("primary in epoch 1 (initial)");
      return;
    }
  } else {
    // A restart: whatever we were, wait for a primary's heartbeat before serving writes;
    // the failover timer promotes us if none comes.
    epoch_ = *epoch;
    primary_ = static_cast<EndpointId>(ctx.disk().Read(kPrimaryKey).value_or(0));
    store_.Load(ctx.disk());
    ctx.Note(absl::StrCat("restarted as backup in epoch ", epoch_, " with ", store_.size(),
                          " keys from disk"));
  }
  role_ = Role::kBackup;
  last_heard_ns_ = ctx.LocalNow();
  ArmFailoverTimer(FailoverTimeoutNs(), ctx);
}

void PrimaryBackupNode::OnMessage(const Message& msg, Context& ctx) {
  if (msg.kind == ctx.client_request_kind()) {
    HandleClient(msg, ctx);
  } else if (msg.kind == options_.heartbeat) {
    HandleHeartbeat(msg, ctx);
  } else if (msg.kind == options_.replicate) {
    HandleReplicate(msg, ctx);
  } else if (msg.kind == options_.ack) {
    HandleAck(msg, ctx);
  }
}

void PrimaryBackupNode::OnTimer(sim::TimerId id, uint64_t tag, Context& ctx) {
  if (tag == kHeartbeatTag && heartbeat_timer_ == id) {
    heartbeat_timer_.reset();
    OnHeartbeatTick(ctx);
  } else if (tag == kFailoverTag && failover_timer_ == id) {
    failover_timer_.reset();
    OnFailoverCheck(ctx);
  }
}

std::string PrimaryBackupNode::Describe() const {
  if (role_ == Role::kPrimary) {
    return absl::StrCat("primary epoch=", epoch_, " keys=", store_.size(),
                        " unacked=", log_->pending_count(), " waiting=", waiting_replies());
  }
  return absl::StrCat("backup epoch=", epoch_, " primary=", NodeName(primary_),
                      " keys=", store_.size());
}

size_t PrimaryBackupNode::waiting_replies() const {
  size_t n = 0;
  for (const auto& [seq, waiters] : waiters_) n += waiters.size();
  return n;
}

// --- Clients -------------------------------------------------------------------------------

void PrimaryBackupNode::HandleClient(const Message& msg, Context& ctx) {
  const auto f = static_cast<OpFunction>(msg.fields[cm::kF]);
  const int64_t key = msg.fields[cm::kKey];
  const int64_t value = msg.fields[cm::kValue];
  if (f == OpFunction::kRead) {
    HandleRead(msg, ctx);
    return;
  }
  if (f != OpFunction::kWrite && f != OpFunction::kCas) {
    ctx.ReplyToClient(msg, OpOutcome::kFail, sim::kNil, -1);  // not an op this model serves
    return;
  }
  if (role_ != Role::kPrimary) {
    ctx.ReplyToClient(msg, OpOutcome::kFail, sim::kNil, LeaderHint(ctx));
    return;
  }
  if (f == OpFunction::kCas && store_.Get(key) != msg.fields[cm::kExpect]) {
    // Nothing was written: a definite failure, whatever happens to the primary later.
    ctx.ReplyToClient(msg, OpOutcome::kFail, store_.Get(key), ctx.self());
    return;
  }
  HandleWrite(msg, key, value, ctx);
}

void PrimaryBackupNode::HandleRead(const Message& msg, Context& ctx) {
  const int64_t key = msg.fields[cm::kKey];
  if (role_ != Role::kPrimary) {
    if (options_.reads == PrimaryBackupOptions::Reads::kAnyReplica) {
      // Answers from whatever this replica has applied so far: possibly stale.
      ctx.ReplyToClient(msg, OpOutcome::kOk, store_.Get(key), LeaderHint(ctx));
    } else {
      ctx.ReplyToClient(msg, OpOutcome::kFail, sim::kNil, LeaderHint(ctx));
    }
    return;
  }
  const Version version = store_.VersionOf(key);
  const bool uncommitted = version.epoch == epoch_ && version.seq > log_->committed_seq();
  if (options_.replication == PrimaryBackupOptions::Replication::kSync && uncommitted) {
    // A sync primary must not expose a value it has not committed: the write may still
    // be lost in a failover, and a reader would then have seen a value that never was.
    waiters_[version.seq].push_back(Waiter{msg, store_.Get(key)});
    return;
  }
  ctx.ReplyToClient(msg, OpOutcome::kOk, store_.Get(key), ctx.self());
}

void PrimaryBackupNode::HandleWrite(const Message& msg, int64_t key, int64_t value, Context& ctx) {
  const int64_t seq = WriteAtPrimary(key, value, ctx);
  if (options_.replication == PrimaryBackupOptions::Replication::kAsync ||
      seq <= log_->committed_seq()) {
    // Async acknowledges what only this node holds: a failover before replication loses it.
    ctx.ReplyToClient(msg, OpOutcome::kOk, sim::kNil, ctx.self());
    return;
  }
  waiters_[seq].push_back(Waiter{msg, sim::kNil});
}

// --- Replication ---------------------------------------------------------------------------

int64_t PrimaryBackupNode::WriteAtPrimary(int64_t key, int64_t value, Context& ctx) {
  const int64_t seq = log_->Append(key, value);
  const bool applied = store_.Apply(key, value, Version{epoch_, seq}, ctx.disk());
  FL_CHECK_MSG(applied, "a primary's seqs grow, so its own write is always newest");
  const ReplicationLog::Entry entry{seq, key, value};
  for (EndpointId backup : log_->backups()) SendReplicate(backup, entry, ctx);
  return seq;
}

void PrimaryBackupNode::SendReplicate(EndpointId to, const ReplicationLog::Entry& e, Context& ctx) {
  ctx.Send(to, options_.replicate, {epoch_, e.seq, e.key, e.value, 0, 0});
}

void PrimaryBackupNode::Resend(int64_t seq_max, Context& ctx) {
  for (EndpointId backup : log_->backups()) {
    for (const auto& entry : log_->ToResend(backup, options_.resend_batch, seq_max)) {
      SendReplicate(backup, entry, ctx);
    }
  }
}

void PrimaryBackupNode::HandleReplicate(const Message& msg, Context& ctx) {
  const int64_t epoch = msg.fields[0];
  if (IsNewerTerm(epoch, msg.from)) AdoptTerm(epoch, msg.from, ctx);
  if (!IsCurrentTerm(epoch, msg.from) || role_ != Role::kBackup) return;  // stale primary
  last_heard_ns_ = ctx.LocalNow();
  // Reordered or duplicated entries lose to newer versions; either way the backup holds
  // this entry or a newer one, so it acknowledges.
  store_.Apply(msg.fields[2], msg.fields[3], Version{epoch, msg.fields[1]}, ctx.disk());
  ctx.Send(msg.from, options_.ack, {epoch, msg.fields[1], 0, 0, 0, 0});
}

void PrimaryBackupNode::HandleAck(const Message& msg, Context& ctx) {
  if (role_ != Role::kPrimary || msg.fields[0] != epoch_) return;  // late, from a past reign
  log_->Ack(msg.from, msg.fields[1]);
  AnswerCommitted(ctx);
}

void PrimaryBackupNode::AnswerCommitted(Context& ctx) {
  const int64_t committed = log_->committed_seq();
  while (!waiters_.empty() && waiters_.begin()->first <= committed) {
    for (const Waiter& w : waiters_.begin()->second) {
      ctx.ReplyToClient(w.request, OpOutcome::kOk, w.result, ctx.self());
    }
    waiters_.erase(waiters_.begin());
  }
}

// --- Heartbeats, terms and failover --------------------------------------------------------

void PrimaryBackupNode::HandleHeartbeat(const Message& msg, Context& ctx) {
  const int64_t epoch = msg.fields[0];
  const auto primary = static_cast<EndpointId>(msg.fields[1]);
  if (IsNewerTerm(epoch, primary)) AdoptTerm(epoch, primary, ctx);
  if (IsCurrentTerm(epoch, primary) && role_ == Role::kBackup) {
    last_heard_ns_ = ctx.LocalNow();
  }
}

void PrimaryBackupNode::OnHeartbeatTick(Context& ctx) {
  if (role_ != Role::kPrimary) return;
  BroadcastHeartbeat(ctx);
  Resend(resend_seq_max_, ctx);
  resend_seq_max_ = log_->last_seq();
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

void PrimaryBackupNode::BroadcastHeartbeat(Context& ctx) {
  for (EndpointId backup : log_->backups()) {
    ctx.Send(backup, options_.heartbeat, {epoch_, ctx.self(), 0, 0, 0, 0});
  }
}

void PrimaryBackupNode::OnFailoverCheck(Context& ctx) {
  if (role_ != Role::kBackup) return;
  const Nanos now = ctx.LocalNow();
  // A backward clock jump must not postpone failover indefinitely.
  last_heard_ns_ = std::min(last_heard_ns_, now);
  const Nanos deadline = last_heard_ns_ + FailoverTimeoutNs();
  if (now < deadline) {
    ArmFailoverTimer(deadline - now, ctx);
    return;
  }
  Promote(ctx);
}

Nanos PrimaryBackupNode::FailoverTimeoutNs() const {
  // Ring distance from the primary staggers the candidates, so the next node in the ring
  // usually promotes alone instead of every backup at once.
  const int n = options_.node_count;
  const int64_t rank = ((self_ - primary_) % n + n) % n;
  return options_.failover_timeout_ns + rank * (options_.failover_timeout_ns / 2);
}

bool PrimaryBackupNode::IsNewerTerm(int64_t epoch, EndpointId primary) const {
  return epoch > epoch_ || (epoch == epoch_ && primary < primary_);
}

void PrimaryBackupNode::AdoptTerm(int64_t epoch, EndpointId primary, Context& ctx) {
  const bool was_primary = role_ == Role::kPrimary;
  const int64_t old_epoch = epoch_;
  if (was_primary) {
    // Pending sync replies are dropped unanswered: their clients time out (info), which
    // is honest, since the writes may yet survive on a backup or be lost.
    if (heartbeat_timer_) ctx.CancelTimer(*heartbeat_timer_);
    heartbeat_timer_.reset();
    log_.reset();
    waiters_.clear();
  }
  role_ = Role::kBackup;
  epoch_ = epoch;
  primary_ = primary;
  // The new primary's state replaces ours, including writes only we held: this is where
  // an acknowledged async write is lost.
  const size_t dropped = store_.size();
  store_.ClearUnsynced(ctx.disk());
  PersistTerm(ctx);
  ctx.disk().Sync();
  ctx.Note(absl::StrCat(was_primary ? "stepped down; " : "", "following ", NodeName(primary),
                        " in epoch ", epoch, " (was epoch ", old_epoch, "; dropped ", dropped,
                        " keys to resync)"));
  last_heard_ns_ = ctx.LocalNow();
  if (!failover_timer_) ArmFailoverTimer(FailoverTimeoutNs(), ctx);
}

void PrimaryBackupNode::Promote(Context& ctx) {
  const Nanos silent_ns = ctx.LocalNow() - last_heard_ns_;
  const int64_t old_epoch = epoch_;
  epoch_ += 1;
  primary_ = ctx.self();
  PersistTerm(ctx);
  ctx.disk().Sync();
  ctx.Note(absl::StrCat("promoted to primary in epoch ", epoch_, " (no heartbeat for ",
                        sim::FormatDuration(silent_ns), " in epoch ", old_epoch, "; ",
                        store_.size(), " keys to re-replicate)"));
  BecomePrimary(ctx);
}

void PrimaryBackupNode::BecomePrimary(Context& ctx) {
  if (failover_timer_) ctx.CancelTimer(*failover_timer_);
  failover_timer_.reset();
  role_ = Role::kPrimary;
  std::vector<EndpointId> backups;
  for (EndpointId id = 0; id < ctx.node_count(); ++id) {
    if (id != ctx.self()) backups.push_back(id);
  }
  log_.emplace(std::move(backups));
  waiters_.clear();
  BroadcastHeartbeat(ctx);
  // Re-replicate the whole store as this epoch's first entries, so every backup (which
  // cleared its store on adopting the epoch) converges to this node's state.
  std::vector<std::pair<int64_t, int64_t>> cells;
  for (const auto& [key, cell] : store_.cells()) cells.emplace_back(key, cell.value);
  for (const auto& [key, value] : cells) {
    const int64_t seq = log_->Append(key, value);
    store_.Apply(key, value, Version{epoch_, seq}, ctx.disk());
  }
  // Sent in batches (here and on each tick) so a large store does not flood the network.
  Resend(log_->last_seq(), ctx);
  resend_seq_max_ = log_->last_seq();
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

void PrimaryBackupNode::PersistTerm(Context& ctx) {
  ctx.disk().Write(kEpochKey, epoch_);
  ctx.disk().Write(kPrimaryKey, primary_);
}

void PrimaryBackupNode::ArmFailoverTimer(Nanos delay_ns, Context& ctx) {
  if (failover_timer_) ctx.CancelTimer(*failover_timer_);
  failover_timer_ = ctx.SetTimer(std::max<Nanos>(delay_ns, 1), kFailoverTag);
}

EndpointId PrimaryBackupNode::LeaderHint(const Context& ctx) const {
  if (role_ == Role::kPrimary) return ctx.self();
  return primary_ != ctx.self() ? primary_ : -1;
}

}  // namespace faultline::models
