// The primary's replication bookkeeping for one epoch: which entries each backup has not
// acknowledged yet, what to resend, and how far every backup has caught up.
//
// An entry stays until every backup has acknowledged it, so a backup that was partitioned
// or crashed receives everything it missed once it is reachable again. Bound: the log
// holds at most the writes accepted in this epoch (plus the store's keys re-replicated at
// promotion) that some backup has not acknowledged, so it is bounded by the run's ops.
//
//   ReplicationLog log(/*backups=*/{1, 2});
//   int64_t seq = log.Append(key, value);
//   log.Ack(1, seq);
//   for (const auto& e : log.ToResend(1, 32, watermark)) ctx.Send(1, replicate, ...);
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_REPLICATION_LOG_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_REPLICATION_LOG_H_

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

class ReplicationLog {
 public:
  struct Entry {
    int64_t seq = 0;
    sim::Value key;
    sim::Value value;
  };

  // An empty log whose entries must be acknowledged by each of `backups`.
  explicit ReplicationLog(std::vector<sim::EndpointId> backups);

  // Adds an entry under the next sequence number (1, 2, ...) and returns that number.
  int64_t Append(sim::Value key, sim::Value value);

  // Records that `backup` holds entry `seq`. Unknown backups, unknown or already
  // acknowledged sequence numbers are ignored (acks can be duplicated or late).
  void Ack(sim::EndpointId backup, int64_t seq);

  // The highest seq such that every backup has acknowledged every entry up to it: what a
  // synchronous primary may report as committed. Commits in order, never out of order.
  int64_t committed_seq() const;

  // The highest seq such that some single backup has acknowledged every entry up to it:
  // what a semi-synchronous primary may report as committed. That backup holds each of
  // those writes (or a newer write of the same key), so it can hand them to a successor.
  int64_t acked_by_any_seq() const;

  // The pending entries with seq > `seq_min`, oldest first: the tail a batching primary
  // has not shipped yet (no backup can have acknowledged an entry it was never sent).
  std::vector<Entry> EntriesAfter(int64_t seq_min) const;

  // True while some backup has not acknowledged `seq`.
  bool IsPending(int64_t seq) const { return entries_.contains(seq); }

  // Up to `limit` entries `backup` has not acknowledged, oldest first, with seq <=
  // `seq_max` (entries newer than that were sent moments ago and need no resend yet).
  std::vector<Entry> ToResend(sim::EndpointId backup, int limit, int64_t seq_max) const;

  int64_t last_seq() const { return next_seq_ - 1; }
  // Entries some backup has not acknowledged.
  size_t pending_count() const { return entries_.size(); }
  const std::vector<sim::EndpointId>& backups() const { return backups_; }

 private:
  struct Pending {
    sim::Value key;
    sim::Value value;
    int unacked_backups = 0;
  };

  std::vector<sim::EndpointId> backups_;
  int64_t next_seq_ = 1;
  std::map<int64_t, Pending> entries_;  // by seq
  // Per backup (indexed as backups_), the seqs it has not acknowledged.
  std::vector<std::set<int64_t>> unacked_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_REPLICATION_LOG_H_
