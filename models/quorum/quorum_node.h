// One node of kv.quorum: a Dynamo-style leaderless store. Every node is both a replica
// (of the keys whose preference list names it) and a coordinator (of the client requests
// that reach it).
//
// A coordinator sends a write (put) or read (get) to the key's n preference-list replicas,
// itself included, over the network like any other message; it answers the client after
// w put acks or r get replies, reconciling the replies' versions (lww or vector clocks,
// version.h). A read that gets no r replies within request_timeout answers fail; a write
// that gets no w acks is left unanswered, because some replica may have applied it (the
// client records info, as Cassandra's write timeout asks a client to).
//
// Options add the textbook mechanisms: read repair (push the newest versions to the
// replicas whose replies were stale), hinted handoff (sloppy quorum: a stand-in node
// beyond the preference list keeps a write as a hint and hands it off later) and
// anti-entropy (periodic merkle or full-sync exchanges between replicas of shared keys).
// Files: quorum_node.cc (start, replica side, timers), quorum_coordinator.cc (client
// requests), hinted_handoff.cc, anti_entropy.cc.
#ifndef FAULTLINE_MODELS_QUORUM_QUORUM_NODE_H_
#define FAULTLINE_MODELS_QUORUM_QUORUM_NODE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/quorum/hash_ring.h"
#include "models/quorum/quorum_messages.h"
#include "models/quorum/quorum_options.h"
#include "models/quorum/replica_store.h"
#include "sim/node.h"

