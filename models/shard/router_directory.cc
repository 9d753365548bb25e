// RouterNode's directory strategy: key -> shard assignments kept in the replicated group
// "dir" (a kv store: key "k7" -> Int(shard)), looked up on a cache miss.
#include <utility>

#include "absl/strings/str_cat.h"
#include "models/shard/router_node.h"

namespace faultline::models::shard {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Value;

namespace {
// Reads and cas attempts of one lookup before its waiting requests fail.
constexpr int kDirAttemptsMax = 3;
}  // namespace

void RouterNode::LookUp(EndpointId client, const ClientRequest& req, int64_t key, Context& ctx) {
  auto& waiting = dir_waiting_[key];
  waiting.emplace_back(client, req);
  ++dir_misses_;
  if (waiting.size() == 1) ReadDirectory(key, 0, ctx);  // else one lookup is on its way
}

void RouterNode::ReadDirectory(int64_t key, int attempt, Context& ctx) {
  Context* c = &ctx;
  ShardCall(
      options_.dir_group(), "read", key, Value(),
      [this, key, attempt, c](const std::optional<ClientReply>& r) {
        if (!r || !r->ok) {
          if (attempt + 1 < kDirAttemptsMax) return ReadDirectory(key, attempt + 1, *c);
          return LookedUp(key, std::nullopt, *c);
        }
        if (r->value.is_int()) return LookedUp(key, static_cast<int>(r->value.int_or(0)), *c);
        AssignInDirectory(key, attempt, *c);
      },
      ctx);
}

void RouterNode::AssignInDirectory(int64_t key, int attempt, Context& ctx) {
  const int shard = LeastLoadedShard();
  Context* c = &ctx;
  // cas nil -> shard: of two routers assigning the key at once, one wins and the other
  // reads the winner's choice.
  ShardCall(
      options_.dir_group(), "cas", key, Value::List({Value(), Value::Int(shard)}),
      [this, key, shard, attempt, c](const std::optional<ClientReply>& r) {
        if (r && r->ok) return LookedUp(key, shard, *c);
        if (r && r->value.is_int()) {
          return LookedUp(key, static_cast<int>(r->value.int_or(0)), *c);
        }
        if (attempt + 1 < kDirAttemptsMax) return ReadDirectory(key, attempt + 1, *c);
        LookedUp(key, std::nullopt, *c);
      },
      ctx);
}

void RouterNode::LookedUp(int64_t key, std::optional<int> shard, Context& ctx) {
  std::vector<std::pair<EndpointId, ClientRequest>> waiting = std::move(dir_waiting_[key]);
  dir_waiting_.erase(key);
  if (shard && (*shard < 0 || *shard >= placement_->shard_count())) {
    ctx.Note(absl::StrCat("directory names shard ", *shard, " for k", key,
                          ", which does not exist; failing its requests"));
    shard.reset();
  }
  if (!shard) {
    dir_unavailable_ += static_cast<int64_t>(waiting.size());
    // Never forwarded to a shard: a definite fail.
    for (const auto& [client, req] : waiting) Reject(client, req, ctx);
    return;
  }
  dir_cache_[key] = *shard;
  for (const auto& [client, req] : waiting) Handle(client, req, ctx);
}

int RouterNode::LeastLoadedShard() const {
  int best = 0;
  int64_t best_load = -1;
  for (int s = 0; s < placement_->shard_count(); ++s) {
    auto it = routed_total_.find(s);
    const int64_t load = it == routed_total_.end() ? 0 : it->second;
    if (best_load < 0 || load < best_load) {
      best = s;
      best_load = load;
    }
  }
  return best;
}

}  // namespace faultline::models::shard
