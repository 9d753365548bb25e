// Roles, terms and elections of a kv.raft node (figure 2's "Rules for Servers" and
// RequestVote, plus pre-vote and leader stickiness from the thesis, §9.6 and §4.2.3).
#include "models/raft/raft_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::models {
namespace {

using sim::Context;
using sim::EndpointId;
using sim::Nanos;
using sim::Value;

// Disk records of the persistent state; the log is the disk log "raft".
constexpr char kTermKey[] = "term";
constexpr char kVotedForKey[] = "voted_for";
constexpr char kLogName[] = "raft";

const char* RoleName(RaftNode::Role role) {
  switch (role) {
    case RaftNode::Role::kFollower:
      return "follower";
    case RaftNode::Role::kPreCandidate:
      return "pre-candidate";
    case RaftNode::Role::kCandidate:
      return "candidate";
    case RaftNode::Role::kLeader:
      return "leader";
  }
  return "?";
}

}  // namespace

void RaftNode::OnStart(Context& ctx) {
  // After a restart the term, vote and log come back from disk; commit index and store
  // are volatile and are rebuilt by re-applying once a leader tells the commit index.
  log_.emplace(ctx.disk().Log<LogEntry>(kLogName));
  term_ = ctx.disk().Get(kTermKey).value_or(Value::Int(0)).int_or(0);
  voted_for_ =
      static_cast<EndpointId>(ctx.disk().Get(kVotedForKey).value_or(Value::Int(-1)).int_or(-1));
  if (term_ > 0 || log_->last_index() > 0) {
    ctx.Note(absl::StrCat("recovered term ", term_, " and ", log_->last_index(),
                          " log entries from disk"));
  }
  role_ = Role::kFollower;
  // Refuse votes for one election timeout, as if a leader had just been heard: a node that
  // forgot (by restarting) that it acked a leader's heartbeat must not help elect another
  // while that leader's lease may still run.
  last_leader_contact_ns_ = ctx.LocalNow();
  ResetElectionDeadline(ctx);
  ArmElectionTimer(election_deadline_ns_ - ctx.LocalNow(), ctx);
}

void RaftNode::OnTimer(sim::TimerId id, uint64_t tag, Context& ctx) {
  if (tag == kElectionTag && election_timer_ == id) {
    election_timer_.reset();
    OnElectionTimer(ctx);
  } else if (tag == kHeartbeatTag && heartbeat_timer_ == id) {
    heartbeat_timer_.reset();
    OnHeartbeatTick(ctx);
  }
}

void RaftNode::AppendRoles(std::vector<std::string>& roles) const {
  switch (role_) {
    case Role::kLeader:
      roles.push_back("leader");
      break;
    case Role::kFollower:
      roles.push_back("follower");
      break;
    case Role::kPreCandidate:
    case Role::kCandidate:
      roles.push_back("candidate");
      break;
  }
}

std::string RaftNode::Describe() const {
  return absl::StrCat(RoleName(role_), " term=", term_, " log=", log_->last_index(),
                      " commit=", commit_index_, " applied=", last_applied_,
                      " keys=", store_.size());
}

// --- Timers and elections -------------------------------------------------------------

void RaftNode::ResetElectionDeadline(Context& ctx) {
  // Randomised in [t, 2t) so that split votes are rare and short (§5.2).
  const Nanos t = options_.election_timeout_ns;
  election_deadline_ns_ = ctx.LocalNow() + t + static_cast<Nanos>(ctx.rng().Below(t));
}

void RaftNode::ArmElectionTimer(Nanos delay_ns, Context& ctx) {
  // One timer at a time: a reset only moves the deadline, and the timer re-arms itself
  // when it fires early, so heartbeats cost no timer churn.
  if (election_timer_) return;
  election_timer_ = ctx.SetTimer(std::max<Nanos>(delay_ns, 1), kElectionTag);
}

