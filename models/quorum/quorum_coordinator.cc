// kv.quorum's coordinator: a client request fanned out to the key's replicas, answered
// after w acks (write) or r replies (read), then read repair until the request's timeout.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "models/kv/kv_workload.h"
#include "models/quorum/quorum_node.h"

namespace faultline::models {

void QuorumNode::Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (req.f == "read") return StartRead(from, req, ctx);
  if (req.f == "write") return StartWrite(from, req, ctx);
  if (req.f == kReadLocal) {
    // A convergence check's look at this node's own copy: only a replica of the key keeps
    // one (a stand-in's hints are on their way elsewhere), so any other node says fail.
    const std::vector<sim::EndpointId> pref = ring_->PreferenceList(req.key, options_.n);
    if (!InList(pref, ctx.self())) return ctx.Send(from, sim::ClientReply::Fail(req));
    const Siblings* copy = store_.Find(req.key);
    return ctx.Send(from, sim::ClientReply::Ok(req, copy ? ReadValue(*copy) : sim::Value()));
  }
  // cas needs a read-modify-write that a leaderless store cannot make atomic; the model's
  // workload does not offer it, so only a hand-made request gets here.
  ctx.Send(from, sim::ClientReply::Fail(req));
}

uint64_t QuorumNode::NextRequestId() {
  return (static_cast<uint64_t>(incarnation_) << 32) | ++next_seq_;
}

QuorumNode::Pending& QuorumNode::Begin(sim::EndpointId client, const sim::ClientRequest& req,
                                       bool is_read, uint64_t id, sim::Context& ctx) {
  Pending& p = pending_[id];
  p.client = client;
  p.request = req;
  p.is_read = is_read;
  p.pref = ring_->PreferenceList(req.key, options_.n);
  ctx.SetTimer(options_.request_timeout_ns, Tag(kRequestTimeout, id));
  if (options_.hinted_handoff) ctx.SetTimer(options_.handoff_timeout_ns, Tag(kHandoffDeadline, id));
  return p;
}

Version QuorumNode::StampWrite(const sim::Value& key, const sim::Value& value, sim::Context& ctx) {
  Version v{.value = value, .ts = ctx.LocalNow(), .writer = ctx.self(), .clock = {}};
  if (mode() == VersionMode::kVector) {
    // Descend from every version this node holds for the key (as a replica or a
    // stand-in), then count one more event of our own. The counter is node-wide and
    // synced, so two writes this node coordinates never share a clock, even across a
    // restart.
    Siblings local;
    if (const Siblings* s = store_.Find(key)) local = *s;
    MergeSiblings(local, store_.HintedVersions(key, mode()), mode());
    const VectorClock base = MergedClock(local);
    clock_counter_ = std::max(clock_counter_, ClockCounter(base, ctx.self())) + 1;
    ctx.disk().Put(kClockCounterRecord, sim::Value::Int(clock_counter_));
    ctx.disk().Sync();
    v.clock = WithCounter(base, ctx.self(), clock_counter_);
  }
  return v;
}

void QuorumNode::StartWrite(sim::EndpointId client, const sim::ClientRequest& req,
                            sim::Context& ctx) {
  const uint64_t id = NextRequestId();
  Pending& p = Begin(client, req, /*is_read=*/false, id, ctx);
  p.write = {StampWrite(req.key, req.value, ctx)};
  FanOut(id, p, ctx);
}

void QuorumNode::StartRead(sim::EndpointId client, const sim::ClientRequest& req,
                           sim::Context& ctx) {
  const uint64_t id = NextRequestId();
  FanOut(id, Begin(client, req, /*is_read=*/true, id, ctx), ctx);
}

void QuorumNode::FanOut(uint64_t id, Pending& p, sim::Context& ctx) {
  for (const sim::EndpointId node : std::vector<sim::EndpointId>(p.pref)) {
    SendTo(node, id, p, -1, ctx);
    if (options_.hinted_handoff && suspected_.count(node) > 0) {
      // Do not wait for a replica we already believe down: a stand-in gets it now.
      if (std::optional<sim::EndpointId> stand_in = NextStandIn(p)) {
        SendTo(*stand_in, id, p, node, ctx);
      }
    }
  }
}

