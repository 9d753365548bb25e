// The read paths of a kv.raft node (`reads:` parameter; thesis §6.4):
//   log                  a read is a log entry, answered when applied;
//   leader-read-index    the leader notes its commit index, proves it is still leader by
//                        a heartbeat round started after the read arrived, waits until it
//                        has applied that index, answers;
//   leader-lease         the leader answers alone while a lease measured on its local
//                        clock holds (unsafe under clock faults: the point of it);
//   follower-read-index  a follower gets a read index from the leader (ReadIndex), waits
//                        until it has applied it, answers;
//   follower-stale       every node answers from its own state at once (not linearizable).
#include <algorithm>
#include <functional>

#include "models/raft/raft_node.h"

namespace faultline::models {
namespace {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Value;
using Reads = RaftOptions::Reads;

}  // namespace

void RaftNode::HandleRead(EndpointId from, const ClientRequest& req, Context& ctx) {
  switch (options_.reads) {
    case Reads::kLog:
      HandleWrite(from, req, ctx);  // through the log like a write, answered at apply
      return;
    case Reads::kFollowerStale:
      ctx.Send(from, ClientReply::Ok(req, ReadValue(req.key), LeaderHint(ctx)));
      return;
    case Reads::kFollowerReadIndex:
      if (role_ != Role::kLeader) {
        if (leader_ < 0) {
          ctx.Send(from, ClientReply::Fail(req, -1));
          return;
        }
        const uint64_t id = next_read_id_++;
        read_index_requests_[id] = ApplyWait{.read_index = 0, .client = from, .req = req};
        ctx.Send(leader_, ReadIndexRequest{id});
        return;
      }
      break;
    case Reads::kLeaderLease:
      // The lease proves leadership only once this term's no-op is committed: before
      // that the commit index may lag the previous leader's.
      if (role_ == Role::kLeader && ctx.LocalNow() < lease_until_ns_ &&
          commit_index_ >= term_start_index_) {
        apply_waits_.push_back(ApplyWait{.read_index = commit_index_, .client = from, .req = req});
        ServeReads(ctx);
        return;
      }
      break;  // no lease: fall back to a read index
    case Reads::kLeaderReadIndex:
      break;
  }
  if (role_ != Role::kLeader) {
    ctx.Send(from, ClientReply::Fail(req, LeaderHint(ctx)));
    return;
  }
  QueueLeaderRead(PendingRead{.read_index = ReadIndex(), .from = from, .req = req}, ctx);
}

void RaftNode::QueueLeaderRead(PendingRead read, Context& ctx) {
  // Confirmation needs a round that started after the read arrived: the next one, started
  // now. The stale-leader-read bug skips it, trusting that it is still leader.
  read.round = options_.bug == RaftOptions::Bug::kStaleLeaderRead ? 0 : round_ + 1;
  pending_reads_.push_back(std::move(read));
  if (pending_reads_.back().round > 0) BroadcastRound(ctx);
  ServeReads(ctx);
}

void RaftNode::Handle(EndpointId from, const ReadIndexRequest& msg, Context& ctx) {
  if (role_ != Role::kLeader) {
    ctx.Send(from, ReadIndexReply{.id = msg.id, .ok = false});
    return;
  }
  QueueLeaderRead(
      PendingRead{.read_index = ReadIndex(), .from = from, .req = {}, .follower_read_id = msg.id},
      ctx);
}

void RaftNode::Handle(EndpointId /*from*/, const ReadIndexReply& msg, Context& ctx) {
  auto it = read_index_requests_.find(msg.id);
  if (it == read_index_requests_.end()) return;  // a duplicate
  ApplyWait wait = std::move(it->second);
  read_index_requests_.erase(it);
  if (!msg.ok) {
    ctx.Send(wait.client, ClientReply::Fail(wait.req, LeaderHint(ctx)));
    return;
  }
  wait.read_index = msg.read_index;
  apply_waits_.push_back(std::move(wait));
  ServeReads(ctx);
}

uint64_t RaftNode::ConfirmedRound(const Context& ctx) const {
  // The highest round a majority has answered, counting the leader for its latest.
  std::vector<uint64_t> acked = {round_};
  for (const auto& [id, peer] : peers_) acked.push_back(peer.acked_round);
  std::sort(acked.begin(), acked.end(), std::greater<>());
  return acked.at(static_cast<size_t>(Majority(ctx) - 1));
}

void RaftNode::ServeReads(Context& ctx) {
  if (role_ == Role::kLeader) {
    const uint64_t confirmed = ConfirmedRound(ctx);
    // The lease runs from the confirmed round's start on the leader's clock: every voter
    // of that majority heard from us after it, and waits an election timeout from then.
    auto start = round_start_ns_.find(confirmed);
    if (start != round_start_ns_.end()) {
      lease_until_ns_ = std::max(lease_until_ns_, start->second + options_.lease_ns);
    }
    round_start_ns_.erase(round_start_ns_.begin(), round_start_ns_.upper_bound(confirmed));
    const bool own_term_committed = commit_index_ >= term_start_index_;
    std::vector<PendingRead> waiting;
    for (PendingRead& read : pending_reads_) {
      if (read.round > confirmed || !own_term_committed) {
        waiting.push_back(std::move(read));
      } else if (read.follower_read_id != 0) {
        ctx.Send(
            read.from,
            ReadIndexReply{.id = read.follower_read_id, .ok = true, .read_index = read.read_index});
      } else {
        apply_waits_.push_back(
            ApplyWait{.read_index = read.read_index, .client = read.from, .req = read.req});
      }
    }
    pending_reads_ = std::move(waiting);
  }
  std::vector<ApplyWait> still;
  for (ApplyWait& wait : apply_waits_) {
    if (wait.read_index > last_applied_) {
      still.push_back(std::move(wait));
    } else {
      ctx.Send(wait.client, ClientReply::Ok(wait.req, ReadValue(wait.req.key), LeaderHint(ctx)));
    }
  }
  apply_waits_ = std::move(still);
}

void RaftNode::FailPendingReads(Context& ctx) {
  for (const PendingRead& read : pending_reads_) {
    if (read.follower_read_id != 0) {
      ctx.Send(read.from, ReadIndexReply{.id = read.follower_read_id, .ok = false});
    } else {
      ctx.Send(read.from, ClientReply::Fail(read.req, leader_));
    }
  }
  pending_reads_.clear();
}

Value RaftNode::ReadValue(const Value& key) const {
  auto it = store_.find(key);
  return it == store_.end() ? Value() : it->second;
}

}  // namespace faultline::models
