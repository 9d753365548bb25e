// kv.quorum's node: start and restart, timers, and the replica side of the protocol.
#include "models/quorum/quorum_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::models {
void QuorumNode::OnStart(sim::Context& ctx) {
  self_ = ctx.self();
  ring_.emplace(ctx.members());
  store_.Load(ctx.disk());
  if (std::optional<sim::Value> v = ctx.disk().Get(kIncarnationRecord)) incarnation_ = v->int_or(0);
  if (std::optional<sim::Value> v = ctx.disk().Get(kClockCounterRecord)) {
    clock_counter_ = v->int_or(0);
  }
  ++incarnation_;
  FL_CHECK_MSG(incarnation_ < (int64_t{1} << (kTagShift - 32)),
               "kv.quorum: too many restarts for request ids");
  ctx.disk().Put(kIncarnationRecord, sim::Value::Int(incarnation_));
  ctx.disk().Sync();
  if (incarnation_ > 1 || !store_.keys().empty()) {
    ctx.Note(absl::StrCat("replica restarts with ", store_.keys().size(), " keys and ",
                          store_.hints().size(), " hints from disk"));
  }
  if (options_.hinted_handoff) ctx.SetTimer(options_.hint_retry_ns, Tag(kHintRetry, 0));
  if (options_.anti_entropy_ns > 0) {
    // Spread the first rounds over one interval so the nodes do not sync in lockstep.
    const sim::Nanos first =
        1 +
        static_cast<sim::Nanos>(ctx.rng().Below(static_cast<uint64_t>(options_.anti_entropy_ns)));
    ctx.SetTimer(first, Tag(kAntiEntropy, 0));
  }
}

void QuorumNode::OnTimer(sim::TimerId /*id*/, uint64_t tag, sim::Context& ctx) {
  const uint64_t req = tag & ((uint64_t{1} << kTagShift) - 1);
  switch (tag >> kTagShift) {
    case kRequestTimeout:
      OnRequestTimeout(req, ctx);
      break;
    case kHandoffDeadline:
      OnHandoffDeadline(req, ctx);
      break;
    case kHintRetry:
      OnHintRetry(ctx);
      ctx.SetTimer(options_.hint_retry_ns, Tag(kHintRetry, 0));
      break;
    case kAntiEntropy:
      OnAntiEntropy(ctx);
      ctx.SetTimer(options_.anti_entropy_ns, Tag(kAntiEntropy, 0));
      break;
    default:
      FL_CHECK_MSG(false, "kv.quorum: unknown timer tag");
  }
}

void QuorumNode::AppendRoles(std::vector<std::string>& roles) const { roles.push_back("replica"); }

std::string QuorumNode::Describe() const {
  return absl::StrCat("replica keys=", store_.keys().size(), " hints=", store_.hints().size(),
                      " pending=", pending_.size());
}

bool QuorumNode::InList(const std::vector<sim::EndpointId>& list, sim::EndpointId node) const {
  return std::find(list.begin(), list.end(), node) != list.end();
}

void QuorumNode::Handle(sim::EndpointId from, const QuorumPut& msg, sim::Context& ctx) {
  Heard(from);
  if (msg.hint_for >= 0 && msg.hint_for != ctx.self()) {
    store_.AddHint(msg.hint_for, msg.key, msg.versions, mode(), overwrite(), ctx.disk());
  } else {
    store_.Apply(msg.key, msg.versions, mode(), overwrite(), ctx.disk());
  }
  ctx.disk().Sync();  // durable before the ack: an acknowledged write survives a crash
  ctx.Send(from, QuorumPutAck{.req = msg.req});
}

void QuorumNode::Handle(sim::EndpointId from, const QuorumGet& msg, sim::Context& ctx) {
  Heard(from);
  Siblings versions;
  if (const Siblings* s = store_.Find(msg.key)) versions = *s;
  // A stand-in answers with the hinted writes it holds too (Riak's fallback vnodes do).
  if (!store_.hints().empty()) {
    const Siblings hinted = store_.HintedVersions(msg.key, mode());
    if (overwrite() && !hinted.empty()) {
      versions = hinted;
    } else {
      MergeSiblings(versions, hinted, mode());
    }
  }
  ctx.Send(from, QuorumGetReply{.req = msg.req, .versions = std::move(versions)});
}

void QuorumNode::Handle(sim::EndpointId from, const ReadRepair& msg, sim::Context& ctx) {
  Heard(from);
  if (store_.Apply(msg.key, msg.versions, mode(), overwrite(), ctx.disk())) ctx.disk().Sync();
}

}  // namespace faultline::models
