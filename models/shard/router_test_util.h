// Test-only: a RouterNode's world on FakeContexts: two Raft shards that answer forwards
// from a map, the forwards a router sent, and a migration of k0..k3 ready to run. Shared
// by router_node_test.cc (routing, load, directory, config) and router_migration_test.cc
// (the six phases, gates and switches, topology changes).
#ifndef FAULTLINE_MODELS_SHARD_ROUTER_TEST_UTIL_H_
#define FAULTLINE_MODELS_SHARD_ROUTER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/shard/router_node.h"
#include "models/shard/shard_options.h"
#include "models/testing/fake_context.h"

namespace faultline::models::shard::router_test {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Value;
using testing::FakeContext;

constexpr int kShardSpace0 = 5;  // group spaces as create would fill them: shard0 -> 5, ...

inline ShardOptions TwoShards() {
  ShardOptions o;
  o.routers = 1;
  o.shards = 2;
  o.replicas = 3;  // shard0 = n2..n4 (ids 1..3), shard1 = ids 4..6
  o.keys = 10;
  o.group_spaces = {kShardSpace0, kShardSpace0 + 1};
  return o;
}

// The forwards sent to shard groups since `from` (index into ctx.sent).
struct ShardForward {
  size_t index;
  sim::EndpointId to;
  int shard;
  ClientRequest req;
};
inline std::vector<ShardForward> ShardForwardsSince(const FakeContext& ctx, size_t from) {
  std::vector<ShardForward> out;
  for (size_t i = from; i < ctx.sent.size(); ++i) {
    const FakeContext::Sent& s = ctx.sent[i];
    if (s.space == 0) continue;
    if (const ClientRequest* r = s.body.As<ClientRequest>()) {
      out.push_back({i, s.to, s.space - kShardSpace0, *r});
    }
  }
  return out;
}

// Answers every forward as a one-node-per-shard store would, except ops in `silent`,
// until nothing new is sent. Returns the stores.
struct FakeShards {
  std::map<int, std::map<std::string, Value>> store;
  std::set<uint64_t> silent;
  size_t seen = 0;

  void Pump(RouterNode& router, FakeContext& ctx) {
    while (seen < ctx.sent.size()) {
      const size_t end = ctx.sent.size();
      std::vector<ShardForward> fwd = ShardForwardsSince(ctx, seen);
      seen = end;
      for (const ShardForward& f : fwd) {
        if (silent.count(f.req.op) > 0) continue;
        std::map<std::string, Value>& s = store[f.shard];
        const std::string key = f.req.key.as_string();
        ClientReply reply = ClientReply::Ok(f.req, Value(), f.to);
        if (f.req.f == "read") reply.value = s[key];
        if (f.req.f == "write") s[key] = f.req.value;
        if (f.req.f == "cas") {
          const std::vector<Value>& arg = f.req.value.as_list();
          if (s[key] == arg[0]) {
            s[key] = arg[1];
          } else {
            reply = ClientReply::Fail(f.req, f.to, s[key]);
          }
        }
        router.OnMessage(FakeContext::From(f.to, reply), ctx);
      }
    }
  }
};

inline ClientRequest ShardReq(uint64_t op, std::string f, std::string key, Value value = {}) {
  return ClientRequest{
      .op = op, .f = std::move(f), .key = Value::Str(std::move(key)), .value = std::move(value)};
}

struct MigrationRun {
  ShardOptions options = TwoShards();
  std::unique_ptr<RouterNode> router;
  FakeContext ctx{0, 7};
  FakeShards shards;
  int from = 0;

  explicit MigrationRun(bool gating) {
    RouterNode probe(options);
    FakeContext probe_ctx(0, 7);
    probe.OnStart(probe_ctx);
    from = probe.ShardFor(0);
    options.migrate_at_ns = sim::kSecond / 2;
    options.migrate_first = 0;
    options.migrate_last = 3;
    options.migrate_to = 1 - from;
    options.gating = gating;
    options.load_window_ns = 3600 * sim::kSecond;
    router = std::make_unique<RouterNode>(options);
    router->OnStart(ctx);
  }
  std::vector<std::string> Phases() const {
    std::vector<std::string> out;
    for (const sim::Observation& o : ctx.observations) {
      if (o.f == "phase") out.push_back(o.value.as_string());
    }
    return out;
  }
};

// The shard of each key index in [0, options.keys) as `router` routes it now.
inline std::vector<int> RoutesOf(const RouterNode& router, const ShardOptions& options) {
  std::vector<int> out;
  for (int64_t k = 0; k < options.keys; ++k) out.push_back(router.ShardFor(k));
  return out;
}

// Crashes the router, restarts it a second later from what its disk kept, and expects it
// to route every key as `before` (RoutesOf before the crash).
inline void ExpectRoutesSurviveRestart(std::unique_ptr<RouterNode>& router,
                                       const ShardOptions& options, FakeContext& ctx,
                                       const std::vector<int>& before) {
  ctx.Crash();
  ctx.now_ns += sim::kSecond;
  router = std::make_unique<RouterNode>(options);
  router->OnStart(ctx);
  const std::vector<int> after = RoutesOf(*router, options);
  for (size_t k = 0; k < before.size(); ++k) EXPECT_EQ(after[k], before[k]) << "k" << k;
}

}  // namespace faultline::models::shard::router_test

#endif  // FAULTLINE_MODELS_SHARD_ROUTER_TEST_UTIL_H_
