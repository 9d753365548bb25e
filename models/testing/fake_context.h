// A sim::Context for unit tests of models: it records what a node sends and schedules
// instead of simulating a network, so a test drives one node by hand.
//
// Test-only and header-only (so the models library does not compile it).
//
//   FakeContext ctx(/*self=*/1, /*node_count=*/3);
//   node.OnStart(ctx);
//   node.OnMessage(FakeContext::From(0, Heartbeat{1, 0}), ctx);
//   ctx.now_ns = 400 * sim::kMillisecond;
//   ctx.FireDueTimers(node);
//   for (const auto& [to, r] : ctx.SentOf<Replicate>()) ...;
//   ctx.replies()[0].ok
#ifndef FAULTLINE_MODELS_TESTING_FAKE_CONTEXT_H_
#define FAULTLINE_MODELS_TESTING_FAKE_CONTEXT_H_

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
    sim::AnyMessage body;
    int space = 0;  // the namespace index it was sent in (0: the root)
  };
  struct Timer {
    sim::Nanos due_ns;
    uint64_t tag;
  };

  // The endpoint id tests use for "a client" (clients follow the nodes).
  static constexpr sim::EndpointId kClient = 100;

  FakeContext(sim::EndpointId self, int node_count)
      : self_(self), rng_(sim::Rng(1).Fork(static_cast<uint64_t>(self))) {
    for (int i = 0; i < node_count; ++i) members_.push_back(i);
  }

  // A delivered message, as the simulator would hand it to OnMessage.
  template <sim::MessageBody T>
  static sim::Envelope From(sim::EndpointId from, T msg) {
    sim::Envelope e;
    e.from = from;
    e.body = sim::AnyMessage(std::move(msg));
    return e;
  }

  sim::EndpointId self() const override { return self_; }
  const std::vector<sim::EndpointId>& members() const override { return members_; }
  sim::Nanos LocalNow() const override { return now_ns; }
  void SendMessage(sim::EndpointId to, const sim::MessageTypeInfo& /*type*/,
                   sim::AnyMessage body) override {
    sent.push_back(Sent{to, std::move(body), 0});
  }
  void SendInSpace(sim::EndpointId to, int space, const sim::MessageTypeInfo& /*type*/,
                   sim::AnyMessage body) override {
    sent.push_back(Sent{to, std::move(body), space});
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
  void Observe(sim::Observation o) override { observations.push_back(std::move(o)); }
  sim::CpuLoad cpu_load() const override { return cpu; }

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

  // The messages of type T sent so far, with their destinations.
  template <sim::MessageBody T>
  std::vector<std::pair<sim::EndpointId, T>> SentOf() const {
    std::vector<std::pair<sim::EndpointId, T>> out;
    for (const Sent& s : sent) {
      if (const T* m = s.body.As<T>()) out.emplace_back(s.to, *m);
    }
    return out;
  }
  // The client replies sent so far, in order.
  std::vector<sim::ClientReply> replies() const {
    std::vector<sim::ClientReply> out;
    for (const auto& [to, reply] : SentOf<sim::ClientReply>()) out.push_back(reply);
    return out;
  }

  // Simulates a crash: unsynced writes are lost; the caller builds a fresh node object.
  void Crash() {
    disk_.LoseUnsynced();
    timers.clear();
    sent.clear();
  }

  sim::Nanos now_ns = 0;
  std::vector<Sent> sent;
  std::map<sim::TimerId, Timer> timers;
  std::vector<std::string> notes;
  std::vector<sim::Observation> observations;
  sim::CpuLoad cpu;  // what cpu_load() returns; a test sets it

 private:
  sim::EndpointId self_;
  std::vector<sim::EndpointId> members_;
  sim::TimerId next_timer_ = 1;
  sim::Rng rng_;
  sim::Disk disk_;
};

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_TESTING_FAKE_CONTEXT_H_
