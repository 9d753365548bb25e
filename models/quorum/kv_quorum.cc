#include "models/quorum/kv_quorum.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "models/kv/kv_workload.h"
#include "models/quorum/quorum_node.h"

namespace faultline::models {
namespace {

using sim::ModelParam;
using sim::ParamOr;

constexpr int64_t kReplicasMax = 64;  // the scenario format's node limit

class QuorumModel : public sim::Model {
 public:
  explicit QuorumModel(QuorumOptions options) : options_(options) {}

  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId /*node*/) override {
    return std::make_unique<QuorumNode>(options_);
  }

 private:
  const QuorumOptions options_;
};

std::string Choice(const sim::ModelConfig& config, const std::string& name,
                   const std::string& fallback) {
  auto it = config.choices.find(name);
  return it == config.choices.end() ? fallback : it->second;
}

// The kv workload without cas: a leaderless store has no single place to make a
// read-modify-write atomic, so kv.quorum does not offer it (a scenario asking for cas is
// refused by the loader, naming the ops it issues).
sim::WorkloadInfo QuorumKvWorkloadInfo() {
  sim::WorkloadInfo info = KvWorkloadInfo();
  info.summary = "read / write on keys k0..kN (no cas); final reads of every key";
  std::erase(info.functions, std::string("cas"));
  std::erase_if(info.default_ops, [](const auto& op) { return op.first == "cas"; });
  return info;
}

std::vector<ModelParam> QuorumParams() {
  auto integer = [](std::string name, std::string def, std::string help) {
    return ModelParam{.name = std::move(name),
                      .type = ModelParam::Type::kInteger,
                      .default_value = std::move(def),
                      .choices = {},
                      .help = std::move(help),
                      .min = 1,
                      .max = kReplicasMax};
  };
  auto choice = [](std::string name, std::string def, std::vector<std::string> choices,
                   std::string help) {
    return ModelParam{.name = std::move(name),
                      .type = ModelParam::Type::kChoice,
                      .default_value = std::move(def),
                      .choices = std::move(choices),
                      .help = std::move(help)};
  };
  auto duration = [](std::string name, std::string def, int64_t min, std::string help) {
    return ModelParam{.name = std::move(name),
                      .type = ModelParam::Type::kDuration,
                      .default_value = std::move(def),
                      .choices = {},
                      .help = std::move(help),
                      .min = min};
  };
  return {
      integer("n", "3",
              "replicas per key: the first n distinct nodes clockwise from the "
              "key on a consistent-hash ring (at most the node count)"),
      integer("r", "2",
              "get replies a coordinator waits for before it answers a read "
              "(1 to n); r + w > n makes read and write quorums overlap"),
      integer("w", "2",
              "put acks a coordinator waits for before it acknowledges a write "
              "(1 to n)"),
      choice("versions", "lww", {"lww", "vector"},
             "lww: the newest (coordinator's local clock, node id) wins, so clock skew "
             "silently drops acknowledged writes; vector: vector clocks keep concurrent "
             "writes as siblings, and a read returns them all (a sorted list)"),
      choice("read_repair", "on", {"on", "off"},
             "on: after answering a read, send the newest versions to the replicas whose "
             "replies were stale (late replies too, until request_timeout)"),
      choice("hinted_handoff", "off", {"on", "off"},
             "on: sloppy quorum: a replica silent for handoff_timeout is stood in for by "
             "the next node on the ring, which keeps the write as a hint and hands it "
             "off later; its ack counts toward w. off: strict quorum over the n replicas"),
      duration("handoff_timeout", "50ms", sim::kMillisecond,
               "with hinted_handoff: how long a coordinator waits for a replica before "
               "sending its request to a stand-in (a replica it suspects gets one at once)"),
      duration("hint_retry", "100ms", sim::kMillisecond,
               "with hinted_handoff: how often a stand-in retries handing its hints off"),
      duration("anti_entropy", "0s", 0,
               "interval between one node's anti-entropy rounds with the next other node "
               "(round robin); 0s: off, else at least 1ms"),
      choice("anti_entropy_mode", "merkle", {"merkle", "full-sync"},
             "merkle: exchange a 16-leaf hash tree over the shared keys and send only the "
             "differing buckets' keys; full-sync: send every shared (key, versions) pair"),
      duration("request_timeout", "500ms", sim::kMillisecond,
               "how long a coordinator waits for r replies (w acks): a read still short "
               "answers fail; a write still short is left unanswered, since some replica "
               "may have applied it (the client records info)"),
      choice("bug", "none", {"none", "no-version-compare"},
             "planted bug; no-version-compare: replicas keep whatever arrives last and "
             "coordinators return the first reply, whatever its version"),
  };
}

}  // namespace

