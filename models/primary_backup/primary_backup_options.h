// The tunables of kv.primary-backup, decoded from a scenario's `cluster.params`. Shared read-only by every node of one run.
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_

#include "sim/time.h"

namespace faultline::models {

struct PrimaryBackupOptions {
  enum class Replication { kAsync, kSync };
  enum class Reads { kPrimary, kAnyReplica };

  int node_count = 1;
  // async: the primary acknowledges a write once it is on its own disk; sync: once every
  // backup has acknowledged it too.
  Replication replication = Replication::kAsync;
  // primary: only the primary answers reads; any-replica: every node answers from its own
  // store, which may lag the primary.
  Reads reads = Reads::kPrimary;
  sim::Nanos heartbeat_ns = 50 * sim::kMillisecond;
  sim::Nanos failover_timeout_ns = 300 * sim::kMillisecond;
  // Unacknowledged entries resent to one backup per heartbeat tick.
  int resend_batch = 32;

};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_OPTIONS_H_
