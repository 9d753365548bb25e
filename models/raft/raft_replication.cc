// Log replication of a kv.raft node: AppendEntries on both sides, the leader's commit
// rule, the state machine, and client writes (figure 2, §5.3, §5.4.2).
#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/kv/kv_workload.h"
#include "models/raft/raft_node.h"

namespace faultline::models {
namespace {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Nanos;
using sim::Value;

}  // namespace

// --- Leader side ------------------------------------------------------------------------

void RaftNode::OnHeartbeatTick(Context& ctx) {
  if (role_ != Role::kLeader) return;
  if (!CheckQuorum(ctx)) return;
  BroadcastRound(ctx);
  heartbeat_timer_ = ctx.SetTimer(options_.heartbeat_ns, kHeartbeatTag);
}

bool RaftNode::CheckQuorum(Context& ctx) {
  // A leader cut off from a majority steps down within an election timeout, so clients
  // stop waiting on it and it stops serving reads (thesis §6.2).
  const Nanos now = ctx.LocalNow();
  int heard = 1;  // itself
  for (const auto& [id, peer] : peers_) {
    if (now - peer.last_ack_ns < options_.election_timeout_ns) ++heard;
  }
  if (heard >= Majority(ctx)) return true;
  StepDown(ctx, "no majority heard within an election timeout");
  return false;
}

void RaftNode::BroadcastRound(Context& ctx) {
  ++round_;
  round_start_ns_[round_] = ctx.LocalNow();
  // A follower with a batch in flight gets an empty heartbeat: resending the same batch
  // every round would only duplicate it (its reply, or this heartbeat's, sends the next).
  for (auto& [id, peer] : peers_) SendAppend(id, ctx, peer.in_flight ? 0 : options_.max_batch);
}

void RaftNode::SendAppend(EndpointId to, Context& ctx) { SendAppend(to, ctx, options_.max_batch); }

void RaftNode::SendAppend(EndpointId to, Context& ctx, int64_t max_entries) {
  Peer& peer = peers_.at(to);
  const int64_t prev = peer.next_index - 1;
  AppendEntries msg{.term = term_,
                    .prev_log_index = prev,
                    .prev_log_term = log_->TermAt(prev),
                    .entries = log_->Slice(peer.next_index, max_entries),
                    .leader_commit = commit_index_,
                    .round = round_,
                    .seq = ++append_seq_};
  if (!msg.entries.empty()) {
    peer.in_flight = true;
    peer.in_flight_seq = msg.seq;
  }
  ctx.Send(to, std::move(msg));
}

void RaftNode::ReplicateNew(Context& ctx) {
  // One batch in flight per follower: entries appended meanwhile ride in the next one,
  // sent when the reply comes (or at the next heartbeat, should a message be lost).
  for (auto& [id, peer] : peers_) {
    if (!peer.in_flight && peer.next_index <= log_->last_index()) SendAppend(id, ctx);
  }
}

void RaftNode::Handle(EndpointId from, const AppendEntriesReply& msg, Context& ctx) {
  if (msg.term > term_) {
    AdoptTerm(msg.term, ctx);
    Sync(ctx);
    return;
  }
  if (role_ != Role::kLeader || msg.term != term_) return;  // from an older reign
  Peer& peer = peers_.at(from);
  peer.last_ack_ns = ctx.LocalNow();
  peer.acked_round = std::max(peer.acked_round, msg.round);
  // The batch in flight is answered (or lost: a later message was answered first). An
  // older reply, a duplicate or a late one, leaves it in flight and sends nothing.
  if (msg.seq >= peer.in_flight_seq) peer.in_flight = false;
  if (msg.success) {
    if (msg.match_index > peer.match_index) peer.match_index = msg.match_index;
    peer.next_index = std::max(peer.next_index, peer.match_index + 1);
    AdvanceCommit(ctx);
  } else {
    // Fast backtracking: skip the follower's whole conflicting term in one step. Never
    // below what it is known to hold; a stale rejection may only cost a resend.
    const int64_t next = log_->NextIndexAfterConflict(msg.conflict_term, msg.conflict_index);
    peer.next_index = std::clamp(next, peer.match_index + 1, log_->last_index() + 1);
  }
  if (role_ == Role::kLeader && !peer.in_flight && peer.next_index <= log_->last_index()) {
    SendAppend(from, ctx);
  }
  ServeReads(ctx);
}

void RaftNode::AdvanceCommit(Context& ctx) {
  if (role_ != Role::kLeader) return;
  // The highest index held by a majority, the leader included (its log is synced).
  std::vector<int64_t> match = {log_->last_index()};
  for (const auto& [id, peer] : peers_) match.push_back(peer.match_index);
  std::sort(match.begin(), match.end(), std::greater<>());
  int64_t n = match.at(static_cast<size_t>(Majority(ctx) - 1));
  if (options_.bug == RaftOptions::Bug::kCommitWithoutQuorum) n = log_->last_index();
  if (n <= commit_index_) return;
  // Figure 8: an entry of an earlier term may sit on a majority and still be overwritten,
  // so only the leader's own-term entries commit by counting, older ones with them.
  if (log_->TermAt(n) != term_) {
    if (options_.bug != RaftOptions::Bug::kCommitOldTerm) return;
    ctx.Note(absl::StrCat("bug commit-old-term: committed ", n, " of term ", log_->TermAt(n),
                          " in term ", term_));
  }
  commit_index_ = n;
  ApplyCommitted(ctx);
}

// --- Follower side ----------------------------------------------------------------------

void RaftNode::Handle(EndpointId from, const AppendEntries& msg, Context& ctx) {
  if (msg.term < term_) {
    // A stale leader: our term in the reply makes it step down.
    ctx.Send(from, AppendEntriesReply{.term = term_, .round = msg.round, .seq = msg.seq});
    return;
  }
  if (msg.term > term_) AdoptTerm(msg.term, ctx);
  if (role_ == Role::kLeader) {
    // Two leaders in one term: impossible unless a planted bug broke the vote.
    ctx.Note(absl::StrCat("two leaders in term ", term_, ": ignoring n", from + 1));
    return;
  }
  if (role_ != Role::kFollower) StepDown(ctx, "a leader exists in this term");
  leader_ = from;
  last_leader_contact_ns_ = ctx.LocalNow();
  ResetElectionDeadline(ctx);

  AppendEntriesReply reply{.term = term_, .round = msg.round, .seq = msg.seq};
  if (!log_->Matches(msg.prev_log_index, msg.prev_log_term)) {
    std::tie(reply.conflict_term, reply.conflict_index) = log_->ConflictHint(msg.prev_log_index);
  } else {
    const int64_t truncated = log_->AppendFrom(msg.prev_log_index + 1, msg.entries);
    if (truncated != 0 && truncated <= commit_index_) {
      // Only a planted bug lets a leader overwrite a committed entry. Note it and go on
      // with what the leader sent, so the run shows the damage in the history.
      FL_CHECK_MSG(options_.bug != RaftOptions::Bug::kNone, "a leader overwrote a committed entry");
      ctx.Note(absl::StrCat("committed entry ", truncated, " overwritten (planted bug)"));
      commit_index_ = std::min(commit_index_, log_->last_index());
    }
    reply.success = true;
    // Only what this message proved equal to the leader's log: entries past it may be
    // leftovers of an older term.
    reply.match_index = msg.prev_log_index + static_cast<int64_t>(msg.entries.size());
    const int64_t commit = std::min(msg.leader_commit, reply.match_index);
    if (commit > commit_index_) {
      commit_index_ = commit;
      ApplyCommitted(ctx);
    }
  }
  Sync(ctx);  // term, vote and the new entries are durable before the leader counts them
  ctx.Send(from, reply);
}

// --- State machine ----------------------------------------------------------------------

void RaftNode::ApplyCommitted(Context& ctx) {
  FL_CHECK_MSG(commit_index_ <= log_->last_index(), "commit index past the log's end");
  while (last_applied_ < commit_index_) {
    ++last_applied_;
    const LogEntry& entry = log_->At(last_applied_);
    const auto [ok, result] = ApplyEntry(entry);
    auto it = waiters_.find(last_applied_);
    if (it == waiters_.end()) continue;
    const Waiter& w = it->second;
    if (w.term != entry.term) {
      // Another leader's entry committed at this index, so ours never can: a definite fail.
      ctx.Send(w.client, ClientReply::Fail(w.req, LeaderHint(ctx)));
    } else if (ok) {
      ctx.Send(w.client, ClientReply::Ok(w.req, result, LeaderHint(ctx)));
    } else {
      ctx.Send(w.client, ClientReply::Fail(w.req, LeaderHint(ctx), result));
    }
    waiters_.erase(it);
  }
  ServeReads(ctx);
}

std::pair<bool, Value> RaftNode::ApplyEntry(const LogEntry& e) {
  if (e.f == "write") {
    store_[e.key] = e.value;
    return {true, Value()};
  }
  if (e.f == "cas") {
    // Decided here, in log order: the value the cas expects is the one at its index.
    const std::vector<Value>& arg = e.value.as_list();
    FL_CHECK_MSG(arg.size() == 2, "a cas entry needs [expected, new]");
    auto it = store_.find(e.key);
    const Value nil;
    const Value& current = it == store_.end() ? nil : it->second;  // missing reads as nil
    if (current != arg[0]) return {false, current};
    if (it == store_.end()) {
      store_.emplace(e.key, arg[1]);
    } else {
      it->second = arg[1];
    }
    return {true, Value()};
  }
  if (e.f == "read") return {true, ReadValue(e.key)};
  return {true, Value()};  // noop
}

// --- Client writes ----------------------------------------------------------------------

void RaftNode::HandleWrite(EndpointId from, const ClientRequest& req, Context& ctx) {
  if (role_ != Role::kLeader) {
    // Never appended here, so it cannot take effect through this node: a definite fail.
    ctx.Send(from, ClientReply::Fail(req, LeaderHint(ctx)));
    return;
  }
  if (req.f == "cas" && !(req.value.is_list() && req.value.as_list().size() == 2)) {
    ctx.Send(from, ClientReply::Fail(req, ctx.self()));
    return;
  }
  const int64_t index = log_->last_index() + 1;
  waiters_[index] = Waiter{.term = term_, .client = from, .req = req};
  AppendAsLeader(LogEntry{.term = term_, .f = req.f, .key = req.key, .value = req.value}, ctx);
}

void RaftNode::AppendAsLeader(LogEntry entry, Context& ctx) {
  log_->Append(std::move(entry));
  Sync(ctx);  // the leader counts itself in the majority: its copy must be durable
  ReplicateNew(ctx);
  AdvanceCommit(ctx);
}

void RaftNode::Handle(EndpointId from, const ClientRequest& req, Context& ctx) {
  if (req.f == "read") {
    HandleRead(from, req, ctx);
  } else if (req.f == kReadLocal) {
    // A convergence check's look at this node's own copy, whatever its role.
    ctx.Send(from, ClientReply::Ok(req, ReadValue(req.key), LeaderHint(ctx)));
  } else if (req.f == "write" || req.f == "cas") {
    HandleWrite(from, req, ctx);
  } else {
    ctx.Send(from, ClientReply::Fail(req));  // not an op this model serves
  }
}

}  // namespace faultline::models
