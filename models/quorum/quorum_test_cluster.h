// A small kv.quorum cluster for unit tests: QuorumNodes on FakeContexts, joined by a toy
// network the test controls (fixed 1ms latency, cut links, crashes, restarts, per-node
// clock offsets). Test-only and header-only (the models library compiles only .cc files).
//
//   QuorumTestCluster c(3, options);
//   c.Write(0, "k1", 7);                        // client request to n1, run 20ms
//   EXPECT_EQ(c.Read(1, "k1"), Value::Int(7));
#ifndef FAULTLINE_MODELS_QUORUM_QUORUM_TEST_CLUSTER_H_
#define FAULTLINE_MODELS_QUORUM_QUORUM_TEST_CLUSTER_H_

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/quorum/quorum_node.h"
#include "models/testing/fake_context.h"

namespace faultline::models::testing {

class QuorumTestCluster {
 public:
  QuorumTestCluster(int nodes, const QuorumOptions& options) : options_(options) {
    for (int i = 0; i < nodes; ++i) {
      ctxs_.push_back(std::make_unique<FakeContext>(i, nodes));
      nodes_.push_back(std::make_unique<QuorumNode>(options_));
      up_.push_back(true);
      offset_ns_.push_back(0);
    }
    SetClocks();
    for (int i = 0; i < nodes; ++i) nodes_[i]->OnStart(*ctxs_[i]);
    Collect();
  }

  QuorumNode& node(int i) { return *nodes_.at(i); }
  FakeContext& ctx(int i) { return *ctxs_.at(i); }
  int size() const { return static_cast<int>(nodes_.size()); }

  // Node i's local clock reads true time + offset (negative: behind).
  void SetClockOffset(int i, sim::Nanos offset_ns) {
    offset_ns_[i] = offset_ns;
    SetClocks();
  }
  void Cut(int a, int b, bool cut = true) {
    for (auto link : {std::pair{a, b}, std::pair{b, a}}) {
      if (cut) {
        cut_.insert(link);
      } else {
        cut_.erase(link);
      }
    }
  }
  void Isolate(int a, bool cut = true) {
    for (int b = 0; b < size(); ++b) {
      if (b != a) Cut(a, b, cut);
    }
  }
  void HealAll() { cut_.clear(); }
  void Crash(int i) {
    ctxs_[i]->Crash();
    up_[i] = false;
  }
  void Restart(int i) {
    nodes_[i] = std::make_unique<QuorumNode>(options_);
    up_[i] = true;
    nodes_[i]->OnStart(*ctxs_[i]);
    Collect();
  }

  // Delivers a client request to node i now (without running time); returns its op id.
  uint64_t Submit(int i, std::string f, const std::string& key, sim::Value value = {}) {
    const uint64_t op = ++next_op_;
    nodes_[i]->OnMessage(
        FakeContext::From(
            FakeContext::kClient,
            sim::ClientRequest{
                .op = op, .f = std::move(f), .key = sim::Value::Str(key), .value = value}),
        *ctxs_[i]);
    Collect();
    return op;
  }
  // The reply to op `op`, if one came.
  std::optional<sim::ClientReply> ReplyTo(uint64_t op) const {
    for (const sim::ClientReply& r : replies_) {
      if (r.op == op) return r;
    }
    return std::nullopt;
  }
  // Sends a client request to node i and runs `run_ns`; returns the reply, if any.
  std::optional<sim::ClientReply> Request(int i, std::string f, const std::string& key,
                                          sim::Value value, sim::Nanos run_ns) {
    const uint64_t op = Submit(i, std::move(f), key, std::move(value));
    RunFor(run_ns);
    return ReplyTo(op);
  }
  // A write of `value`; true if acknowledged within 20ms.
  bool Write(int i, const std::string& key, int64_t value) {
    std::optional<sim::ClientReply> r =
        Request(i, "write", key, sim::Value::Int(value), 20 * sim::kMillisecond);
    return r && r->ok;
  }
  // A read's value (nullopt if it failed or got no answer within 20ms).
  std::optional<sim::Value> Read(int i, const std::string& key) {
    std::optional<sim::ClientReply> r = Request(i, "read", key, {}, 20 * sim::kMillisecond);
    if (!r || !r->ok) return std::nullopt;
    return r->value;
  }

  // The value node i stores for key (as a read of its siblings would return it).
  sim::Value Stored(int i, const std::string& key) const {
    const Siblings* s = nodes_.at(i)->store().Find(sim::Value::Str(key));
    return s == nullptr ? sim::Value() : ReadValue(*s);
  }

  // Advances time in 1ms steps, delivering due messages and firing due timers.
  void RunFor(sim::Nanos duration_ns) {
    const sim::Nanos end = now_ns_ + duration_ns;
    while (now_ns_ < end) {
      now_ns_ += sim::kMillisecond;
      SetClocks();
      DeliverDue();
      for (int i = 0; i < size(); ++i) {
        if (!up_[i]) continue;
        ctxs_[i]->FireDueTimers(*nodes_[i]);
        Collect();
      }
    }
  }

  // Messages sent of a kind so far (by every node).
  int SentCount(std::string_view kind) const {
    auto it = sent_by_kind_.find(std::string(kind));
    return it == sent_by_kind_.end() ? 0 : it->second;
  }
  // Message bytes sent of a kind so far (as the simulator counts a message's size).
  size_t SentBytes(std::string_view kind) const {
    auto it = bytes_by_kind_.find(std::string(kind));
    return it == bytes_by_kind_.end() ? 0 : it->second;
  }

 private:
  struct InFlight {
    sim::Nanos due_ns;
    uint64_t seq;
    int from;
    int to;
    sim::AnyMessage body;
  };

  void SetClocks() {
    for (int i = 0; i < size(); ++i) ctxs_[i]->now_ns = now_ns_ + offset_ns_[i];
  }

  void Collect() {
    for (int i = 0; i < size(); ++i) {
      for (FakeContext::Sent& s : ctxs_[i]->sent) {
        ++sent_by_kind_[std::string(s.body.type().name)];
        bytes_by_kind_[std::string(s.body.type().name)] += s.body.ByteSize();
        if (s.to == FakeContext::kClient || s.to >= size()) {
          if (const auto* r = s.body.As<sim::ClientReply>()) replies_.push_back(*r);
          continue;
        }
        in_flight_.push_back(
            InFlight{now_ns_ + sim::kMillisecond, next_seq_++, i, s.to, std::move(s.body)});
      }
      ctxs_[i]->sent.clear();
    }
  }

  void DeliverDue() {
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

  QuorumOptions options_;
  std::vector<std::unique_ptr<FakeContext>> ctxs_;
  std::vector<std::unique_ptr<QuorumNode>> nodes_;
  std::vector<bool> up_;
  std::vector<sim::Nanos> offset_ns_;
  std::set<std::pair<int, int>> cut_;
  std::vector<InFlight> in_flight_;
  std::vector<sim::ClientReply> replies_;
  std::map<std::string, int> sent_by_kind_;
  std::map<std::string, size_t> bytes_by_kind_;
  sim::Nanos now_ns_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t next_op_ = 0;
};

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_QUORUM_QUORUM_TEST_CLUSTER_H_
