#include "models/primary_backup/primary_backup_node.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/kv/kv_workload.h"

namespace faultline::models {
namespace {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Nanos;
using sim::Value;


// Disk keys for the term; the store's own records are "k/" prefixed.
constexpr char kEpochKey[] = "epoch";
constexpr char kPrimaryKey[] = "primary";

std::string NodeName(EndpointId id) { return absl::StrCat("n", id + 1); }

}  // namespace

void PrimaryBackupNode::OnStart(Context& ctx) {
  self_ = ctx.self();
  const std::optional<Value> epoch = ctx.disk().Get(kEpochKey);
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
    epoch_ = epoch->int_or(1);
    primary_ = static_cast<EndpointId>(ctx.disk().Get(kPrimaryKey).value_or(Value()).int_or(0));
    store_.Load(ctx.disk());
    ctx.Note(absl::StrCat("restarted as backup in epoch ", epoch_, " with ", store_.size(),
                          " keys from disk"));
  }
  role_ = Role::kBackup;
  last_heard_ns_ = ctx.LocalNow();
  ArmFailoverTimer(FailoverTimeoutNs(), ctx);
}

void PrimaryBackupNode::OnTimer(sim::TimerId id, uint64_t tag, Context& ctx) {
  if (tag == kHeartbeatTag && heartbeat_timer_ == id) {
    heartbeat_timer_.reset();
    OnHeartbeatTick(ctx);
  } else if (tag == kFailoverTag && failover_timer_ == id) {
    failover_timer_.reset();
    OnFailoverCheck(ctx);
  } else if (tag == kShipTag && ship_timer_ == id) {
    ship_timer_.reset();
    ShipTail(ctx);
  } else if (tag == kCatchUpTag && catch_up_timer_ == id) {
    catch_up_timer_.reset();
    OnCatchUpDone(ctx);
  }
}