std::optional<std::string> CheckQuorumConfig(const sim::ModelConfig& config) {
  const int64_t n = ParamOr(config.integers, "n", int64_t{3});
  if (n > config.node_count) {
    return absl::StrCat("n is ", n, " but the cluster has ", config.node_count,
                        config.node_count == 1 ? " node" : " nodes", "; set n to at most ",
                        config.node_count, " or cluster.nodes to at least ", n);
  }
  for (const char* name : {"r", "w"}) {
    const int64_t v = ParamOr(config.integers, name, int64_t{2});
    if (v > n) {
      return absl::StrCat(name, " is ", v, " but n is ", n, "; set ", name, " to at most ", n,
                          " (a quorum is counted among the n replicas)");
    }
  }
  // 0s is off; any other period schedules work, so it must be at least 1ms (as the other
  // periods' minimum), or rounds would fire in a tight loop at one instant.
  const sim::Nanos anti_entropy = ParamOr(config.durations, "anti_entropy", sim::Nanos{0});
  if (anti_entropy != 0 && anti_entropy < sim::kMillisecond) {
    return absl::StrCat("anti_entropy is ", anti_entropy,
                        "ns; give 0s (off) or a period of at least 1ms");
  }
  return std::nullopt;
}

QuorumOptions QuorumOptionsFromConfig(const sim::ModelConfig& config) {
  QuorumOptions o;
  const int nodes = std::max(config.node_count, 1);
  o.n =
      static_cast<int>(std::clamp<int64_t>(ParamOr(config.integers, "n", int64_t{o.n}), 1, nodes));
  o.r = static_cast<int>(std::clamp<int64_t>(ParamOr(config.integers, "r", int64_t{o.r}), 1, o.n));
  o.w = static_cast<int>(std::clamp<int64_t>(ParamOr(config.integers, "w", int64_t{o.w}), 1, o.n));
  o.versions = Choice(config, "versions", "lww") == "vector" ? QuorumOptions::Versions::kVector
                                                             : QuorumOptions::Versions::kLww;
  o.read_repair = Choice(config, "read_repair", "on") == "on";
  o.hinted_handoff = Choice(config, "hinted_handoff", "off") == "on";
  // Non-positive periods would make timers spin at one instant; clamp to 1µs.
  o.handoff_timeout_ns = std::max(
      ParamOr(config.durations, "handoff_timeout", o.handoff_timeout_ns), sim::kMicrosecond);
  o.hint_retry_ns =
      std::max(ParamOr(config.durations, "hint_retry", o.hint_retry_ns), sim::kMicrosecond);
  o.anti_entropy_ns =
      std::max<sim::Nanos>(ParamOr(config.durations, "anti_entropy", sim::Nanos{0}), 0);
  o.anti_entropy_mode = Choice(config, "anti_entropy_mode", "merkle") == "full-sync"
                            ? QuorumOptions::AntiEntropyMode::kFullSync
                            : QuorumOptions::AntiEntropyMode::kMerkle;
  o.request_timeout_ns = std::max(
      ParamOr(config.durations, "request_timeout", o.request_timeout_ns), sim::kMicrosecond);
  o.bug_no_version_compare = Choice(config, "bug", "none") == "no-version-compare";
  return o;
}

sim::ModelInfo QuorumModelInfo() {
  sim::ModelInfo info;
  info.name = kQuorumName;
  info.summary =
      "leaderless key-value store (Dynamo-style): N replicas on a hash ring, R/W quorums, "
      "lww or vector clocks, read repair, hinted handoff, anti-entropy; no cas";
  info.params = QuorumParams();
  info.workloads = {QuorumKvWorkloadInfo()};
  info.min_nodes = 1;
  info.check_config = CheckQuorumConfig;
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    kinds.AddHandledBy<QuorumNode>();
    return std::unique_ptr<sim::Model>(new QuorumModel(QuorumOptionsFromConfig(config)));
  };
  return info;
}

}  // namespace faultline::models
