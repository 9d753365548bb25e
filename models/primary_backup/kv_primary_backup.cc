#include "models/primary_backup/kv_primary_backup.h"

#include <algorithm>
#include <memory>
#include <string>

#include "models/kv/kv_workload.h"
#include "models/primary_backup/primary_backup_node.h"

namespace faultline::models {
namespace {

using sim::ModelParam;
using sim::ParamOr;

constexpr int kResendBatchMax = 4096;

class PrimaryBackupModel : public sim::Model {
 public:
  explicit PrimaryBackupModel(PrimaryBackupOptions options) : options_(options) {}

  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId /*node*/) override {
    return std::make_unique<PrimaryBackupNode>(options_);
  }

 private:
  const PrimaryBackupOptions options_;
};

}  // namespace

PrimaryBackupOptions PrimaryBackupOptionsFromConfig(const sim::ModelConfig& config,
                                                    sim::MessageKinds& kinds) {
  PrimaryBackupOptions o;
  o.node_count = std::max(config.node_count, 1);
  const std::string replication = ParamOr(config.choices, "replication", std::string("async"));
  o.replication = replication == "sync"        ? PrimaryBackupOptions::Replication::kSync
                  : replication == "semi-sync" ? PrimaryBackupOptions::Replication::kSemiSync
                                               : PrimaryBackupOptions::Replication::kAsync;
  o.reads = ParamOr(config.choices, "reads", std::string("primary")) == "any-replica"
                ? PrimaryBackupOptions::Reads::kAnyReplica
                : PrimaryBackupOptions::Reads::kPrimary;
  // Non-positive durations would make timers spin at one instant; clamp to 1µs.
  o.heartbeat_ns =
      std::max(ParamOr(config.durations, "heartbeat", o.heartbeat_ns), sim::kMicrosecond);
  o.failover_timeout_ns = std::max(
      ParamOr(config.durations, "failover_timeout", o.failover_timeout_ns), sim::kMicrosecond);
  o.resend_batch = static_cast<int>(std::clamp<int64_t>(
      ParamOr(config.integers, "resend_batch", int64_t{o.resend_batch}), 1, kResendBatchMax));
  o.ship_interval_ns =
      std::max<sim::Nanos>(ParamOr(config.durations, "ship_interval", sim::Nanos{0}), 0);
  o.semi_sync_timeout_ns =
      std::max<sim::Nanos>(ParamOr(config.durations, "semi_sync_timeout", sim::Nanos{0}), 0);
  kinds.AddHandledBy<PrimaryBackupNode>();
  return o;
}

sim::ModelInfo PrimaryBackupModelInfo() {
  sim::ModelInfo info;
  info.name = kPrimaryBackupName;
  info.summary = "key-value store, one primary and N-1 backups, heartbeat failover (no quorum)";
  info.params = {
      ModelParam{.name = "replication",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "async",
                 .choices = {"async", "sync", "semi-sync"},
                 .help = "async: ack a write once on the primary's disk (a failover can "
                         "lose it); sync: ack only after every backup has it (one "
                         "unreachable backup stalls all writes); semi-sync: ack once one "
                         "backup has it (stalls only while no backup answers)"},
      ModelParam{.name = "reads",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "primary",
                 .choices = {"primary", "any-replica"},
                 .help = "primary: only the primary answers reads; any-replica: every "
                         "node answers from its own store (reads can be stale)"},
      ModelParam{.name = "heartbeat",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "50ms",
                 .choices = {},
                 .help = "interval of the primary's heartbeats and of resending "
                         "unacknowledged entries; at least 1ms",
                 .min = sim::kMillisecond},
      ModelParam{.name = "failover_timeout",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "300ms",
                 .choices = {},
                 .help = "silence after which a backup promotes itself; the node k places "
                         "after the primary in ring order waits (1 + k/2) times this; at "
                         "least 1ms",
                 .min = sim::kMillisecond},
      ModelParam{.name = "resend_batch",
                 .type = ModelParam::Type::kInteger,
                 .default_value = "32",
                 .choices = {},
                 .help = "most unacknowledged entries resent to one backup per heartbeat "
                         "(1 to 4096)",
                 .min = 1,
                 .max = kResendBatchMax},
      ModelParam{.name = "ship_interval",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "0s",
                 .choices = {},
                 .help = "0s: send each write to the backups at once; above 0: batch new "
                         "entries and ship them this long after the first, so a crashed "
                         "primary loses its unshipped tail (at most 1h)",
                 .min = 0,
                 .max = 3600 * sim::kSecond},
      ModelParam{.name = "semi_sync_timeout",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "0s",
                 .choices = {},
                 .help = "semi-sync only. 0s: a write waits for a backup as long as it "
                         "takes; above 0: after waiting this long the primary falls back to "
                         "async until a backup catches up (MySQL's "
                         "rpl_semi_sync_master_timeout; checked every heartbeat; at most 1h)",
                 .min = 0,
                 .max = 3600 * sim::kSecond},
  };
  info.workloads = {KvWorkloadInfo()};
  info.min_nodes = 1;
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    return std::unique_ptr<sim::Model>(
        new PrimaryBackupModel(PrimaryBackupOptionsFromConfig(config, kinds)));
  };
  return info;
}

}  // namespace faultline::models