void RaftNode::OnElectionTimer(Context& ctx) {
  if (role_ == Role::kLeader) return;  // re-armed on step-down
  const Nanos now = ctx.LocalNow();
  if (now < election_deadline_ns_) {
    ArmElectionTimer(election_deadline_ns_ - now, ctx);
    return;
  }
  if (options_.pre_vote) {
    StartPreVote(ctx);
  } else {
    StartElection(ctx);
  }
}

void RaftNode::StartPreVote(Context& ctx) {
  role_ = Role::kPreCandidate;
  leader_ = -1;
  votes_ = {ctx.self()};
  ResetElectionDeadline(ctx);
  ArmElectionTimer(election_deadline_ns_ - ctx.LocalNow(), ctx);
  if (static_cast<int>(votes_.size()) >= Majority(ctx)) return StartElection(ctx);
  const RequestVote ask{.term = term_ + 1,
                        .last_log_index = log_->last_index(),
                        .last_log_term = log_->last_term(),
                        .pre_vote = true};
  for (EndpointId peer : ctx.members()) {
    if (peer != ctx.self()) ctx.Send(peer, ask);
  }
}

void RaftNode::StartElection(Context& ctx) {
  ++term_;
  role_ = Role::kCandidate;
  leader_ = -1;
  voted_for_ = ctx.self();
  votes_ = {ctx.self()};
  PersistTermAndVote(ctx);
  Sync(ctx);  // a vote for ourselves is a vote: it must survive a crash
  ctx.Note(absl::StrCat("candidate in term ", term_));
  ResetElectionDeadline(ctx);
  ArmElectionTimer(election_deadline_ns_ - ctx.LocalNow(), ctx);
  if (static_cast<int>(votes_.size()) >= Majority(ctx)) return BecomeLeader(ctx);
  const RequestVote ask{.term = term_,
                        .last_log_index = log_->last_index(),
                        .last_log_term = log_->last_term(),
                        .pre_vote = false};
  for (EndpointId peer : ctx.members()) {
    if (peer != ctx.self()) ctx.Send(peer, ask);
  }
}

void RaftNode::Handle(EndpointId from, const RequestVote& msg, Context& ctx) {
  const bool up_to_date = log_->CandidateUpToDate(msg.last_log_index, msg.last_log_term);
  if (msg.pre_vote) {
    // Would we vote in msg.term? Changes nothing here, so nothing to persist.
    const bool grant = msg.term > term_ && up_to_date && !HeardFromLeaderRecently(ctx);
    ctx.Send(from, RequestVoteReply{term_, grant, true, msg.term});
    return;
  }
  if (msg.term > term_ && !HeardFromLeaderRecently(ctx)) AdoptTerm(msg.term, ctx);
  bool grant = false;
  const bool may_vote = role_ == Role::kFollower || role_ == Role::kPreCandidate;
  if (msg.term == term_ && may_vote && up_to_date) {
    // The vote-twice bug forgets that this term's vote may be taken already.
    const bool free =
        voted_for_ == -1 || voted_for_ == from || options_.bug == RaftOptions::Bug::kVoteTwice;
    if (free) {
      grant = true;
      if (voted_for_ != -1 && voted_for_ != from) {
        ctx.Note(absl::StrCat("bug vote-twice: second vote in term ", term_));
      }
      voted_for_ = from;
      role_ = Role::kFollower;
      PersistTermAndVote(ctx);
      ResetElectionDeadline(ctx);
    }
  }
  Sync(ctx);  // term and vote are durable before the candidate can count on them
  ctx.Send(from, RequestVoteReply{term_, grant, false, msg.term});
}

