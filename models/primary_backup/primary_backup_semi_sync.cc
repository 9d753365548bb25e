// kv.primary-backup's semi-synchronous parts: the fallback to async after
// semi_sync_timeout, and the catch-up a backup runs before it promotes itself (see
// primary_backup_node.h).
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "models/primary_backup/primary_backup_node.h"

namespace faultline::models {
namespace {

using sim::Context;
using sim::EndpointId;
using sim::Nanos;

}  // namespace

// --- Fallback to async after semi_sync_timeout ---------------------------------------------

void PrimaryBackupNode::CheckSemiSyncTimeout(Context& ctx) {
  if (options_.replication != PrimaryBackupOptions::Replication::kSemiSync || semi_sync_off_) {
    return;
  }
  const Nanos now = ctx.LocalNow();
  Nanos waited_ns = 0;
  for (const auto& [seq, waiters] : waiters_) {
    for (const Waiter& w : waiters) waited_ns = std::max(waited_ns, now - w.since_ns);
  }
  if (waited_ns < options_.semi_sync_timeout_ns) return;
  // MySQL's trade: availability over durability. Every write acknowledged from here on
  // lives only on this node until a backup catches up, exactly as in async mode.
  semi_sync_off_ = true;
  ctx.Note(absl::StrCat("semi-sync off: a write waited ", sim::FormatDuration(waited_ns),
                        " for a backup; acknowledging ", waiting_replies(),
                        " waiting ops and new writes as async"));
  AnswerCommitted(ctx);
}

void PrimaryBackupNode::CheckSemiSyncRecovered(Context& ctx) {
  if (log_->acked_by_any_seq() < log_->last_seq()) return;
  semi_sync_off_ = false;
  ctx.Note(absl::StrCat("semi-sync on again: a backup holds the whole log (seq ",
                        log_->last_seq(), ")"));
}

// --- Catch-up before promotion -------------------------------------------------------------

void PrimaryBackupNode::StartCatchUp(Context& ctx) {
  caught_up_keys_ = 0;
  catch_up_answers_ = 0;
  for (EndpointId id : ctx.members()) {
    if (id != ctx.self()) ctx.Send(id, CatchUp{epoch_, primary_});
  }
  // A quarter of the timeout: shorter than the half-timeout stagger between candidates, so
  // the next backup in ring order has not started its own catch-up yet.
  const Nanos window_ns = std::max<Nanos>(options_.failover_timeout_ns / 4, 1);
  catch_up_timer_ = ctx.SetTimer(window_ns, kCatchUpTag);
  ctx.Note(absl::StrCat("no heartbeat in epoch ", epoch_, "; collecting the other nodes' "
                        "stores for ", sim::FormatDuration(window_ns), " before promoting"));
}

void PrimaryBackupNode::OnCatchUpDone(Context& ctx) {
  if (role_ != Role::kBackup) return;
  const Nanos wait_ns = FailoverWaitNs(ctx);
  if (wait_ns > 0) {  // the primary spoke meanwhile: it is alive after all
    ArmFailoverTimer(wait_ns, ctx);
    return;
  }
  if (ctx.members().size() > 2 && catch_up_answers_ == 0) {
    // The acknowledged writes may sit on any one backup. Cut off from all of them (or the
    // only one up after a crash), this node may be the stale one: promoting would split the
    // brain or lose them. Stay a backup and ask again: unavailable rather than lossy.
    ctx.Note(absl::StrCat("no other backup of epoch ", epoch_,
                          " answered; not promoting, asking again later"));
    ArmFailoverTimer(FailoverTimeoutNs(), ctx);
    return;
  }
  Promote(ctx);
}

void PrimaryBackupNode::Handle(EndpointId from, const CatchUp& /*msg*/, Context& ctx) {
  CatchUpReply reply{epoch_, primary_, {}};
  for (const auto& [key, cell] : store_.cells()) {
    reply.cells.push_back(StoreCell{key, cell.value, cell.version.epoch, cell.version.seq});
  }
  ctx.Send(from, std::move(reply));
}

void PrimaryBackupNode::Handle(EndpointId from, const CatchUpReply& msg, Context& ctx) {
  if (IsNewerTerm(msg.epoch, msg.primary)) {
    AdoptTerm(msg.epoch, msg.primary, ctx);  // someone already took over
    return;
  }
  if (!catch_up_timer_ || role_ != Role::kBackup || !IsCurrentTerm(msg.epoch, msg.primary)) {
    return;  // not collecting, or a store of an older term: it may hold lost writes
  }
  if (from == primary_) {
    last_heard_ns_ = ctx.LocalNow();  // the primary answered: no takeover
    return;
  }
  ++catch_up_answers_;
  // Every cell of this term was written by this term's primary, so the newest version of
  // each key, over all the stores, is that primary's latest write any of us holds.
  for (const StoreCell& c : msg.cells) {
    if (store_.Apply(c.key, c.value, EpochSeq{c.epoch, c.seq}, ctx.disk())) ++caught_up_keys_;
  }
}

}  // namespace faultline::models
