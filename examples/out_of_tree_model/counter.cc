#include "counter.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"

namespace example {
namespace {

constexpr uint64_t kSyncTimer = 1;  // the timer tag of the buggy leader's periodic sync
constexpr char kTotalKey[] = "total";

class CounterModel : public sim::Model {
 public:
  explicit CounterModel(const CounterOptions& options) : options_(options) {}
  // Called at start and at every restart: a fresh object, so volatile state is gone.
  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId /*node*/) override {
    return std::make_unique<CounterNode>(options_);
  }

 private:
  const CounterOptions options_;
};

}  // namespace

void CounterNode::OnStart(sim::Context& ctx) {
  leader_ = ctx.members().front();
  is_leader_ = ctx.self() == leader_;
  if (!is_leader_) return;  // a follower learns the total from the next replicate
  // What survived a crash: the total as of the last Sync().
  if (std::optional<sim::Value> total = ctx.disk().Get(kTotalKey)) total_ = total->as_int();
  ctx.Note(absl::StrCat("leader starts with total ", total_, " from disk"));
  if (options_.ack_before_sync) ctx.SetTimer(options_.sync_interval_ns, kSyncTimer);
}

void CounterNode::OnTimer(sim::TimerId /*id*/, uint64_t tag, sim::Context& ctx) {
  if (tag != kSyncTimer) return;
  ctx.disk().Sync();
  ctx.SetTimer(options_.sync_interval_ns, kSyncTimer);
}

void CounterNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back(is_leader_ ? "leader" : "follower");
}

std::string CounterNode::Describe() const {
  return absl::StrCat(is_leader_ ? "leader" : "follower", " total=", total_);
}

void CounterNode::Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
  if (req.f == "read" && (is_leader_ || options_.reads_any)) {
    ctx.Send(from, sim::ClientReply::Ok(req, sim::Value::Int(total_)));
  } else if (req.f == "add" && is_leader_ && req.value.is_int()) {
    Add(from, req, ctx);
  } else {
    // Definitely not applied; the hint sends the client to the leader.
    ctx.Send(from, sim::ClientReply::Fail(req, /*leader=*/leader_));
  }
}

void CounterNode::Add(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx) {
  total_ += req.value.as_int();
  ctx.disk().Put(kTotalKey, sim::Value::Int(total_));
  // The fix for the planted bug: make the total durable before saying ok.
  if (!options_.ack_before_sync) ctx.disk().Sync();
  for (sim::EndpointId peer : ctx.members()) {
    if (peer != ctx.self()) ctx.Send(peer, Replicate{.total = total_});
  }
  ctx.Send(client, sim::ClientReply::Ok(req));
}

void CounterNode::Handle(sim::EndpointId /*from*/, const Replicate& msg, sim::Context& /*ctx*/) {
  // Adds are positive, so a higher total is a newer one: a late or duplicated replicate
  // never moves a follower back.
  if (msg.total > total_) total_ = msg.total;
}

sim::ModelInfo CounterModelInfo() {
  using sim::ModelParam;
  sim::ModelInfo info;
  info.name = "example.counter";
  info.summary = "a counter: n1 leads, applies adds, replicates the total (out-of-tree example)";
  info.min_nodes = 1;
  info.params = {
      ModelParam{.name = "bug",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "none",
                 .choices = {"none", "ack-before-sync"},
                 .help = "ack-before-sync: the leader answers an add before its disk has the "
                         "total and syncs every sync_interval, so a leader crash loses "
                         "acknowledged adds"},
      ModelParam{.name = "sync_interval",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "100ms",
                 .choices = {},
                 .help = "with bug: ack-before-sync, how often the leader syncs its disk; at "
                         "least 1ms",
                 .min = sim::kMillisecond},
      ModelParam{.name = "reads",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "leader",
                 .choices = {"leader", "any"},
                 .help = "leader: only n1 answers reads; any: every node answers from its "
                         "own copy (reads can be stale)"},
  };
  info.workloads = {CounterWorkloadInfo()};
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    // Every type the nodes send must be registered: AddHandledBy takes CounterNode's
    // NodeOf list (ClientRequest, Replicate).
    kinds.AddHandledBy<CounterNode>();
    CounterOptions options;
    // The loader validated every value and filled in the defaults.
    options.ack_before_sync = config.choices.at("bug") == "ack-before-sync";
    options.sync_interval_ns = std::max(config.durations.at("sync_interval"), sim::kMillisecond);
    options.reads_any = config.choices.at("reads") == "any";
    return std::unique_ptr<sim::Model>(new CounterModel(options));
  };
  return info;
}

}  // namespace example
