#include "models/lock/lock_server_node.h"

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

constexpr uint64_t kLoadTag = 1;

// The disk record of a lock's last token: "lock.token/<key as JSON>".
std::string TokenRecord(const Value& key) { return absl::StrCat("lock.token/", key.ToJson()); }

std::string KeyText(const Value& key) { return key.is_string() ? key.as_string() : key.ToJson(); }

}  // namespace

void LockServerNode::OnStart(sim::Context& ctx) {
  // Tokens survive a restart (they were synced at each grant); the keys do not: a Redis
  // without persistence comes back empty, which is one more way to grant a lock twice.
  ScheduleLoad(ctx);
}

void LockServerNode::ScheduleLoad(sim::Context& ctx) {
  if (options_.load_interval_ns > 0) ctx.SetTimer(options_.load_interval_ns, kLoadTag);
}

void LockServerNode::OnTimer(sim::TimerId /*id*/, uint64_t tag, sim::Context& ctx) {
  if (tag != kLoadTag) return;
  const sim::CpuLoad load = ctx.cpu_load();
  ctx.Observe({.f = "load",
               .key = Value(),
               .value = Value::Int(load.queued),
               .detail = {{"in_service", Value::Int(load.in_service)},
                          {"served", Value::Int(static_cast<int64_t>(load.served))},
                          {"busy_ns", Value::Int(load.busy_ns)}}});
  ScheduleLoad(ctx);
}

void LockServerNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("lock");
}

std::string LockServerNode::Describe() const {
  return absl::StrCat("lock server grants=", grants_, " refusals=", refusals_);
}

std::optional<std::string> LockServerNode::HolderAt(const Value& key, sim::Nanos now_ns) const {
  auto it = keys_.find(key);
  if (it == keys_.end() || !it->second.present || it->second.expires_ns <= now_ns) {
    return std::nullopt;
  }
  return it->second.owner;
}

int64_t LockServerNode::LastToken(const Value& key) const {
  auto it = tokens_.find(key);
  return it == tokens_.end() ? 0 : it->second;
}

int64_t LockServerNode::BumpToken(const Value& key, sim::Context& ctx) {
  auto it = tokens_.find(key);
  if (it == tokens_.end()) {
    const std::optional<Value> stored = ctx.disk().Get(TokenRecord(key));
    it = tokens_.emplace(key, stored ? stored->int_or(0) : 0).first;
  }
  const int64_t token = ++it->second;
  ctx.disk().Put(TokenRecord(key), Value::Int(token));
  ctx.disk().Sync();
  return token;
}

void LockServerNode::Handle(sim::EndpointId from, const LockCommand& c, sim::Context& ctx) {
  const sim::Nanos now = ctx.LocalNow();
  Key& k = keys_[c.key];
  if (k.present && k.expires_ns > now) {
    ++refusals_;
    ctx.Send(from, LockReply{.attempt = c.attempt, .key = c.key, .granted = false, .token = 0});
    return;
  }
  // Free, or present but past its TTL on this clock: the previous owner never released it.
  const bool expired = k.present;
  k = Key{.present = true, .owner = c.owner, .op = c.op, .expires_ns = now + c.ttl_ns};
  const int64_t token = BumpToken(c.key, ctx);
  ++grants_;
  std::string& last = last_owner_[c.key];
  Value previous = last.empty() ? Value() : Value::Str(last);
  ctx.Observe({.f = "grant",
               .key = c.key,
               .value = Value::Int(token),
               .detail = {{"owner", Value::Str(c.owner)},
                          {"ttl_ns", Value::Int(c.ttl_ns)},
                          {"previous", previous},
                          {"previous_expired", Value::Int(expired ? 1 : 0)}}});
  if (expired) {
    ctx.Note(absl::StrCat("grant ", KeyText(c.key), " to ", c.owner, " token ", token, ": ",
                          last, "'s key expired on this clock, never released"));
  }
  last = c.owner;
  ctx.Send(from, LockReply{.attempt = c.attempt, .key = c.key, .granted = true, .token = token});
}

void LockServerNode::Handle(sim::EndpointId from, const UnlockCommand& c, sim::Context& ctx) {
  auto it = keys_.find(c.key);
  const bool deleted = it != keys_.end() && it->second.present &&
                       it->second.expires_ns > ctx.LocalNow() && it->second.owner == c.owner &&
                       it->second.op == c.op;
  if (deleted) it->second.present = false;
  ctx.Send(from, UnlockReply{.key = c.key, .deleted = deleted});
}

}  // namespace faultline::models
