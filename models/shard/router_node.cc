#include "models/shard/router_node.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/shard/multi_key_workload.h"

namespace faultline::models::shard {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Value;

Value KeysValue(const std::vector<int64_t>& keys) {
  std::vector<Value> list;
  list.reserve(keys.size());
  for (int64_t k : keys) list.push_back(Value::Int(k));
  return Value::List(std::move(list));
}

std::vector<int64_t> KeysOf(const Value& list) {
  std::vector<int64_t> keys;
  if (!list.is_list()) return keys;
  for (const Value& v : list.as_list()) {
    if (v.is_int()) keys.push_back(v.int_or(0));
  }
  return keys;
}

RouterNode::RouterNode(ShardOptions options) : options_(std::move(options)) {}

void RouterNode::OnStart(Context& ctx) {
  const PlacementOptions placement{.strategy = options_.strategy,
                                   .shards = options_.shards,
                                   .vnodes = options_.vnodes,
                                   .keys = options_.keys};
  placement_ = MakePlacement(placement);
  first_placement_ = MakePlacement(placement);
  const int groups = options_.group_count() + (options_.has_directory() ? 1 : 0);
  for (int g = 0; g < groups; ++g) leaders_.push_back(options_.Members(g)[0]);
  load_.resize(options_.group_count());
  // Forward ids of this life start past every earlier life's (a late reply to one of
  // those must not answer a new call).
  const int64_t life = ctx.disk().Get("lives").value_or(Value::Int(0)).int_or(0) + 1;
  ctx.disk().Put("lives", Value::Int(life));
  ctx.disk().Sync();
  next_forward_ = static_cast<uint64_t>(life) * kForwardsPerLife + 1;
  RestoreTopology(ctx);
  // The route table survives a crash: what a switch wrote (synced) comes back.
  route_version_ = ctx.disk().Get("route_version").value_or(Value::Int(1)).int_or(1);
  const std::optional<Value> routes = ctx.disk().Get("routes");
  if (routes && routes->is_list()) {
    for (const Value& pair : routes->as_list()) {
      const std::vector<int64_t> kv = KeysOf(pair);
      if (kv.size() == 2) overrides_[kv[0]] = static_cast<int>(kv[1]);
    }
    ctx.Note(absl::StrCat("restored route version ", route_version_, " (", overrides_.size(),
                          " moved keys)"));
  }
  if (ctx.self() != 0) RestoreGate(ctx);
  ctx.SetTimer(options_.load_window_ns, kLoadTag);
  if (ctx.self() != 0) return;
  // A coordinator restarted after the trigger does not run it again (the move it had
  // begun is abandoned: see the README).
  const sim::Nanos now = ctx.LocalNow();
  if (options_.migrate_at_ns > now) ctx.SetTimer(options_.migrate_at_ns - now, kMigrateTag);
  if (options_.add_shard_at_ns > now) ctx.SetTimer(options_.add_shard_at_ns - now, kAddShardTag);
  if (options_.split_at_ns > now) ctx.SetTimer(options_.split_at_ns - now, kSplitTag);
  if (options_.remove_shard_at_ns > now) {
    ctx.SetTimer(options_.remove_shard_at_ns - now, kRemoveShardTag);
  }
}

int RouterNode::ShardFor(int64_t key) const {
  auto it = overrides_.find(key);
  if (it != overrides_.end()) return it->second;
  if (options_.has_directory()) {
    auto cached = dir_cache_.find(key);
    if (cached != dir_cache_.end()) return cached->second;
  }
  if (key >= options_.keys) return first_placement_->ShardOf(key);  // never migrated
  return placement_->ShardOf(key);
}

bool RouterNode::IsMember(int shard, EndpointId node) const {
  const std::vector<EndpointId> m = options_.Members(shard);
  return std::find(m.begin(), m.end(), node) != m.end();
}

// --- Client requests ---------------------------------------------------------------------

void RouterNode::Handle(EndpointId from, const ClientRequest& req, Context& ctx) {
  if (IsMultiKeyOp(req.f)) return ScatterMulti(from, req, ctx);
  const std::optional<int64_t> key = KeyIndex(req.key);
  if (!key) {
    ++unknown_keys_;
    ctx.Note(absl::StrCat("op ", req.op, ": key ", req.key.ToJson(),
                          " is not k<i>: no shard owns it, failed"));
    Reject(from, req, ctx);
    return;
  }
  if (*key >= options_.keys && !noted_beyond_keys_) {
    noted_beyond_keys_ = true;
    ctx.Note(absl::StrCat("key k", *key, " is beyond keys (", options_.keys,
                          "): keys past it keep their first shard through topology changes "
                          "and count in no split; set keys to the workload's keys.count"));
  }
  if (gate_ && gate_->keys.count(*key) > 0) {
    held_.emplace_back(from, req);  // released to the new shard by the switch
    ++held_total_;
    return;
  }
  if (options_.has_directory() && overrides_.count(*key) == 0 && dir_cache_.count(*key) == 0) {
    return LookUp(from, req, *key, ctx);  // routes it once the directory answers
  }
  Route(from, req, *key, ctx);
}

void RouterNode::Reject(EndpointId client, const ClientRequest& req, Context& ctx) {
  if (client == kGatherClient) return GatherPart(req.op, ClientReply::Fail(req), ctx);
  ctx.Send(client, ClientReply::Fail(req));
}

void RouterNode::Route(EndpointId client, const ClientRequest& req, int64_t key, Context& ctx) {
  const int shard = ShardFor(key);
  ShardLoad& load = load_[shard];
  ++load.requests;
  ++routed_total_[shard];
  ++key_total_[key];
  ++load.per_key[key];
  ++in_flight_[key];
  const bool is_write = req.f == "write" || req.f == "cas";
  Context* c = &ctx;
  ShardCall(
      shard, req.f, key, req.value,
      [this, client, req, key, is_write, c](const std::optional<ClientReply>& reply) {
        if (--in_flight_[key] == 0) in_flight_.erase(key);
        if ((!reply || !reply->ok) && registered_keys_.count(key) > 0) ++moving_failed_;
        if (client == kGatherClient) {
          // A multi-key op's part: acked writes count for the migration as any write's.
          if (reply && reply->ok && is_write) {
            written_keys_.insert(key);
            OnAcked(key, *c);
          }
          GatherPart(req.op, reply, *c);
        } else if (reply) {
          ClientReply out = *reply;
          out.op = req.op;
          out.leader = -1;  // the client keeps talking to its router
          c->Send(client, out);
          ++relayed_;
          if (out.ok && is_write) {
            written_keys_.insert(key);
            OnAcked(key, *c);
          }
        }
        CheckGateDrained();
      },
      ctx);
}

void RouterNode::OnAcked(int64_t key, Context& ctx) {
  if (registered_keys_.count(key) == 0) return;
  if (ctx.self() != 0) {
    ctx.Send(EndpointId{0}, ShardAcked{.migration = registered_, .key = key});
  } else if (active_ && active_->plan().id == registered_) {
    active_->OnSourceAck(key, ctx);
  }
}

// --- Forwarding to a shard -----------------------------------------------------------------

void RouterNode::ShardCall(int shard, const std::string& f, int64_t key, Value value, CallDone done,
                           Context& ctx) {
  const uint64_t id = next_call_++;
  Call& call = calls_[id];
  call.shard = shard;
  call.key = key;
  call.req = ClientRequest{
      .op = id, .f = f, .key = Value::Str(absl::StrCat("k", key)), .value = std::move(value)};
  call.done = std::move(done);
  call.timer = ctx.SetTimer(options_.call_timeout_ns, id);
  SendCall(id, ctx);
}

void RouterNode::SendCall(uint64_t id, Context& ctx) {
  Call& call = calls_.at(id);
  ++call.tries;
  call.sent_to = leaders_[call.shard];
  forwards_.erase(call.forward);
  call.forward = next_forward_++;
  forwards_[call.forward] = id;
  call.req.op = call.forward;
  ctx.SendInSpace(call.sent_to, options_.group_spaces.at(call.shard),
                  sim::TypeInfoOf<ClientRequest>(), sim::AnyMessage(call.req));
}

void RouterNode::Handle(EndpointId from, const ClientReply& reply, Context& ctx) {
  // A call given up already (timed out: its outcome stays unknown), or a reply to an
  // earlier forward of it (a duplicate, or stale), is no answer to the call.
  auto fwd = forwards_.find(reply.op);
  if (fwd == forwards_.end()) return;
  const uint64_t id = fwd->second;
  Call& call = calls_.at(id);
  const int shard = call.shard;
  if (reply.ok) {
    leaders_[shard] = from;
  } else if (reply.leader != from && call.tries < options_.tries_max) {
    // A definite fail from a node that does not lead: not applied, so safe to resend.
    if (reply.leader >= 0 && IsMember(shard, reply.leader)) {
      leaders_[shard] = reply.leader;
    } else {
      const std::vector<EndpointId> m = options_.Members(shard);
      auto pos = std::find(m.begin(), m.end(), from);
      leaders_[shard] = pos == m.end() || pos + 1 == m.end() ? m.front() : *(pos + 1);
    }
    SendCall(id, ctx);
    return;
  }
  ctx.CancelTimer(call.timer);
  FinishCall(id, reply);
}

void RouterNode::FinishCall(uint64_t id, const std::optional<ClientReply>& reply) {
  auto it = calls_.find(id);
  FL_CHECK(it != calls_.end());
  CallDone done = std::move(it->second.done);
  forwards_.erase(it->second.forward);
  calls_.erase(it);
  done(reply);
}

void RouterNode::OnTimer(sim::TimerId /*id*/, uint64_t tag, Context& ctx) {
  if (tag == kLoadTag) {
    ObserveLoad(ctx);
    ctx.SetTimer(options_.load_window_ns, kLoadTag);
  } else if (tag == kMigrateTag) {
    StartMigration(ctx);
  } else if (tag == kAddShardTag) {
    PlanTopologyChange(ctx);
  } else if (tag == kSplitTag) {
    PlanSplit(ctx);
  } else if (tag == kRemoveShardTag) {
    PlanRemoval(ctx);
  } else if (tag == kGateResendTag) {
    ResendGateMessages(ctx);
  } else if (auto it = calls_.find(tag); it != calls_.end()) {
    // A silent believed leader is suspect: later calls try the next member (a definite
    // fail there hints back if it still leads).
    const std::vector<EndpointId> m = options_.Members(it->second.shard);
    EndpointId& leader = leaders_[it->second.shard];
    if (leader == it->second.sent_to) {
      auto pos = std::find(m.begin(), m.end(), leader);
      leader = pos == m.end() || pos + 1 == m.end() ? m.front() : *(pos + 1);
    }
    FinishCall(tag, std::nullopt);  // no reply in time: unknown, never retried here
  }
}

// --- Load ------------------------------------------------------------------------------------

void RouterNode::ObserveLoad(Context& ctx) {
  const int shards = placement_->shard_count();
  std::vector<int64_t> window;
  for (int s = 0; s < shards && s < static_cast<int>(load_.size()); ++s) {
    ShardLoad& load = load_[s];
    window.push_back(load.requests);
    int64_t hot_key = -1;
    int64_t hot = 0;
    for (const auto& [key, n] : load.per_key) {
      if (n > hot) {
        hot_key = key;
        hot = n;
      }
    }
    sim::Observation o{
        .f = "load",
        .key = Value::Str(absl::StrCat("shard", s)),
        .value = Value::Int(load.requests),
        .detail = {{"window_ns", Value::Int(options_.load_window_ns)},
                   {"keys", Value::Int(static_cast<int64_t>(load.per_key.size()))},
                   {"hot_key", Value::Str(hot_key < 0 ? "" : absl::StrCat("k", hot_key))},
                   {"hot_key_requests", Value::Int(hot)}}};
    if (options_.has_directory()) {
      // Router-wide, not per shard: a miss has no shard until the directory answers.
      o.detail.emplace_back("directory_misses", Value::Int(dir_misses_));
      o.detail.emplace_back("directory_unavailable", Value::Int(dir_unavailable_));
    }
    ctx.Observe(std::move(o));
    load = ShardLoad{};
  }
  dir_misses_ = 0;
  dir_unavailable_ = 0;
  // Max over mean of the window's per-shard requests, in thousandths (1000 = even).
  ctx.Observe({.f = "imbalance",
               .key = Value::Str(absl::StrCat("n", ctx.self() + 1)),
               .value = Value::Int(static_cast<int64_t>(Imbalance(window) * 1000)),
               .detail = {{"shards", Value::Int(shards)}}});
}

// --- Roles, describe -------------------------------------------------------------------------

void RouterNode::AppendRoles(std::vector<std::string>& roles) const { roles.push_back("router"); }

std::string RouterNode::Describe() const {
  return absl::StrCat(placement_ ? placement_->Describe() : "", " overrides=", overrides_.size(),
                      " route_version=", route_version_, " relayed=", relayed_,
                      " in_flight_calls=", calls_.size(), " unknown_keys=", unknown_keys_,
                      " migrations=", migrations_done_, "/", migrations_started_,
                      multi_ok_ + multi_failed_ + multi_silent_ == 0
                          ? ""
                          : absl::StrCat(" multi_key_ops ok=", multi_ok_, " failed=", multi_failed_,
                                         " unanswered=", multi_silent_),
                      active_ ? absl::StrCat(" active: ", active_->Describe()) : "");
}

}  // namespace faultline::models::shard
