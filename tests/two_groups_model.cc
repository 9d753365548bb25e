#include "tests/two_groups_model.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/composite_model.h"
#include "sim/node.h"

namespace faultline::testing {
namespace {

using sim::Context;
using sim::EndpointId;

struct Ping {
  static constexpr std::string_view kKind = "ping";
  int64_t count = 0;
  template <class V>
  void Fields(V& v) {
    v("count", count);
  }
};

class TickerNode : public sim::NodeOf<TickerNode, Ping> {
 public:
  explicit TickerNode(Nanos period_ns) : period_ns_(period_ns) {}

  void OnStart(Context& ctx) override {
    leader_ = ctx.members().front() == ctx.self();
    count_ = ctx.disk().Get("count").value_or(sim::Value::Int(0)).int_or(0);
    if (count_ > 0) ctx.Note(absl::StrCat("restored count=", count_));
    timer_ = ctx.SetTimer(period_ns_, kTickTag);
  }
  void OnTimer(sim::TimerId id, uint64_t tag, Context& ctx) override {
    // A host that hands this node another group's timer shows here.
    if (id != timer_ || tag != kTickTag) ++misrouted_;
    ++count_;
    ctx.disk().Put("count", sim::Value::Int(count_));
    ctx.disk().Sync();
    ctx.Send(Next(ctx), Ping{count_});
    timer_ = ctx.SetTimer(period_ns_, kTickTag);
  }
  void Handle(EndpointId from, const Ping& /*ping*/, Context& ctx) {
    const std::vector<EndpointId>& m = ctx.members();
    if (!std::binary_search(m.begin(), m.end(), from)) ++foreign_;
    ++received_;
  }
  void AppendRoles(std::vector<std::string>& roles) const override {
    roles.push_back(leader_ ? "leader" : "member");
  }
  std::string Describe() const override {
    return absl::StrCat("count=", count_, " received=", received_, " misrouted=", misrouted_,
                        " foreign=", foreign_);
  }

 private:
  static constexpr uint64_t kTickTag = 7;

  // The member after this node, in ring order.
  static EndpointId Next(const Context& ctx) {
    const std::vector<EndpointId>& m = ctx.members();
    auto it = std::upper_bound(m.begin(), m.end(), ctx.self());
    return it == m.end() ? m.front() : *it;
  }

  Nanos period_ns_;
  bool leader_ = false;
  int64_t count_ = 0;
  int64_t received_ = 0;
  int64_t misrouted_ = 0;
  int64_t foreign_ = 0;
  sim::TimerId timer_ = 0;
};

class TickerModel : public sim::Model {
 public:
  explicit TickerModel(Nanos period_ns) : period_ns_(period_ns) {}
  std::unique_ptr<sim::Node> CreateNode(EndpointId) override {
    return std::make_unique<TickerNode>(period_ns_);
  }

 private:
  Nanos period_ns_;
};

// The ticker's create function, as any model's: it knows nothing of namespaces.
std::unique_ptr<sim::Model> CreateTicker(const sim::ModelConfig& config, sim::MessageKinds& kinds) {
  kinds.AddHandledBy<TickerNode>();
  return std::make_unique<TickerModel>(config.durations.at("period"));
}

sim::ModelConfig TickerConfig(Nanos period_ns) {
  sim::ModelConfig config;
  config.durations["period"] = period_ns;
  return config;
}

}  // namespace

void RegisterTwoGroupsModels(sim::ModelRegistry& registry) {
  sim::ModelInfo ticker;
  ticker.name = "test.ticker";
  ticker.summary = "counts ticks on disk and pings the next member";
  ticker.params = {{"period", sim::ModelParam::Type::kDuration, "100ms", {}, "tick interval"}};
  ticker.create = CreateTicker;
  registry.Add(ticker);

  sim::ModelInfo two;
  two.name = "test.two-groups";
  two.summary = "test.ticker on {n1,n2,n3} as 'a' and on {n2,n3,n4} as 'b'";
  two.min_nodes = 4;
  two.create = [](const sim::ModelConfig&, sim::MessageKinds& kinds) {
    auto model = std::make_unique<sim::CompositeModel>(kinds);
    model->AddGroup("a", {0, 1, 2}, [](sim::MessageKinds& k) {
      return CreateTicker(TickerConfig(100 * kMillisecond), k);
    });
    model->AddGroup("b", {1, 2, 3}, [](sim::MessageKinds& k) {
      return CreateTicker(TickerConfig(150 * kMillisecond), k);
    });
    return std::unique_ptr<sim::Model>(std::move(model));
  };
  registry.Add(two);

  sim::ModelInfo nested;
  nested.name = "test.nested-groups";
  nested.summary = "a composite in a group: test.ticker as 'a/x' on {n1,n2}, 'a/y' on {n2,n3}";
  nested.min_nodes = 3;
  nested.create = [](const sim::ModelConfig&, sim::MessageKinds& kinds) {
    auto model = std::make_unique<sim::CompositeModel>(kinds);
    model->AddGroup("a", {0, 1, 2}, [](sim::MessageKinds& k) {
      auto inner = std::make_unique<sim::CompositeModel>(k);
      inner->AddGroup("x", {0, 1}, [](sim::MessageKinds& kk) {
        return CreateTicker(TickerConfig(100 * kMillisecond), kk);
      });
      inner->AddGroup("y", {1, 2}, [](sim::MessageKinds& kk) {
        return CreateTicker(TickerConfig(150 * kMillisecond), kk);
      });
      return std::unique_ptr<sim::Model>(std::move(inner));
    });
    return std::unique_ptr<sim::Model>(std::move(model));
  };
  registry.Add(nested);
}

}  // namespace faultline::testing
