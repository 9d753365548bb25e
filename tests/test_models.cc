#include "tests/test_models.h"

#include <map>
#include <string>
#include <vector>

#include "models/kv/kv_workload.h"
#include "sim/node.h"

namespace faultline::testing {
namespace {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Value;

struct Gossip {
  static constexpr std::string_view kKind = "gossip";
  int64_t hops = 0;
  template <class V>
  void Fields(V& v) {
    v("hops", hops);
  }
};

class GossipNode : public sim::NodeOf<GossipNode, Gossip, ClientRequest> {
 public:
  GossipNode(int fanout, int hops) : fanout_(fanout), hops_(hops) {}
  void OnStart(Context& ctx) override {
    for (int i = 0; i < fanout_; ++i) SendRandom(ctx, hops_);
  }
  void Handle(EndpointId /*from*/, const Gossip& msg, Context& ctx) {
    if (msg.hops > 0) SendRandom(ctx, msg.hops - 1);
  }
  // Gossip serves no client: requests go unanswered, so clients record info.
  void Handle(EndpointId /*from*/, const ClientRequest& /*req*/, Context& /*ctx*/) {}

 private:
  void SendRandom(Context& ctx, int64_t hops) {
    if (ctx.node_count() < 2) return;
    EndpointId to = static_cast<EndpointId>(ctx.rng().Below(ctx.node_count() - 1));
    if (to >= ctx.self()) ++to;
    ctx.Send(to, Gossip{hops});
  }
  int fanout_;
  int hops_;
};

class GossipModel : public sim::Model {
 public:
  explicit GossipModel(const sim::ModelConfig& config)
      : fanout_(static_cast<int>(config.integers.at("fanout"))),
        hops_(static_cast<int>(config.integers.at("hops"))) {}
  std::unique_ptr<sim::Node> CreateNode(EndpointId) override {
    return std::make_unique<GossipNode>(fanout_, hops_);
  }

 private:
  int fanout_, hops_;
};

// Nondeterministic on purpose, for the determinism sentinel's test: each model built in
// this process forwards one hop more or less than the one before (a process-wide counter,
// the kind of state that leaks between runs), so a rerun gives another trace hash.
int LeakyExtraHop() {
  static int runs = 0;
  return runs++ % 2;
}

class EchoNode : public sim::NodeOf<EchoNode, ClientRequest> {
 public:
  void OnStart(Context&) override {}
  void Handle(EndpointId from, const ClientRequest& req, Context& ctx) {
    if (req.f == "write") store_[req.key] = req.value;
    auto it = store_.find(req.key);
    ctx.Send(from, ClientReply::Ok(req, it == store_.end() ? Value() : it->second));
  }
  void AppendRoles(std::vector<std::string>& roles) const override { roles.push_back("leader"); }

 private:
  std::map<Value, Value> store_;
};

class EchoModel : public sim::Model {
 public:
  std::unique_ptr<sim::Node> CreateNode(EndpointId) override {
    return std::make_unique<EchoNode>();
  }
};

}  // namespace

void RegisterTestModels(sim::ModelRegistry& registry) {
  sim::ModelInfo gossip;
  gossip.name = "test.gossip";
  gossip.summary = "bounded random gossip, for simulator tests";
  gossip.params = {{"fanout", sim::ModelParam::Type::kInteger, "3", {}, "messages per node"},
                   {"hops", sim::ModelParam::Type::kInteger, "4", {}, "forwards per message"}};
  gossip.workloads = {models::KvWorkloadInfo()};
  gossip.create = [](const sim::ModelConfig& c, sim::MessageKinds& k) {
    k.AddHandledBy<GossipNode>();
    return std::unique_ptr<sim::Model>(new GossipModel(c));
  };
  registry.Add(gossip);

  sim::ModelInfo leaky = gossip;
  leaky.name = "test.leaky-gossip";
  leaky.summary = "gossip that leaks state between runs in one process (nondeterministic)";
  leaky.create = [](const sim::ModelConfig& c, sim::MessageKinds& k) {
    k.AddHandledBy<GossipNode>();
    sim::ModelConfig changed = c;
    changed.integers["hops"] += LeakyExtraHop();
    return std::unique_ptr<sim::Model>(new GossipModel(changed));
  };
  registry.Add(leaky);

  sim::ModelInfo echo;
  echo.name = "test.echo";
  echo.summary = "answers every op at once; a register per key per node";
  echo.workloads = {models::KvWorkloadInfo()};
  echo.create = [](const sim::ModelConfig&, sim::MessageKinds&) {
    return std::unique_ptr<sim::Model>(new EchoModel());
  };
  registry.Add(echo);
}

sim::ScenarioSpec GossipScenario(int nodes) {
  sim::ScenarioSpec spec;
  spec.name = "gossip";
  spec.cluster.model = "test.gossip";
  spec.cluster.nodes = nodes;
  spec.duration_ns = 5 * sim::kSecond;
  spec.recovery_ns = 0;
  spec.workload.clients = 0;
  spec.workload.final_reads = false;
  return spec;
}

}  // namespace faultline::testing