void QuorumNode::SendTo(sim::EndpointId to, uint64_t id, Pending& p, sim::EndpointId hint_for,
                        sim::Context& ctx) {
  p.targets.push_back(to);
  if (hint_for >= 0) p.stood_in.push_back(hint_for);
  if (p.is_read) {
    ctx.Send(to, QuorumGet{.req = id, .key = p.request.key});
  } else {
    ctx.Send(to,
             QuorumPut{.req = id, .key = p.request.key, .versions = p.write, .hint_for = hint_for});
  }
}

bool QuorumNode::Counts(const Pending& p, sim::EndpointId from) const {
  // Strict quorum: only the preference list. Sloppy: any node the request went to.
  return InList(p.pref, from) || (options_.hinted_handoff && InList(p.targets, from));
}

void QuorumNode::Handle(sim::EndpointId from, const QuorumPutAck& msg, sim::Context& ctx) {
  Heard(from);
  auto it = pending_.find(msg.req);
  if (it == pending_.end() || it->second.is_read) return;
  Pending& p = it->second;
  if (!InList(p.targets, from) || InList(p.replied, from)) return;  // a duplicate
  p.replied.push_back(from);
  if (Counts(p, from)) ++p.counted;
  if (!p.answered && p.counted >= options_.w) {
    p.answered = true;
    ctx.Send(p.client, sim::ClientReply::Ok(p.request));
  }
  MaybeFinish(msg.req, p);
}

void QuorumNode::Handle(sim::EndpointId from, const QuorumGetReply& msg, sim::Context& ctx) {
  Heard(from);
  auto it = pending_.find(msg.req);
  if (it == pending_.end() || !it->second.is_read) return;
  Pending& p = it->second;
  if (!InList(p.targets, from) || InList(p.replied, from)) return;  // a duplicate
  p.replied.push_back(from);
  p.replies.push_back({from, msg.versions});
  if (overwrite()) {
    if (p.replied.size() == 1) p.merged = msg.versions;  // the bug: the first reply wins
  } else {
    MergeSiblings(p.merged, msg.versions, mode());
  }
  if (Counts(p, from)) ++p.counted;
  if (p.answered) {
    RepairStale(p, ctx);  // a late reply, within the request's timeout
  } else if (p.counted >= options_.r) {
    p.answered = true;
    ctx.Send(p.client, sim::ClientReply::Ok(p.request, ReadValue(p.merged)));
    RepairStale(p, ctx);
  }
  MaybeFinish(msg.req, p);
}

void QuorumNode::RepairStale(Pending& p, sim::Context& ctx) {
  if (!options_.read_repair || p.merged.empty()) return;
  for (auto& [replica, versions] : p.replies) {
    // Only preference-list replicas: a stand-in keeps hints, not the key.
    if (!InList(p.pref, replica)) continue;
    const bool stale = overwrite() ? versions != p.merged : !Covers(versions, p.merged, mode());
    if (!stale) continue;
    ctx.Send(replica, ReadRepair{.key = p.request.key, .versions = p.merged});
    versions = p.merged;  // repaired: do not send it again unless a later reply is newer
  }
}

void QuorumNode::OnRequestTimeout(uint64_t id, sim::Context& ctx) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  if (!p.answered) {
    if (p.is_read) {
      ctx.Send(p.client, sim::ClientReply::Fail(p.request));
    } else {
      ctx.Note(absl::StrCat("write of ", p.request.key.ToJson(), " got ", p.counted, " of w=",
                            options_.w, " acks in time; left unanswered (it may have applied)"));
    }
  }
  pending_.erase(it);
}

void QuorumNode::MaybeFinish(uint64_t id, const Pending& p) {
  if (p.answered && p.replied.size() >= p.targets.size()) pending_.erase(id);
}

}  // namespace faultline::models