namespace faultline::models {

class QuorumNode
    : public sim::NodeOf<QuorumNode, sim::ClientRequest, QuorumPut, QuorumPutAck, QuorumGet,
                         QuorumGetReply, ReadRepair, Handoff, HandoffAck, AeDigest, AeSync> {
 public:
  explicit QuorumNode(const QuorumOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  // Always "replica": there is no leader; every node stores and coordinates.
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  // Coordinator side (quorum_coordinator.cc).
  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const QuorumPutAck& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const QuorumGetReply& msg, sim::Context& ctx);
  // Replica side (quorum_node.cc).
  void Handle(sim::EndpointId from, const QuorumPut& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const QuorumGet& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ReadRepair& msg, sim::Context& ctx);
  // Hinted handoff (hinted_handoff.cc).
  void Handle(sim::EndpointId from, const Handoff& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const HandoffAck& msg, sim::Context& ctx);
  // Anti-entropy (anti_entropy.cc).
  void Handle(sim::EndpointId from, const AeDigest& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const AeSync& msg, sim::Context& ctx);

  // For tests and the trace summary.
  const ReplicaStore& store() const { return store_; }
  size_t pending_requests() const { return pending_.size(); }
  bool suspects(sim::EndpointId node) const { return suspected_.count(node) > 0; }

 private:
  // Timer tags: the kind in the top byte, a request id (or 0) below.
  enum TimerKind : uint64_t {
    kRequestTimeout = 1,
    kHandoffDeadline = 2,
    kHintRetry = 3,
    kAntiEntropy = 4
  };
  static constexpr int kTagShift = 56;
  // Disk records besides the store's (replica_store.cc): both synced when written.
  static constexpr char kIncarnationRecord[] = "incarnation";
  static constexpr char kClockCounterRecord[] = "clock_counter";

  // A client request this node coordinates. Bounded: one per outstanding client op sent
  // here (a client has one op at a time), each erased at its request_timeout at the
  // latest.
  struct Pending {
    sim::EndpointId client = 0;
    sim::ClientRequest request;
    bool is_read = false;
    std::vector<sim::EndpointId> pref;      // the key's preference list (n nodes)
    std::vector<sim::EndpointId> targets;   // every node sent the request: pref + stand-ins
    std::vector<sim::EndpointId> replied;   // who answered, in arrival order
    std::vector<sim::EndpointId> stood_in;  // preference-list nodes a stand-in replaced
    // A read: each reply's versions (as repaired since), in arrival order.
    std::vector<std::pair<sim::EndpointId, Siblings>> replies;
    int counted = 0;  // replies that count toward r / w
    Siblings write;   // a write's stamped version
    // A read: the replies' versions reconciled so far (with the bug: the first reply's).
    Siblings merged;
    bool answered = false;
  };

  VersionMode mode() const {
    return options_.versions == QuorumOptions::Versions::kVector ? VersionMode::kVector
                                                                 : VersionMode::kLww;
  }
  bool overwrite() const { return options_.bug_no_version_compare; }
  static uint64_t Tag(TimerKind kind, uint64_t req) {
    return (static_cast<uint64_t>(kind) << kTagShift) | req;
  }
  // A message from `node` shows it is reachable again.
  void Heard(sim::EndpointId node) { suspected_.erase(node); }
  bool InList(const std::vector<sim::EndpointId>& list, sim::EndpointId node) const;

  // Coordinator (quorum_coordinator.cc).
  uint64_t NextRequestId();
  Pending& Begin(sim::EndpointId client, const sim::ClientRequest& req, bool is_read, uint64_t id,
                 sim::Context& ctx);
  void StartWrite(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  void StartRead(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  // The new write's version: stamped with the local clock, and under vector clocks
  // descending from what this node holds for the key.
  Version StampWrite(const sim::Value& key, const sim::Value& value, sim::Context& ctx);
  // Sends p's get or put to `to` (a stand-in for `hint_for` if >= 0) and adds it to
  // p.targets.
  // Sends p's request to its preference list, and to a stand-in for each replica this
  // node suspects (with hinted_handoff).
  void FanOut(uint64_t id, Pending& p, sim::Context& ctx);
  void SendTo(sim::EndpointId to, uint64_t id, Pending& p, sim::EndpointId hint_for,
              sim::Context& ctx);
  bool Counts(const Pending& p, sim::EndpointId from) const;
  // Read repair: sends p.merged to every preference-list replica whose reply lacks some
  // of it (and then counts it as repaired).
  void RepairStale(Pending& p, sim::Context& ctx);
  void OnRequestTimeout(uint64_t id, sim::Context& ctx);
  // Erases a request once it is answered and every target replied.
  void MaybeFinish(uint64_t id, const Pending& p);

  // Hinted handoff (hinted_handoff.cc).
  void OnHandoffDeadline(uint64_t id, sim::Context& ctx);
  // The next node on the key's ring walk beyond its preference list that `p` has not
  // used, preferring ones this node does not suspect; nullopt if none is left.
  std::optional<sim::EndpointId> NextStandIn(const Pending& p) const;
  void OnHintRetry(sim::Context& ctx);

  // Anti-entropy (anti_entropy.cc).
  void OnAntiEntropy(sim::Context& ctx);
  // The keys this node holds that both it and `peer` replicate, in `buckets` (all if
  // empty).
  std::vector<AeEntry> SharedEntries(sim::EndpointId peer,
                                     const std::vector<int32_t>& buckets) const;
  void MergeEntries(const std::vector<AeEntry>& entries, sim::Context& ctx);

  const QuorumOptions options_;
  sim::EndpointId self_ = 0;
  std::optional<HashRing> ring_;  // built in OnStart from ctx.members()
  ReplicaStore store_;
  // Bumped and synced at every start, so request ids never repeat across restarts.
  int64_t incarnation_ = 0;
  uint32_t next_seq_ = 0;
  // This node's own counter in the vector clocks of the writes it coordinates (synced).
  int64_t clock_counter_ = 0;
  std::map<uint64_t, Pending> pending_;  // by request id; bounded as Pending says
  // Nodes that missed a handoff deadline and have not been heard from since (at most
  // the node count). Only with hinted_handoff.
  std::set<sim::EndpointId> suspected_;
  size_t ae_next_peer_ = 0;  // round-robin index into the other members
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_QUORUM_NODE_H_
