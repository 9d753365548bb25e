// One node of kv.primary-backup: a key-value store with one primary and N-1 backups.
//
// The primary applies writes, persists them, replicates them to every backup and resends
// what is not acknowledged. A backup that stops hearing heartbeats promotes itself in a
// higher epoch. There is no quorum and no lease, on purpose: the model shows the textbook
// failure modes of primary-backup replication (lost acknowledged writes after an async
// failover, stale replica reads, writes stalled by one partitioned sync backup).
//
// Semi-sync failover: a backup whose failover timer fires first asks every other node for
// its store (catch_up) and merges the replies of its own term, newest version per key,
// for a quarter of the failover timeout; then it promotes itself, unless it heard from the
// primary meanwhile. A write semi-sync acknowledged is held by some backup with every
// earlier entry, so if that backup is reachable, the new primary holds the write too. With
// two or more backups, a candidate that no other backup answered does not promote (it
// cannot tell whether it holds the acknowledged writes); it asks again a timeout later.
//
// A node follows one *term* (epoch, primary). A term is newer if its epoch is higher, or
// the epoch is equal and its primary's id is lower (two nodes that promoted into the same
// epoch: the lower id wins). A node that adopts a newer term steps down if it was primary,
// forgets its store, and takes the new primary's state from the replication stream.
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_NODE_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_NODE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/primary_backup/primary_backup_options.h"
#include "models/primary_backup/replication_log.h"
#include "models/primary_backup/versioned_store.h"
#include "models/primary_backup/primary_backup_messages.h"
#include "sim/node.h"

namespace faultline::models {

class PrimaryBackupNode
    : public sim::NodeOf<PrimaryBackupNode, Heartbeat, Replicate, Ack, sim::ClientRequest,
                         CatchUp, CatchUpReply> {
 public:
  explicit PrimaryBackupNode(const PrimaryBackupOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  // "primary" and "leader" (the same role, in the two vocabularies), or "backup" and
  // "follower".
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Heartbeat& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Replicate& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Ack& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const CatchUp& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const CatchUpReply& msg, sim::Context& ctx);

  bool is_primary() const { return role_ == Role::kPrimary; }

  // For tests and the trace summary.
  int64_t epoch() const { return epoch_; }
  sim::EndpointId primary() const { return primary_; }
  const VersionedStore& store() const { return store_; }
  // Sync and semi-sync client replies waiting for backups' acks.
  size_t waiting_replies() const;
  // Primary only: entries appended but not yet shipped to the backups (ship_interval > 0).
  int64_t unshipped_count() const { return log_ ? log_->last_seq() - shipped_seq_ : 0; }

 private:
  enum class Role { kPrimary, kBackup };

  // Timer tags.
  static constexpr uint64_t kHeartbeatTag = 1;
  static constexpr uint64_t kFailoverTag = 2;
  static constexpr uint64_t kShipTag = 3;
  static constexpr uint64_t kCatchUpTag = 4;

  // A sync or semi-sync client request, answered with `result` once its log entry commits.
  struct Waiter {
    sim::EndpointId client = 0;
    sim::ClientRequest request;
    sim::Value result;
    sim::Nanos since_ns = 0;  // local time it started waiting
  };

  void HandleRead(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  void HandleWrite(sim::EndpointId client, const sim::ClientRequest& req,
                   const sim::Value& value, sim::Context& ctx);
  void OnHeartbeatTick(sim::Context& ctx);
  void OnFailoverCheck(sim::Context& ctx);
  // Local time left before this backup may take over (0: it may now).
  sim::Nanos FailoverWaitNs(sim::Context& ctx);
  // Semi-sync: asks every other node for its store before promoting.
  void StartCatchUp(sim::Context& ctx);
  void OnCatchUpDone(sim::Context& ctx);

  // Orders terms as the header comment says. Every higher epoch is adopted, so epoch_ is
  // also the highest epoch this node has seen.
  bool IsNewerTerm(int64_t epoch, sim::EndpointId primary) const;
  bool IsCurrentTerm(int64_t epoch, sim::EndpointId primary) const {
    return epoch == epoch_ && primary == primary_;
  }
  // Follows the newer term (epoch, primary) as a backup: steps down, clears the store.
  void AdoptTerm(int64_t epoch, sim::EndpointId primary, sim::Context& ctx);
  void Promote(sim::Context& ctx);
  void BecomePrimary(sim::Context& ctx);
  void PersistTerm(sim::Context& ctx);

  // Applies a write at the primary, logs and replicates it; returns its seq.
  int64_t WriteAtPrimary(const sim::Value& key, const sim::Value& value, sim::Context& ctx);
  void SendReplicate(sim::EndpointId to, const ReplicationLog::Entry& e, sim::Context& ctx);
  // Resends up to resend_batch unacknowledged entries with seq <= seq_max to each backup.
  void Resend(int64_t seq_max, sim::Context& ctx);
  // Sends every entry appended since the last shipment to every backup.
  void ShipTail(sim::Context& ctx);
  // The highest seq this primary may report as committed: every entry up to it is on every
  // backup (sync) or on one backup (semi-sync). Async waits for nothing.
  int64_t CommittedSeq() const;
  bool WaitsForBackups() const {
    return options_.replication != PrimaryBackupOptions::Replication::kAsync &&
           !semi_sync_off_;
  }
  void BroadcastHeartbeat(sim::Context& ctx);
  // Replies to every waiter whose entry is now committed.
  void AnswerCommitted(sim::Context& ctx);
  // Semi-sync with a timeout: falls back to async once a waiter has waited too long, and
  // back to semi-sync once a backup has acknowledged the whole log.
  void CheckSemiSyncTimeout(sim::Context& ctx);
  void CheckSemiSyncRecovered(sim::Context& ctx);
  void ArmFailoverTimer(sim::Nanos delay_ns, sim::Context& ctx);
  sim::Nanos FailoverTimeoutNs() const;
  sim::EndpointId LeaderHint(const sim::Context& ctx) const;

  const PrimaryBackupOptions options_;
  sim::EndpointId self_ = 0;
  Role role_ = Role::kBackup;
  int64_t epoch_ = 0;
  sim::EndpointId primary_ = 0;
  VersionedStore store_;

  // Primary only: this epoch's replication bookkeeping.
  std::optional<ReplicationLog> log_;
  // The last seq shipped to the backups at the previous heartbeat tick: newer entries
  // were just sent.
  int64_t resend_seq_max_ = 0;
  // Entries up to this seq have been sent to the backups; the rest wait for ship_timer_.
  // Equal to the log's last seq when ship_interval is 0.
  int64_t shipped_seq_ = 0;
  std::optional<sim::TimerId> ship_timer_;
  // Semi-sync fell back to async after semi_sync_timeout; cleared when a backup catches up.
  bool semi_sync_off_ = false;
  // Sync and semi-sync modes, by the seq that must commit first. Bounded by the ops sent to this primary
  // in this epoch; dropped unanswered on step-down (the clients time out: info).
  std::map<int64_t, std::vector<Waiter>> waiters_;
  std::optional<sim::TimerId> heartbeat_timer_;

  // Backup only: local time of the last message from the current term's primary.
  sim::Nanos last_heard_ns_ = 0;
  std::optional<sim::TimerId> failover_timer_;
  // Semi-sync: set while this backup collects the other nodes' stores before promoting.
  std::optional<sim::TimerId> catch_up_timer_;
  // Keys the current catch-up took from other nodes (for the promotion note).
  int64_t caught_up_keys_ = 0;
  // Other backups of this term that answered the current catch-up.
  int catch_up_answers_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_NODE_H_
