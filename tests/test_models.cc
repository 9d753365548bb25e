#include "tests/test_models.h"

#include <map>

namespace faultline::testing {
namespace {

using sim::Context;
using sim::EndpointId;
using sim::Fields;
using sim::Message;
using sim::MessageKind;

class GossipNode : public sim::Node {
 public:
  GossipNode(MessageKind kind, int fanout, int hops)
      : kind_(kind), fanout_(fanout), hops_(hops) {}
  void OnStart(Context& ctx) override {
    for (int i = 0; i < fanout_; ++i) SendRandom(ctx, hops_);
  }
  void OnMessage(const Message& msg, Context& ctx) override {
    if (msg.kind != kind_) return;
    if (msg.fields[0] > 0) SendRandom(ctx, msg.fields[0] - 1);
  }
  void OnTimer(sim::TimerId, uint64_t, Context&) override {}

 private:
  void SendRandom(Context& ctx, int64_t hops) {
    if (ctx.node_count() < 2) return;
    EndpointId to = static_cast<EndpointId>(ctx.rng().Below(ctx.node_count() - 1));
    if (to >= ctx.self()) ++to;
    ctx.Send(to, kind_, Fields{hops, 0, 0, 0, 0, 0});
  }
  MessageKind kind_;
  int fanout_;
  int hops_;
};

class GossipModel : public sim::Model {
 public:
  GossipModel(const sim::ModelConfig& config, sim::MessageKinds& kinds)
      : kind_(kinds.Register("gossip", {"hops", "unused"})),
        fanout_(static_cast<int>(config.integers.at("fanout"))),
        hops_(static_cast<int>(config.integers.at("hops"))) {}
  std::unique_ptr<sim::Node> CreateNode(EndpointId) override {
    return std::make_unique<GossipNode>(kind_, fanout_, hops_);
  }

 private:
  MessageKind kind_;
  int fanout_, hops_;
};

class EchoNode : public sim::Node {
 public:
  void OnStart(Context&) override {}
  void OnMessage(const Message& msg, Context& ctx) override {
    if (msg.kind != ctx.client_request_kind()) return;
    const auto f = static_cast<sim::OpFunction>(msg.fields[sim::client_msg::kF]);
    const int64_t key = msg.fields[sim::client_msg::kKey];
    if (f == sim::OpFunction::kWrite) store_[key] = msg.fields[sim::client_msg::kValue];
    auto it = store_.find(key);
    ctx.ReplyToClient(msg, sim::OpOutcome::kOk, it == store_.end() ? sim::kNil : it->second, -1);
  }
  void OnTimer(sim::TimerId, uint64_t, Context&) override {}
  bool IsLeader() const override { return true; }

 private:
  std::map<int64_t, int64_t> store_;
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
  gossip.functions = {sim::OpFunction::kRead};
  gossip.create = [](const sim::ModelConfig& c, sim::MessageKinds& k) {
    return std::unique_ptr<sim::Model>(new GossipModel(c, k));
  };
  registry.Add(gossip);

  sim::ModelInfo echo;
  echo.name = "test.echo";
  echo.summary = "answers every op at once; a register per key per node";
  echo.functions = {sim::OpFunction::kRead, sim::OpFunction::kWrite};
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