void PrimaryBackupNode::AppendRoles(std::vector<std::string>& roles) const {
  if (role_ == Role::kPrimary) {
    roles.push_back("primary");
    roles.push_back("leader");
  } else {
    roles.push_back("backup");
    roles.push_back("follower");
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

void PrimaryBackupNode::Handle(EndpointId from, const ClientRequest& req, Context& ctx) {
  if (req.f == "read") {
    HandleRead(from, req, ctx);
    return;
  }
  if (req.f == kReadLocal) {
    // A convergence check's look at this node's own copy, whatever its role.
    ctx.Send(from, ClientReply::Ok(req, store_.Get(req.key), LeaderHint(ctx)));
    return;
  }
  if (req.f != "write" && req.f != "cas") {
    ctx.Send(from, ClientReply::Fail(req));  // not an op this model serves
    return;
  }
  if (role_ != Role::kPrimary) {
    ctx.Send(from, ClientReply::Fail(req, LeaderHint(ctx)));
    return;
  }
  if (req.f == "write") {
    HandleWrite(from, req, req.value, ctx);
    return;
  }
  // cas: the value is [expected, new].
  const bool well_formed = req.value.is_list() && req.value.as_list().size() == 2;
  if (!well_formed || store_.Get(req.key) != req.value.as_list()[0]) {
    // Nothing was written: a definite failure, whatever happens to the primary later.
    ctx.Send(from, ClientReply::Fail(req, ctx.self(), store_.Get(req.key)));
    return;
  }
  HandleWrite(from, req, req.value.as_list()[1], ctx);
}

void PrimaryBackupNode::HandleRead(EndpointId client, const ClientRequest& req, Context& ctx) {
  if (role_ != Role::kPrimary) {
    if (options_.reads == PrimaryBackupOptions::Reads::kAnyReplica) {
      // Answers from whatever this replica has applied so far: possibly stale.
      ctx.Send(client, ClientReply::Ok(req, store_.Get(req.key), LeaderHint(ctx)));
    } else {
      ctx.Send(client, ClientReply::Fail(req, LeaderHint(ctx)));
    }
    return;
  }
  const EpochSeq version = store_.VersionOf(req.key);
  const bool uncommitted = version.epoch == epoch_ && version.seq > CommittedSeq();
  if (WaitsForBackups() && uncommitted) {
    // A sync or semi-sync primary must not expose a value it has not committed: the write
    // may still be lost in a failover, and a reader would then have seen a value that
    // never was. (MySQL's AFTER_SYNC wait point, "lossless" semi-sync, does the same.)
    waiters_[version.seq].push_back(Waiter{client, req, store_.Get(req.key), ctx.LocalNow()});
    return;
  }
  ctx.Send(client, ClientReply::Ok(req, store_.Get(req.key), ctx.self()));
}

void PrimaryBackupNode::HandleWrite(EndpointId client, const ClientRequest& req,
                                    const Value& value, Context& ctx) {
  const int64_t seq = WriteAtPrimary(req.key, value, ctx);
  if (!WaitsForBackups() || seq <= CommittedSeq()) {
    // Async acknowledges what only this node holds: a failover before replication loses it.
    ctx.Send(client, ClientReply::Ok(req, Value(), ctx.self()));
    return;
  }
  waiters_[seq].push_back(Waiter{client, req, Value(), ctx.LocalNow()});
}

// --- Replication ---------------------------------------------------------------------------

int64_t PrimaryBackupNode::WriteAtPrimary(const Value& key, const Value& value, Context& ctx) {
  const int64_t seq = log_->Append(key, value);
  const bool applied = store_.Apply(key, value, EpochSeq{epoch_, seq}, ctx.disk());
  FL_CHECK_MSG(applied, "a primary's seqs grow, so its own write is always newest");
  if (options_.ship_interval_ns > 0) {
    // Batched: the entry waits for the next shipment, and is lost if this node crashes
    // and a backup takes over before then.
    if (!ship_timer_) ship_timer_ = ctx.SetTimer(options_.ship_interval_ns, kShipTag);
    return seq;
  }
  const ReplicationLog::Entry entry{seq, key, value};
  for (EndpointId backup : log_->backups()) SendReplicate(backup, entry, ctx);
  shipped_seq_ = seq;
  return seq;
}

void PrimaryBackupNode::ShipTail(Context& ctx) {
  if (role_ != Role::kPrimary) return;
  const std::vector<ReplicationLog::Entry> tail = log_->EntriesAfter(shipped_seq_);
  for (EndpointId backup : log_->backups()) {
    for (const auto& entry : tail) SendReplicate(backup, entry, ctx);
  }
  shipped_seq_ = log_->last_seq();
}

int64_t PrimaryBackupNode::CommittedSeq() const {
  if (semi_sync_off_) return log_->last_seq();
  switch (options_.replication) {
    case PrimaryBackupOptions::Replication::kSync:
      return log_->committed_seq();
    case PrimaryBackupOptions::Replication::kSemiSync:
      return log_->acked_by_any_seq();
    case PrimaryBackupOptions::Replication::kAsync:
      break;
  }
  return log_->last_seq();
}

void PrimaryBackupNode::SendReplicate(EndpointId to, const ReplicationLog::Entry& e, Context& ctx) {
  ctx.Send(to, Replicate{epoch_, e.seq, e.key, e.value});
}

void PrimaryBackupNode::Resend(int64_t seq_max, Context& ctx) {
  for (EndpointId backup : log_->backups()) {
    for (const auto& entry : log_->ToResend(backup, options_.resend_batch, seq_max)) {
      SendReplicate(backup, entry, ctx);
    }
  }
}

void PrimaryBackupNode::Handle(EndpointId from, const Replicate& msg, Context& ctx) {
  if (IsNewerTerm(msg.epoch, from)) AdoptTerm(msg.epoch, from, ctx);
  if (!IsCurrentTerm(msg.epoch, from) || role_ != Role::kBackup) return;  // stale primary
  last_heard_ns_ = ctx.LocalNow();
  // Reordered or duplicated entries lose to newer versions; either way the backup holds
  // this entry or a newer one, so it acknowledges.
  store_.Apply(msg.key, msg.value, EpochSeq{msg.epoch, msg.seq}, ctx.disk());
  ctx.Send(from, Ack{msg.epoch, msg.seq});
}

void PrimaryBackupNode::Handle(EndpointId from, const Ack& msg, Context& ctx) {
  if (role_ != Role::kPrimary || msg.epoch != epoch_) return;  // late, from a past reign
  log_->Ack(from, msg.seq);
  AnswerCommitted(ctx);
  if (semi_sync_off_) CheckSemiSyncRecovered(ctx);
}

void PrimaryBackupNode::AnswerCommitted(Context& ctx) {
  const int64_t committed = CommittedSeq();
  while (!waiters_.empty() && waiters_.begin()->first <= committed) {
    for (const Waiter& w : waiters_.begin()->second) {
      ctx.Send(w.client, ClientReply::Ok(w.request, w.result, ctx.self()));
    }
    waiters_.erase(waiters_.begin());
  }
}

// --- Heartbeats, terms and failover --------------------------------------------------------

void PrimaryBackupNode::Handle(EndpointId /*from*/, const Heartbeat& msg, Context& ctx) {
  if (IsNewerTerm(msg.epoch, msg.primary)) AdoptTerm(msg.epoch, msg.primary, ctx);
  if (IsCurrentTerm(msg.epoch, msg.primary) && role_ == Role::kBackup) {
    last_heard_ns_ = ctx.LocalNow();
  }
}

void PrimaryBackupNode::OnHeartbeatTick(Context& ctx) {
  if (role_ != Role::kPrimary) return;
  BroadcastHeartbeat(ctx);
  Resend(resend_seq_max_, ctx);
  resend_seq_max_ = shipped_seq_;
  if (options_.semi_sync_timeout_ns > 0) CheckSemiSyncTimeout(ctx);
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

void PrimaryBackupNode::BroadcastHeartbeat(Context& ctx) {
  for (EndpointId backup : log_->backups()) {
    ctx.Send(backup, Heartbeat{epoch_, ctx.self()});
  }
}

void PrimaryBackupNode::OnFailoverCheck(Context& ctx) {
  if (role_ != Role::kBackup) return;
  const Nanos wait_ns = FailoverWaitNs(ctx);
  if (wait_ns > 0) {
    ArmFailoverTimer(wait_ns, ctx);
    return;
  }
  if (options_.replication == PrimaryBackupOptions::Replication::kSemiSync &&
      ctx.members().size() > 1) {
    StartCatchUp(ctx);
    return;
  }
  Promote(ctx);
}

Nanos PrimaryBackupNode::FailoverWaitNs(Context& ctx) {
  const Nanos now = ctx.LocalNow();
  // A backward clock jump must not postpone failover indefinitely.
  last_heard_ns_ = std::min(last_heard_ns_, now);
  return std::max<Nanos>(last_heard_ns_ + FailoverTimeoutNs() - now, 0);
}

Nanos PrimaryBackupNode::FailoverTimeoutNs() const {
  // Ring distance from the primary staggers the candidates, so the next node in the ring
  // usually promotes alone instead of every backup at once.
  const int n = options_.node_count;
  const int64_t rank = ((self_ - primary_) % n + n) % n;  // n1..nN: members are 0..N-1
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
    if (ship_timer_) ctx.CancelTimer(*ship_timer_);
    ship_timer_.reset();
    log_.reset();
    waiters_.clear();
  }
  if (catch_up_timer_) ctx.CancelTimer(*catch_up_timer_);
  catch_up_timer_.reset();
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
  const std::string caught_up =
      options_.replication == PrimaryBackupOptions::Replication::kSemiSync
          ? absl::StrCat(caught_up_keys_, " newer keys caught up from other nodes; ")
          : "";
  ctx.Note(absl::StrCat("promoted to primary in epoch ", epoch_, " (no heartbeat for ",
                        sim::FormatDuration(silent_ns), " in epoch ", old_epoch, "; ",
                        caught_up, store_.size(), " keys to re-replicate)"));
  BecomePrimary(ctx);
}

void PrimaryBackupNode::BecomePrimary(Context& ctx) {
  if (failover_timer_) ctx.CancelTimer(*failover_timer_);
  failover_timer_.reset();
  role_ = Role::kPrimary;
  semi_sync_off_ = false;
  std::vector<EndpointId> backups;
  for (EndpointId id : ctx.members()) {
    if (id != ctx.self()) backups.push_back(id);
  }
  log_.emplace(std::move(backups));
  waiters_.clear();
  BroadcastHeartbeat(ctx);
  // Re-replicate the whole store as this epoch's first entries, so every backup (which
  // cleared its store on adopting the epoch) converges to this node's state.
  std::vector<std::pair<Value, Value>> cells;
  for (const auto& [key, cell] : store_.cells()) cells.emplace_back(key, cell.value);
  for (const auto& [key, value] : cells) {
    const int64_t seq = log_->Append(key, value);
    store_.Apply(key, value, EpochSeq{epoch_, seq}, ctx.disk());
  }
  // Sent in batches (here and on each tick) so a large store does not flood the network.
  Resend(log_->last_seq(), ctx);
  shipped_seq_ = log_->last_seq();
  resend_seq_max_ = shipped_seq_;
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

void PrimaryBackupNode::PersistTerm(Context& ctx) {
  ctx.disk().Put(kEpochKey, Value::Int(epoch_));
  ctx.disk().Put(kPrimaryKey, Value::Int(primary_));
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
