// One online migration of a set of keys from a source shard to a target shard, in
// Stripe's six phases, as a state machine the router drives (router_node.h).
//
//   registration      recorded on the coordinator's disk (synced), route version v
//   bulk-import       snapshot read of every key at the source, then writes to the target
//                     (copy_parallel at once): a snapshot taken before a write and landing
//                     after that write's copy leaves the target stale
//   async-replication from registration on, each write/cas the source acks for a moving
//                     key makes the key be copied again (read at the source, written at
//                     the target), one copy per key at a time: after the ack, so it races
//   validation        (skippable) compare both sides of every key, re-copy mismatches,
//                     until a pass finds none (at most validation_passes_max)
//   cutover           gating on: every router holds new requests to the keys and drains
//                     its in-flight ones, the copies drain, the route switches (v+1) and
//                     the held requests go to the target; gating off: switch at once and
//                     go on to cleanup with nothing drained
//   cleanup           the keys are written nil at the source (the kv models have no
//                     delete; nil reads as never written), then done
// Each phase is observed as {f: phase, key: "m1", value: "<phase>", detail: {from, to,
// keys, ...}} and noted in the trace.
//
//   Migration m({.id = "m1", .from = 0, .to = 2, .keys = {0, 1, 2}}, settings, host);
//   m.Start(ctx);                       // then the router calls OnSourceAck per ack
#ifndef FAULTLINE_MODELS_SHARD_MIGRATION_H_
#define FAULTLINE_MODELS_SHARD_MIGRATION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models::shard {

struct MigrationPlan {
  std::string id;
  int from = 0;
  int to = 0;
  std::vector<int64_t> keys;  // ascending key indexes
};

struct MigrationSettings {
  int copy_parallel = 4;
  bool validation = true;
  bool gating = true;
  int validation_passes_max = 5;
  int copy_tries_max = 20;  // per key and step; a key still failing is noted and skipped
};

// What a migration needs of its router.
class MigrationHost {
 public:
  // The shard's final reply, or nullopt when none came within the call timeout.
  using CallDone = std::function<void(const std::optional<sim::ClientReply>&)>;
  virtual ~MigrationHost() = default;
  // Sends op `f` on key index `key` to `shard`, following leader hints.
  virtual void ShardCall(int shard, const std::string& f, int64_t key, sim::Value value,
                         CallDone done, sim::Context& ctx) = 0;
  // Tells the other routers the plan, so they report acked writes to its keys.
  virtual void Register(const MigrationPlan& plan, sim::Context& ctx) = 0;
  // Holds new requests to the plan's keys at every router; `drained` runs once none is in
  // flight at any of them.
  virtual void GateKeys(const MigrationPlan& plan, int64_t version, std::function<void()> drained,
                        sim::Context& ctx) = 0;
  // Routes the keys to plan.to at every router and releases what was held.
  virtual void SwitchKeys(const MigrationPlan& plan, int64_t version, sim::Context& ctx) = 0;
  // Client requests held here by the current gate.
  virtual int64_t held_requests() const = 0;
  // Client requests to the moving keys that failed or got no reply since registration.
  virtual int64_t failed_requests() const = 0;
};

class Migration {
 public:
  enum class Phase {
    kRegistration,
    kBulkImport,
    kAsyncReplication,
    kValidation,
    kCutover,
    kCleanup,
    kDone
  };

  // `version` is the route version before the switch. REQUIRES: `host` outlives this.
  Migration(MigrationPlan plan, MigrationSettings settings, int64_t version, MigrationHost& host);

  // Runs the phases; `on_done` runs after cleanup.
  void Start(std::function<void()> on_done, sim::Context& ctx);
  // The source acked a write or cas to `key` (async replication), here or at a router.
  void OnSourceAck(int64_t key, sim::Context& ctx);
  bool Moves(int64_t key) const;

  Phase phase() const { return phase_; }
  const MigrationPlan& plan() const { return plan_; }
  // The route version after the switch (version + 1), meaningful once done.
  int64_t version() const { return version_; }
  std::string Describe() const;

  static std::string_view PhaseName(Phase p);

 private:
  using Work = std::function<void(int64_t key, std::function<void()> finish)>;

  void Enter(Phase p, std::vector<std::pair<std::string, sim::Value>> extra, sim::Context& ctx);
  // Runs `work` over `keys`, at most copy_parallel at once, then `all_done`.
  void RunBounded(std::vector<int64_t> keys, Work work, std::function<void()> all_done);
  void BulkImport(sim::Context& ctx);
  void ValidationPass(sim::Context& ctx);
  void Cutover(sim::Context& ctx);
  void Cleanup(sim::Context& ctx);
  // Async replication: copy `key` again once its running copy (if any) ends.
  void EnqueueCopy(int64_t key, sim::Context& ctx);
  void RunCopy(int64_t key, sim::Context& ctx);
  // Runs `then` once no copy is running or queued.
  void WhenCopiesIdle(std::function<void()> then);
  void CheckCopiesIdle();
  // Reads `key` at `shard`, retrying a fail or silence up to copy_tries_max.
  void ReadKey(int shard, int64_t key, std::function<void(std::optional<sim::Value>)> done,
               sim::Context& ctx, int tries = 0);
  void WriteKey(int shard, int64_t key, sim::Value value, std::function<void(bool)> done,
                sim::Context& ctx, int tries = 0);

  struct CopyState {
    bool running = false;
    bool again = false;
  };

  const MigrationPlan plan_;
  const std::set<int64_t> key_set_;
  const MigrationSettings settings_;
  int64_t version_;
  MigrationHost& host_;
  Phase phase_ = Phase::kRegistration;
  bool replicating_ = false;  // async replication on: registration to cleanup
  std::function<void()> on_done_;
  std::map<int64_t, CopyState> copies_;
  int64_t copies_running_ = 0;
  int64_t copies_done_ = 0;
  std::vector<std::function<void()>> when_idle_;
  std::map<int64_t, sim::Value> snapshot_;
  int64_t imported_ = 0;
  int validation_passes_ = 0;
  int64_t mismatches_ = 0;
  int64_t skipped_ = 0;  // keys a step gave up on
  sim::Nanos hold_start_ns_ = 0;
  sim::Nanos held_ns_ = 0;
};

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_MIGRATION_H_
