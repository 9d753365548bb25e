// The tunables of kv.primary-backup, decoded from a scenario's `cluster.params`. Shared read-only by every node of one run.
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_

#include "sim/time.h"

namespace faultline::models {

struct PrimaryBackupOptions {
  enum class Replication { kAsync, kSync, kSemiSync };
  enum class Reads { kPrimary, kAnyReplica };

  int node_count = 1;
  // async: the primary acknowledges a write once it is on its own disk; sync: once every
  // backup has acknowledged it too; semi-sync: once at least one backup has acknowledged
  // it and every earlier entry (MySQL's lossless semi-synchronous replication).
  Replication replication = Replication::kAsync;
  // primary: only the primary answers reads; any-replica: every node answers from its own
  // store, which may lag the primary.
  Reads reads = Reads::kPrimary;
  sim::Nanos heartbeat_ns = 50 * sim::kMillisecond;
  sim::Nanos failover_timeout_ns = 300 * sim::kMillisecond;
  // Unacknowledged entries resent to one backup per heartbeat tick.
  int resend_batch = 32;
  // 0: each write is sent to the backups at once. Above 0: new entries wait on the primary
  // and are shipped together this long after the first of them, so a crash of the primary
  // loses the unshipped tail.
  sim::Nanos ship_interval_ns = 0;
  // Semi-sync only. 0: a write waits for a backup's ack as long as it takes (like sync).
  // Above 0: once a write has waited this long, the primary falls back to async (answers
  // every waiter, acknowledges new writes at once) until some backup has caught up with
  // its whole log, as MySQL does after rpl_semi_sync_master_timeout.
  sim::Nanos semi_sync_timeout_ns = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_
