#include "models/raft/kv_raft.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/kv/kv_workload.h"
#include "models/raft/raft_node.h"

namespace faultline::models {
namespace {

using sim::ModelParam;

constexpr int64_t kMaxBatchMax = 4096;

// Names of the `reads` and `bug` choices, in enum order.
const std::vector<std::pair<std::string, RaftOptions::Reads>> kReads = {
    {"log", RaftOptions::Reads::kLog},
    {"leader-read-index", RaftOptions::Reads::kLeaderReadIndex},
    {"leader-lease", RaftOptions::Reads::kLeaderLease},
    {"follower-read-index", RaftOptions::Reads::kFollowerReadIndex},
    {"follower-stale", RaftOptions::Reads::kFollowerStale},
};
const std::vector<std::pair<std::string, RaftOptions::Bug>> kBugs = {
    {"none", RaftOptions::Bug::kNone},
    {"commit-without-quorum", RaftOptions::Bug::kCommitWithoutQuorum},
    {"vote-twice", RaftOptions::Bug::kVoteTwice},
    {"commit-old-term", RaftOptions::Bug::kCommitOldTerm},
    {"stale-leader-read", RaftOptions::Bug::kStaleLeaderRead},
    {"no-fsync", RaftOptions::Bug::kNoFsync},
};

template <class E>
std::vector<std::string> Names(const std::vector<std::pair<std::string, E>>& table) {
  std::vector<std::string> names;
  for (const auto& [name, value] : table) names.push_back(name);
  return names;
}

template <class E>
E Decode(const sim::ModelConfig& config, const std::string& param,
         const std::vector<std::pair<std::string, E>>& table, E fallback) {
  auto it = config.choices.find(param);
  if (it == config.choices.end()) return fallback;
  for (const auto& [name, value] : table) {
    if (name == it->second) return value;
  }
  return fallback;
}

sim::Nanos Duration(const sim::ModelConfig& config, const std::string& param, sim::Nanos fallback) {
  auto it = config.durations.find(param);
  return it == config.durations.end() ? fallback : it->second;
}

class RaftModel : public sim::Model {
 public:
  explicit RaftModel(RaftOptions options) : options_(options) {}
  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId /*node*/) override {
    return std::make_unique<RaftNode>(options_);
  }

 private:
  const RaftOptions options_;
};

}  // namespace

RaftOptions RaftOptionsFromConfig(const sim::ModelConfig& config) {
  RaftOptions o;
  // Non-positive durations would make timers spin at one instant; clamp to 1µs.
  o.heartbeat_ns = std::max(Duration(config, "heartbeat", o.heartbeat_ns), sim::kMicrosecond);
  o.election_timeout_ns =
      std::max(Duration(config, "election_timeout", o.election_timeout_ns), sim::kMicrosecond);
  // 0s asks for the derived lease: 9/10 of the election timeout, integer arithmetic.
  const sim::Nanos lease_ns = Duration(config, "lease", 0);
  o.lease_ns = lease_ns > 0 ? lease_ns : o.election_timeout_ns / 10 * 9;
  auto batch = config.integers.find("max_batch");
  if (batch != config.integers.end())
    o.max_batch = std::clamp<int64_t>(batch->second, 1, kMaxBatchMax);
  auto pre_vote = config.choices.find("pre_vote");
  if (pre_vote != config.choices.end()) o.pre_vote = pre_vote->second == "on";
  o.reads = Decode(config, "reads", kReads, o.reads);
  o.bug = Decode(config, "bug", kBugs, o.bug);
  return o;
}

sim::ModelInfo RaftModelInfo() {
  sim::ModelInfo info;
  info.name = kRaftName;
  info.summary = "key-value store replicated by Raft (pre-vote, check-quorum, 5 read modes)";
  info.params = {
      ModelParam{.name = "heartbeat",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "50ms",
                 .choices = {},
                 .help = "interval of the leader's heartbeat rounds (AppendEntries to "
                         "every follower, with entries when it lags); at least 1ms",
                 .min = sim::kMillisecond},
      ModelParam{.name = "election_timeout",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "300ms",
                 .choices = {},
                 .help = "a follower that hears no leader for a time drawn from "
                         "[t, 2t) starts an election; a leader that hears no majority "
                         "for t steps down; a node that heard a leader within t refuses "
                         "votes; at least 1ms",
                 .min = sim::kMillisecond},
      ModelParam{.name = "max_batch",
                 .type = ModelParam::Type::kInteger,
                 .default_value = "64",
                 .choices = {},
                 .help = "most log entries in one AppendEntries (1 to 4096)",
                 .min = 1,
                 .max = kMaxBatchMax},
      ModelParam{.name = "pre_vote",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "on",
                 .choices = {"on", "off"},
                 .help = "on: ask whether a majority would vote before raising the term, "
                         "so a node returning from a partition does not depose the leader"},
      ModelParam{.name = "reads",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "leader-read-index",
                 .choices = Names(kReads),
                 .help = "log: reads are log entries; leader-read-index: the leader "
                         "confirms leadership with a heartbeat round, then reads; "
                         "leader-lease: the leader reads alone while its clock-based lease "
                         "holds (breaks under clock jumps and drift); follower-read-index: "
                         "followers ask the leader for a read index (use read_route: "
                         "role:follower); follower-stale: every node reads its own state "
                         "(not linearizable)"},
      ModelParam{.name = "lease",
                 .type = ModelParam::Type::kDuration,
                 .default_value = "0s",
                 .choices = {},
                 .help = "leader-lease: how long a majority-acked heartbeat round lets the "
                         "leader read alone, from the round's start on its local clock; "
                         "0s = 9/10 of election_timeout. Longer than election_timeout is "
                         "unsafe even with perfect clocks"},
      ModelParam{.name = "bug",
                 .type = ModelParam::Type::kChoice,
                 .default_value = "none",
                 .choices = Names(kBugs),
                 .help = "a planted bug: commit-without-quorum (the leader commits what it "
                         "appended locally), vote-twice (a follower forgets its vote in a "
                         "term), commit-old-term (figure 8: older-term entries commit by "
                         "counting replicas), stale-leader-read (leader-read-index answers "
                         "without the heartbeat round), no-fsync (nothing is ever synced: a "
                         "crash loses acknowledged entries and votes)"},
  };
  info.min_nodes = 1;
  info.workloads = {KvWorkloadInfo()};
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    kinds.AddHandledBy<RaftNode>();
    return std::unique_ptr<sim::Model>(new RaftModel(RaftOptionsFromConfig(config)));
  };
  return info;
}

}  // namespace faultline::models
