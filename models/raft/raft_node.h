// One node of kv.raft: a key-value store replicated by Raft (the extended paper's figure
// 2, with pre-vote, check-quorum, batched replication with fast backtracking, and five
// ways to serve reads). The README tells the protocol; this class is split by concept:
//   raft_node.cc         roles, terms, elections, timers, persistence;
//   raft_replication.cc  AppendEntries both ways, commit, apply, client writes;
//   raft_reads.cc        the read paths (log, read index, lease, follower reads).
//
// Safety facts the code keeps (FL_CHECKed where cheap): term and vote are synced before a
// vote is granted or an AppendEntries is answered; a leader never overwrites its log; a
// committed entry is never truncated; the state machine applies entries in index order.
#ifndef FAULTLINE_MODELS_RAFT_RAFT_NODE_H_
#define FAULTLINE_MODELS_RAFT_RAFT_NODE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/raft/raft_log.h"
#include "models/raft/raft_messages.h"
#include "models/raft/raft_options.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models {

class RaftNode
    : public sim::NodeOf<RaftNode, RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply,
                         ReadIndexRequest, ReadIndexReply, sim::ClientRequest> {
 public:
  enum class Role { kFollower, kPreCandidate, kCandidate, kLeader };

  explicit RaftNode(const RaftOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const RequestVote& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const RequestVoteReply& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const AppendEntries& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const AppendEntriesReply& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ReadIndexRequest& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ReadIndexReply& msg, sim::Context& ctx);
  void Handle(sim::EndpointId from, const sim::ClientRequest& msg, sim::Context& ctx);

  // For tests.
  Role role() const { return role_; }
  int64_t term() const { return term_; }
  int64_t commit_index() const { return commit_index_; }
  int64_t last_applied() const { return last_applied_; }
  const RaftLog& log() const { return *log_; }
  const std::map<sim::Value, sim::Value>& store() const { return store_; }

 private:
  // The leader's view of one follower.
  struct Peer {
    int64_t next_index = 1;
    int64_t match_index = 0;
    bool in_flight = false;      // an AppendEntries with entries awaits its reply
    uint64_t in_flight_seq = 0;  // that AppendEntries' seq
    uint64_t acked_round = 0;    // highest heartbeat round it answered in this term
    sim::Nanos last_ack_ns = 0;  // local time of its last reply in this term
  };
  static constexpr uint64_t kElectionTag = 1;
  static constexpr uint64_t kHeartbeatTag = 2;

  // A client request whose log entry is at `index`, appended in `term`.
  struct Waiter {
    int64_t term = 0;
    sim::EndpointId client = 0;
    sim::ClientRequest req;
  };
  // A read waiting for a confirmed heartbeat round and then for apply.
  struct PendingRead {
    uint64_t round = 0;  // answerable once a majority acked this round
    int64_t read_index = 0;
    sim::EndpointId from = 0;       // a client, or a follower (follower-read-index)
    sim::ClientRequest req;         // client reads
    uint64_t follower_read_id = 0;  // != 0: answer `from` with a ReadIndexReply
  };
  // A read a node answers from its own state once it has applied `read_index`.
  struct ApplyWait {
    int64_t read_index = 0;
    sim::EndpointId client = 0;
    sim::ClientRequest req;
  };

  // --- raft_node.cc: roles, terms, elections
  void ResetElectionDeadline(sim::Context& ctx);
  void ArmElectionTimer(sim::Nanos delay_ns, sim::Context& ctx);
  void OnElectionTimer(sim::Context& ctx);
  void StartPreVote(sim::Context& ctx);
  void StartElection(sim::Context& ctx);
  void BecomeLeader(sim::Context& ctx);
  // Adopts a higher term as a follower (forgetting the vote) and persists it.
  void AdoptTerm(int64_t term, sim::Context& ctx);
  void StepDown(sim::Context& ctx, const char* why);
  void PersistTermAndVote(sim::Context& ctx);
  // Makes everything written so far durable, unless the no-fsync bug is planted.
  void Sync(sim::Context& ctx);
  // True while a leader was heard within the minimum election timeout: the node then
  // refuses votes (thesis §4.2.3), so a leader's lease holds and a rejoining node with a
  // high term cannot depose a healthy leader.
  bool HeardFromLeaderRecently(const sim::Context& ctx) const;
  int Majority(const sim::Context& ctx) const;
  sim::EndpointId LeaderHint(const sim::Context& ctx) const;

  // --- raft_replication.cc: log replication, commit, apply
  void OnHeartbeatTick(sim::Context& ctx);
  // Starts a heartbeat round: AppendEntries to every follower, with entries when behind.
  void BroadcastRound(sim::Context& ctx);
  // Entries from the peer's next index, at most max_batch (or `max_entries`).
  void SendAppend(sim::EndpointId peer, sim::Context& ctx);
  void SendAppend(sim::EndpointId peer, sim::Context& ctx, int64_t max_entries);
  // Sends entries to followers with none in flight (called after the leader appends).
  void ReplicateNew(sim::Context& ctx);
  void AdvanceCommit(sim::Context& ctx);
  void ApplyCommitted(sim::Context& ctx);
  // Applies one entry to the store; returns {ok, result} for its client.
  std::pair<bool, sim::Value> ApplyEntry(const LogEntry& e);
  void HandleWrite(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void AppendAsLeader(LogEntry entry, sim::Context& ctx);
  bool CheckQuorum(sim::Context& ctx);

  // --- raft_reads.cc
  void HandleRead(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  // The index a read must see; waits for the leader's own-term entry to commit.
  int64_t ReadIndex() const { return std::max(commit_index_, term_start_index_); }
  void QueueLeaderRead(PendingRead read, sim::Context& ctx);
  // Called when replies confirm rounds or apply advances: answers what is answerable.
  void ServeReads(sim::Context& ctx);
  uint64_t ConfirmedRound(const sim::Context& ctx) const;
  void FailPendingReads(sim::Context& ctx);
  sim::Value ReadValue(const sim::Value& key) const;

  const RaftOptions options_;
  // Persistent state (figure 2), mirrored from the disk.
  int64_t term_ = 0;
  sim::EndpointId voted_for_ = -1;
  std::optional<RaftLog> log_;

  // Volatile state.
  Role role_ = Role::kFollower;
  sim::EndpointId leader_ = -1;  // the leader of term_, once known
  int64_t commit_index_ = 0;
  int64_t last_applied_ = 0;
  std::map<sim::Value, sim::Value> store_;
  sim::Nanos election_deadline_ns_ = 0;
  sim::Nanos last_leader_contact_ns_ = -1;  // local time; -1: never
  std::optional<sim::TimerId> election_timer_;
  std::vector<sim::EndpointId> votes_;  // granted in this election (pre-vote or real)
  std::map<int64_t, Waiter> waiters_;   // by log index; kept across step-down (see .cc)
  std::vector<ApplyWait> apply_waits_;

  // Leader state.
  std::map<sim::EndpointId, Peer> peers_;
  std::optional<sim::TimerId> heartbeat_timer_;
  int64_t term_start_index_ = 0;                   // the index of this term's no-op
  uint64_t round_ = 0;                             // the last heartbeat round started
  uint64_t append_seq_ = 0;                        // the last AppendEntries' seq
  std::map<uint64_t, sim::Nanos> round_start_ns_;  // unconfirmed rounds' local start
  sim::Nanos lease_until_ns_ = 0;                  // leader-lease: local time the lease ends
  std::vector<PendingRead> pending_reads_;

  // Follower reads (follower-read-index): requests sent to the leader, by id; failed when
  // the term changes, so bounded by the reads one term sees.
  uint64_t next_read_id_ = 1;
  std::map<uint64_t, ApplyWait> read_index_requests_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_RAFT_RAFT_NODE_H_