void RaftNode::Handle(EndpointId from, const RequestVoteReply& msg, Context& ctx) {
  if (msg.term > term_ && !msg.granted) {
    AdoptTerm(msg.term, ctx);
    Sync(ctx);
    return;
  }
  const bool counts =
      msg.granted && (msg.pre_vote ? role_ == Role::kPreCandidate && msg.asked_term == term_ + 1
                                   : role_ == Role::kCandidate && msg.asked_term == term_);
  if (!counts) return;  // late, or for an election this node has left
  if (std::find(votes_.begin(), votes_.end(), from) == votes_.end()) votes_.push_back(from);
  if (static_cast<int>(votes_.size()) < Majority(ctx)) return;
  if (msg.pre_vote) {
    StartElection(ctx);
  } else {
    BecomeLeader(ctx);
  }
}

void RaftNode::BecomeLeader(Context& ctx) {
  role_ = Role::kLeader;
  leader_ = ctx.self();
  ctx.Note(absl::StrCat("became leader in term ", term_));
  const Nanos now = ctx.LocalNow();
  peers_.clear();
  for (EndpointId peer : ctx.members()) {
    if (peer == ctx.self()) continue;
    // Check-quorum counts from now: a new leader gets one election timeout to hear back.
    peers_[peer] = Peer{.next_index = log_->last_index() + 1, .last_ack_ns = now};
  }
  round_ = 0;
  round_start_ns_.clear();
  lease_until_ns_ = 0;
  pending_reads_.clear();
  // The no-op commits this term's first entry, and with it every earlier one (§5.4.2);
  // reads wait for it, as the leader's commit index is only then known to be current.
  term_start_index_ = log_->Append(LogEntry{.term = term_, .f = "noop", .key = {}, .value = {}});
  Sync(ctx);
  AdvanceCommit(ctx);  // a cluster of one commits at once
  BroadcastRound(ctx);
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

void RaftNode::AdoptTerm(int64_t term, Context& ctx) {
  FL_CHECK_MSG(term > term_, "AdoptTerm with an older term");
  term_ = term;
  voted_for_ = -1;
  leader_ = -1;
  PersistTermAndVote(ctx);
  if (role_ != Role::kFollower) StepDown(ctx, "saw a higher term");
  // Read-index requests sent to the old leader may never be answered: fail them (a read
  // has no effect), so they neither pile up nor keep clients waiting. A late answer finds
  // no request and is dropped.
  for (const auto& [id, wait] : read_index_requests_) {
    ctx.Send(wait.client, sim::ClientReply::Fail(wait.req, -1));
  }
  read_index_requests_.clear();
}

void RaftNode::StepDown(Context& ctx, const char* why) {
  if (role_ == Role::kLeader) ctx.Note(absl::StrCat("stepped down in term ", term_, ": ", why));
  role_ = Role::kFollower;
  peers_.clear();
  if (heartbeat_timer_) {
    ctx.CancelTimer(*heartbeat_timer_);
    heartbeat_timer_.reset();
  }
  // Entries this node appended as leader may still commit under the next leader: their
  // waiters stay and are answered when the index is applied (ok if our entry is there,
  // fail if another is). Reads not yet confirmed fail: a read has no effect.
  FailPendingReads(ctx);
  ResetElectionDeadline(ctx);
  ArmElectionTimer(election_deadline_ns_ - ctx.LocalNow(), ctx);
}

void RaftNode::PersistTermAndVote(Context& ctx) {
  ctx.disk().Put(kTermKey, Value::Int(term_));
  ctx.disk().Put(kVotedForKey, Value::Int(voted_for_));
}

void RaftNode::Sync(Context& ctx) {
  if (options_.bug == RaftOptions::Bug::kNoFsync) return;
  ctx.disk().Sync();
}

bool RaftNode::HeardFromLeaderRecently(const Context& ctx) const {
  if (role_ == Role::kLeader) return true;
  return last_leader_contact_ns_ >= 0 &&
         ctx.LocalNow() - last_leader_contact_ns_ < options_.election_timeout_ns;
}

int RaftNode::Majority(const Context& ctx) const { return ctx.node_count() / 2 + 1; }

EndpointId RaftNode::LeaderHint(const Context& ctx) const {
  return role_ == Role::kLeader ? ctx.self() : leader_;
}

}  // namespace faultline::models
