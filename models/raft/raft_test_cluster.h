// A small Raft cluster for unit tests: RaftNodes on FakeContexts, joined by a toy network
// the test controls (latency drawn from a seeded Rng, cut links, crashes, restarts).
// Test-only and header-only (the models library compiles only .cc files).
//
//   RaftTestCluster c(3, options, /*seed=*/7);
//   c.RunFor(2 * sim::kSecond);
//   std::optional<int> leader = c.Leader();
//   c.Submit(*leader, sim::ClientRequest{.op = 1, .f = "write", ...});
//
// After every handler it checks election safety (at most one leader per term, ever) and
// records a violation instead of aborting, so a test of a planted bug can expect one.
#ifndef FAULTLINE_MODELS_RAFT_RAFT_TEST_CLUSTER_H_
#define FAULTLINE_MODELS_RAFT_RAFT_TEST_CLUSTER_H_

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/raft/raft_node.h"
#include "models/testing/fake_context.h"
#include "sim/rng.h"

namespace faultline::models::testing {

class RaftTestCluster {
 public:
  RaftTestCluster(int nodes, const RaftOptions& options, uint64_t seed)
      : options_(options), rng_(seed) {
    for (int i = 0; i < nodes; ++i) {
      ctxs_.push_back(std::make_unique<FakeContext>(i, nodes));
      nodes_.push_back(std::make_unique<RaftNode>(options_));
      up_.push_back(true);
    }
    for (int i = 0; i < nodes; ++i) nodes_[i]->OnStart(*ctxs_[i]);
    Collect();
  }

  RaftNode& node(int i) { return *nodes_.at(i); }
  int size() const { return static_cast<int>(nodes_.size()); }
  sim::Nanos now() const { return now_ns_; }

  // Cuts (or restores) both directions between a and b.
  void Cut(int a, int b, bool cut = true) {
    for (auto link : {std::pair{a, b}, std::pair{b, a}}) {
      if (cut) {
        cut_.insert(link);
      } else {
        cut_.erase(link);
      }
    }
  }
  void Isolate(int a) {
    for (int b = 0; b < size(); ++b) {
      if (b != a) Cut(a, b);
    }
  }
  void HealAll() { cut_.clear(); }
  // Only links inside `group` work; every node outside it is isolated.
  void Connect(const std::set<int>& group) {
    HealAll();
    for (int a = 0; a < size(); ++a) {
      for (int b = a + 1; b < size(); ++b) {
        if (!group.count(a) || !group.count(b)) Cut(a, b);
      }
    }
  }

  void Crash(int i) {
    ctxs_[i]->Crash();
    up_[i] = false;
  }
  void Restart(int i) {
    nodes_[i] = std::make_unique<RaftNode>(options_);
    up_[i] = true;
    ctxs_[i]->now_ns = now_ns_;
    nodes_[i]->OnStart(*ctxs_[i]);
    Collect();
  }

  // A client request delivered to node i at once; replies are collected in replies().
  void Submit(int i, const sim::ClientRequest& req) {
    if (!up_[i]) return;
    nodes_[i]->OnMessage(FakeContext::From(FakeContext::kClient, req), *ctxs_[i]);
    Collect();
  }

  // Advances time in 1ms steps, delivering due messages and firing due timers.
  void RunFor(sim::Nanos duration_ns) {
    const sim::Nanos end = now_ns_ + duration_ns;
    while (now_ns_ < end) {
      now_ns_ += sim::kMillisecond;
      for (int i = 0; i < size(); ++i) ctxs_[i]->now_ns = now_ns_;
      DeliverDue();
      for (int i = 0; i < size(); ++i) {
        if (!up_[i]) continue;
        ctxs_[i]->FireDueTimers(*nodes_[i]);
        Collect();
      }
    }
  }

  // The one live leader of the highest term, if any.
  std::optional<int> Leader() const {
    std::optional<int> best;
    for (int i = 0; i < size(); ++i) {
      if (!up_[i] || nodes_[i]->role() != RaftNode::Role::kLeader) continue;
      if (!best || nodes_[i]->term() > nodes_[*best]->term()) best = i;
    }
    return best;
  }

  const std::vector<sim::ClientReply>& replies() const { return replies_; }
  // "two leaders in term T: n1 and n2", or empty.
  const std::string& election_violation() const { return election_violation_; }

 private:
  struct InFlight {
    sim::Nanos due_ns;
    uint64_t seq;
    int from;
    int to;
    sim::AnyMessage body;
  };

  // Moves every node's sent messages into the network and checks election safety.
  void Collect() {
    for (int i = 0; i < size(); ++i) {
      for (FakeContext::Sent& s : ctxs_[i]->sent) {
        if (s.to == FakeContext::kClient || s.to >= size()) {
          if (const auto* r = s.body.As<sim::ClientReply>()) replies_.push_back(*r);
          continue;
        }
        const sim::Nanos latency = sim::kMillisecond * (1 + static_cast<sim::Nanos>(rng_.Below(5)));
        in_flight_.push_back(InFlight{now_ns_ + latency, next_seq_++, i, s.to, std::move(s.body)});
      }
      ctxs_[i]->sent.clear();
      if (up_[i] && nodes_[i]->role() == RaftNode::Role::kLeader) {
        auto [it, fresh] = leader_of_term_.emplace(nodes_[i]->term(), i);
        if (!fresh && it->second != i && election_violation_.empty()) {
          election_violation_ = "two leaders in term " + std::to_string(it->first) + ": n" +
                                std::to_string(it->second + 1) + " and n" + std::to_string(i + 1);
        }
      }
    }
  }

  void DeliverDue() {
    // In (due time, send order): FIFO per link as latencies are drawn per message, close
    // enough for these tests, and deterministic.
    std::vector<InFlight> due;
    std::vector<InFlight> later;
    for (InFlight& m : in_flight_) (m.due_ns <= now_ns_ ? due : later).push_back(std::move(m));
    in_flight_ = std::move(later);
    std::sort(due.begin(), due.end(), [](const InFlight& a, const InFlight& b) {
      return a.due_ns != b.due_ns ? a.due_ns < b.due_ns : a.seq < b.seq;
    });
    for (InFlight& m : due) {
      if (!up_[m.to] || !up_[m.from] || cut_.count({m.from, m.to})) continue;  // lost
      sim::Envelope e;
      e.from = m.from;
      e.to = m.to;
      e.body = std::move(m.body);
      nodes_[m.to]->OnMessage(e, *ctxs_[m.to]);
      Collect();
    }
  }

  RaftOptions options_;
  sim::Rng rng_;
  std::vector<std::unique_ptr<FakeContext>> ctxs_;
  std::vector<std::unique_ptr<RaftNode>> nodes_;
  std::vector<bool> up_;
  std::set<std::pair<int, int>> cut_;
  std::vector<InFlight> in_flight_;
  std::vector<sim::ClientReply> replies_;
  std::map<int64_t, int> leader_of_term_;
  std::string election_violation_;
  sim::Nanos now_ns_ = 0;
  uint64_t next_seq_ = 0;
};

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_RAFT_RAFT_TEST_CLUSTER_H_
