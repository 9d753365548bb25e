// kv.sharded's router: the composite's own node on n1..nR (role "router"). Clients send
// it their kv ops; it finds each key's shard (placement plus the override table that
// migrations write), forwards the op to that shard group's believed leader in the group's
// namespace, follows leader hints, and relays the result. It observes each shard's load
// every load_window, and router n1 coordinates migrations and topology changes
// (migration.h) as the MigrationHost.
//
// Forwarding rules (one client request):
//   - a reply ok, or a definite fail from the node that says it leads (a cas that did not
//     match): relayed to the client;
//   - a definite fail hinting at another member: forwarded there; without a hint: to the
//     next member; at most tries_max forwards, then the client gets a fail;
//   - no reply within call_timeout: nothing is relayed and nothing retried (the outcome is
//     unknown; the client times out, `info`); later calls try the next member.
// Multi-key ops (router_scatter.cc): a `multi-read` or `multi-write` of keys ["k1","k7"]
// is scattered as one single-key read or write per key, each routed as a client's would
// be (gate, directory, forwarding), and gathered: ok once every part is ok (a multi-read's
// value: the values in key order); a multi-read fails if a part failed or went unanswered
// (reads change nothing); a multi-write fails only if every part definitely failed, and
// otherwise gets no answer (the client times out, `info`): it may be partly applied. No
// two-phase commit: multi-key writes are non-atomic on purpose, for the read-atomic checker.
// Strategy directory: a key the router has not cached is looked up in the directory group
// "dir" (read; if absent, cas nil -> the least-loaded shard, so two routers agree; on a
// lost cas, read again). A cached key never touches the directory, so a directory outage
// fails only uncached keys (a definite fail: the op was never forwarded).
//
//   RouterNode router(options);   // options.group_spaces filled by kv.sharded's create
#ifndef FAULTLINE_MODELS_SHARD_ROUTER_NODE_H_
#define FAULTLINE_MODELS_SHARD_ROUTER_NODE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/shard/migration.h"
#include "models/shard/placement.h"
#include "models/shard/shard_messages.h"
#include "models/shard/shard_options.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models::shard {

