// A sim::Context for unit tests of models: it records what a node sends, replies and
// schedules instead of simulating a network, so a test drives one node by hand.
//
// Test-only and header-only (so the models library does not compile it).
//
//   FakeContext ctx(/*self=*/1, /*node_count=*/3);
//   node.OnStart(ctx);
//   ctx.now_ns = 400 * sim::kMillisecond;
//   ctx.FireDueTimers(node);
#ifndef FAULTLINE_MODELS_FAKE_CONTEXT_H_
#define FAULTLINE_MODELS_FAKE_CONTEXT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/node.h"

namespace faultline::models::testing {

class FakeContext : public sim::Context {
 public:
  struct Sent {
    sim::EndpointId to;
    sim::MessageKind kind;
    sim::Fields fields;
  };
  struct Reply {
    sim::Message request;
    sim::OpOutcome outcome;
    int64_t value;
    sim::EndpointId leader_hint;
  };
  struct Timer {
    sim::Nanos due_ns;
    uint64_t tag;
  };

  static constexpr sim::MessageKind kClientRequest = 0;

  FakeContext(sim::EndpointId self, int node_count)
      : self_(self), node_count_(node_count), rng_(sim::Rng(1).Fork(self)) {}

  sim::EndpointId self() const override { return self_; }
  int node_count() const override { return node_count_; }
  sim::Nanos LocalNow() const override { return now_ns; }
  void Send(sim::EndpointId to, sim::MessageKind kind, const sim::Fields& fields) override {
    sent.push_back(Sent{to, kind, fields});
  }
  void ReplyToClient(const sim::Message& request, sim::OpOutcome outcome, int64_t value,
                     sim::EndpointId leader_hint) override {
    replies.push_back(Reply{request, outcome, value, leader_hint});
  }
  sim::TimerId SetTimer(sim::Nanos delay_ns, uint64_t tag) override {
    const sim::TimerId id = next_timer_++;
    timers[id] = Timer{now_ns + delay_ns, tag};
    return id;
  }
  void CancelTimer(sim::TimerId id) override { timers.erase(id); }
  sim::Rng& rng() override { return rng_; }
  sim::Disk& disk() override { return disk_; }
  void Note(std::string text) override { notes.push_back(std::move(text)); }
  sim::MessageKind client_request_kind() const override { return kClientRequest; }

  // Fires, in due order, every timer due at or before now_ns (including ones the node sets
  // while handling them, if already due).
  void FireDueTimers(sim::Node& node) {
    for (;;) {
      auto due = timers.end();
      for (auto it = timers.begin(); it != timers.end(); ++it) {
        if (it->second.due_ns <= now_ns &&
            (due == timers.end() || it->second.due_ns < due->second.due_ns)) {
          due = it;
        }
      }
      if (due == timers.end()) return;
      const auto [id, timer] = *due;
      timers.erase(due);
      node.OnTimer(id, timer.tag, *this);
    }
  }

  // The messages of `kind` sent so far.
  std::vector<Sent> SentOfKind(sim::MessageKind kind) const {
    std::vector<Sent> out;
    for (const Sent& s : sent) {
      if (s.kind == kind) out.push_back(s);
    }
    return out;
  }

  // Simulates a crash: unsynced writes are lost; the caller builds a fresh node object.
  void Crash() {
    disk_.LoseUnsynced();
    timers.clear();
    sent.clear();
    replies.clear();
  }

  sim::Nanos now_ns = 0;
  std::vector<Sent> sent;
  std::vector<Reply> replies;
  std::map<sim::TimerId, Timer> timers;
  std::vector<std::string> notes;

 private:
  sim::EndpointId self_;
  int node_count_;
  sim::TimerId next_timer_ = 1;
  sim::Rng rng_;
  sim::Disk disk_;
};

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_FAKE_CONTEXT_H_