class RouterNode final
    : public sim::NodeOf<RouterNode, sim::ClientRequest, sim::ClientReply, ShardRegister,
                         ShardAcked, ShardGate, ShardGateAck, ShardSwitch>,
      public MigrationHost {
 public:
  explicit RouterNode(ShardOptions options);

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const sim::ClientReply& reply, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ShardRegister& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ShardAcked& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ShardGate& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ShardGateAck& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ShardSwitch& m, sim::Context& ctx);
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  // MigrationHost.
  void ShardCall(int shard, const std::string& f, int64_t key, sim::Value value, CallDone done,
                 sim::Context& ctx) override;
  void Register(const MigrationPlan& plan, sim::Context& ctx) override;
  void GateKeys(const MigrationPlan& plan, int64_t version, std::function<void()> drained,
                sim::Context& ctx) override;
  void SwitchKeys(const MigrationPlan& plan, int64_t version, sim::Context& ctx) override;
  int64_t held_requests() const override { return held_total_; }
  int64_t failed_requests() const override { return moving_failed_; }

  // The shard a key index routes to now.
  int ShardFor(int64_t key) const;
  const Migration* active_migration() const { return active_.get(); }

 private:
  static constexpr uint64_t kLoadTag = 1;
  static constexpr uint64_t kMigrateTag = 2;
  static constexpr uint64_t kAddShardTag = 3;
  static constexpr uint64_t kSplitTag = 4;
  static constexpr uint64_t kGateResendTag = 5;  // router messages lost on the network
  static constexpr uint64_t kRemoveShardTag = 6;
  static constexpr uint64_t kFirstCallId = 1000;  // call ids double as their timer tags
  static constexpr int64_t kTopologyAdd = -1;     // a "topology" step on disk: a shard added
  // A removal's step on disk is kTopologyRemoved - shard (so -2 is shard0's removal).
  static constexpr int64_t kTopologyRemoved = -2;
  // The "client" of a multi-key op's parts: their answers go to the gather, not the network.
  static constexpr sim::EndpointId kGatherClient = -2;

  struct Call {
    int shard = 0;
    int64_t key = 0;
    sim::ClientRequest req;
    int tries = 0;
    sim::EndpointId sent_to = -1;  // the member the last forward went to
    uint64_t forward = 0;          // the last forward's op id: only its reply counts
    sim::TimerId timer = 0;
    CallDone done;
  };
  struct ShardLoad {
    int64_t requests = 0;
    std::map<int64_t, int64_t> per_key;  // requests per key index in the window
  };
  // A multi-key op in flight: its client's request and its parts' answers, in key order.
  struct Scatter {
    sim::EndpointId client = -1;
    sim::ClientRequest req;
    std::vector<std::optional<sim::ClientReply>> parts;  // nullopt: no answer (yet)
    int pending = 0;                                     // parts not finished
    bool unknown = false;  // a part finished without a reply (timed out)
  };
  struct Gate {
    std::string migration;
    std::set<int64_t> keys;
    std::function<void()> drained;  // once nothing to `keys` is in flight here
  };

  void Route(sim::EndpointId client, const sim::ClientRequest& req, int64_t key, sim::Context& ctx);
  // Multi-key ops (router_scatter.cc): one part per key through Handle, then the gather.
  void ScatterMulti(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  // A part's outcome: its reply, or nullopt when it finished unanswered.
  void GatherPart(uint64_t part, const std::optional<sim::ClientReply>& reply, sim::Context& ctx);
  void FinishScatter(uint64_t id, sim::Context& ctx);
  // Strategy directory (router_directory.cc): finds or assigns `key`'s shard in the
  // directory group, then routes the request (and every other waiting for the key).
  void LookUp(sim::EndpointId client, const sim::ClientRequest& req, int64_t key,
              sim::Context& ctx);
  void ReadDirectory(int64_t key, int attempt, sim::Context& ctx);
  void AssignInDirectory(int64_t key, int attempt, sim::Context& ctx);
  void LookedUp(int64_t key, std::optional<int> shard, sim::Context& ctx);
  int LeastLoadedShard() const;
  // A definite fail to the client: its request never reached a shard.
  void Reject(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  void SendCall(uint64_t id, sim::Context& ctx);
  void FinishCall(uint64_t id, const std::optional<sim::ClientReply>& reply);
  void ObserveLoad(sim::Context& ctx);
  void StartMigration(sim::Context& ctx);
  void PlanTopologyChange(sim::Context& ctx);
  void PlanSplit(sim::Context& ctx);
  // remove_shard_at: the placement without the shard; its keys migrate to the others.
  void PlanRemoval(sim::Context& ctx);
  // Queues one migration per (source, target) of the keys `next` places elsewhere, pins
  // them to their source until each switches, and adopts `next`. `step` (kTopologyAdd,
  // a split's key, or kTopologyRemoved - shard) is synced to disk with the pins, so a
  // restart rebuilds `next`.
  void MoveTo(std::unique_ptr<Placement> next, int64_t step, sim::Context& ctx);
  // The steps MoveTo synced, replayed on the start placement after a restart.
  void RestoreTopology(sim::Context& ctx);
  // A router that acked a gate whose switch it had not applied before a crash holds the
  // keys again and repeats its ack (the coordinator answers with the switch).
  void RestoreGate(sim::Context& ctx);
  // Syncs the override table and route version: the routes a restart comes back to.
  void SaveRoutes(sim::Context& ctx);
  void RunNextMigration(sim::Context& ctx);
  void CheckGateDrained();
  void MaybeGateDone();
  void ResendGateMessages(sim::Context& ctx);
  ShardGateAck GateAckFor(const std::string& migration, int64_t version) const;
  void ApplySwitch(const std::vector<int64_t>& keys, int to, int64_t version, sim::Context& ctx);
  void OnAcked(int64_t key, sim::Context& ctx);
  bool IsMember(int shard, sim::EndpointId node) const;

  const ShardOptions options_;
  std::unique_ptr<Placement> placement_;
  // The placement at start: keys beyond options_.keys stay where it puts them, since a
  // topology change migrates only k0..k<keys-1>.
  std::unique_ptr<Placement> first_placement_;
  bool noted_beyond_keys_ = false;
  std::map<int64_t, int> overrides_;  // key index -> shard, written by migrations
  int64_t route_version_ = 1;
  std::vector<sim::EndpointId> leaders_;  // believed leader per group
  std::map<uint64_t, Call> calls_;
  uint64_t next_call_ = kFirstCallId;
  // Each forward has its own op id, so a duplicated or stale reply (to an earlier forward
  // of the call, or to one sent before a restart: the high digits count restarts) matches
  // no call and is dropped. A life's ids read as <life>000000001, ... in a trace.
  static constexpr uint64_t kForwardsPerLife = 1000000000;
  std::map<uint64_t, uint64_t> forwards_;  // a call's last forward's op id -> call id
  uint64_t next_forward_ = 1;
  std::map<int64_t, int> in_flight_;  // client forwards in flight per key index
  std::vector<ShardLoad> load_;
  std::map<int, int64_t> routed_total_;   // requests routed per shard since start
  std::map<int64_t, int64_t> key_total_;  // requests per key index since start (splits)
  // Strategy directory: the shards the directory named (cache hits never ask it), and
  // the requests waiting for a lookup, per key.
  std::map<int64_t, int> dir_cache_;
  std::map<int64_t, std::vector<std::pair<sim::EndpointId, sim::ClientRequest>>> dir_waiting_;
  int64_t dir_misses_ = 0;       // in this load window
  int64_t dir_unavailable_ = 0;  // requests failed: the directory did not answer
  int64_t unknown_keys_ = 0;
  // Multi-key ops in flight by id, and each part's (scatter id, index in its key order).
  std::map<uint64_t, Scatter> scatters_;
  std::map<uint64_t, std::pair<uint64_t, size_t>> parts_;
  uint64_t next_scatter_ = 1;
  uint64_t next_part_ = 1;
  int64_t multi_ok_ = 0;      // multi-key ops answered ok
  int64_t multi_failed_ = 0;  // answered fail
  int64_t multi_silent_ = 0;  // left unanswered: a part unknown, or a write partly applied
  int64_t relayed_ = 0;
  // Coordinator (n1) only.
  std::deque<MigrationPlan> queued_;
  std::unique_ptr<Migration> active_;
  std::vector<std::unique_ptr<Migration>> retired_;  // finished, kept for Describe's counts
  int migrations_started_ = 0;
  int migrations_done_ = 0;
  std::set<sim::EndpointId> gate_acked_;         // the other routers that acked the gate
  std::optional<ShardGate> gate_sent_;           // resent to the others until they ack
  std::map<std::string, ShardSwitch> switches_;  // sent, by migration: resent on a repeat ack
  bool local_drained_ = false;
  std::function<void()> gate_done_;
  // Every router: the registered migration's keys (acks to them are reported to n1).
  std::string registered_;
  std::set<int64_t> registered_keys_;
  std::optional<Gate> gate_;
  sim::EndpointId gate_from_ = -1;  // who gated this router (acks go there)
  int64_t gate_version_ = 0;
  bool gate_drained_ = false;
  std::set<int64_t> written_keys_;  // keys relayed acked writes for since the last switch
  std::vector<std::pair<sim::EndpointId, sim::ClientRequest>> held_;
  int64_t held_total_ = 0;
  // Requests to the registered migration's keys relayed here as a fail or given up
  // without a reply, since its registration (coordinator: its own only).
  int64_t moving_failed_ = 0;
};

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_ROUTER_NODE_H_
