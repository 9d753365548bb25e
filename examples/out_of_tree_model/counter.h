// example.counter: a replicated counter, the smallest model that shows the whole model
// API (docs/writing-a-model.md walks through it line by line).
//
// n1 (the first member) leads for the whole run: it applies every `add`, keeps the total
// on its disk and copies it to the other nodes in a `replicate` message. Followers answer
// `read` only with `reads: any`; otherwise they send the client to n1. There is no
// election, on purpose: the example is about the API, not about a protocol.
//
// Planted bug `ack-before-sync`: the leader answers an add before the total is durable
// and syncs its disk on a timer, so a crash of the leader loses adds it acknowledged.
//
//   sim::ModelRegistry registry;
//   registry.Add(example::CounterModelInfo());
#ifndef FAULTLINE_EXAMPLE_COUNTER_H_
#define FAULTLINE_EXAMPLE_COUNTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model.h"
#include "sim/node.h"
#include "sim/op.h"

namespace example {

namespace sim = faultline::sim;

// Leader -> followers after every add: the leader's new total.
struct Replicate {
  static constexpr std::string_view kKind = "replicate";
  int64_t total = 0;
  template <class V>
  void Fields(V& v) {
    v("total", total);
  }
};

struct CounterOptions {
  bool ack_before_sync = false;                           // the planted bug
  sim::Nanos sync_interval_ns = 100 * sim::kMillisecond;  // the bug's timer
  bool reads_any = false;  // followers answer reads from their own copy
};

class CounterNode : public sim::NodeOf<CounterNode, sim::ClientRequest, Replicate> {
 public:
  explicit CounterNode(const CounterOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  // "leader" for n1, "follower" for the others: fault targets (`target: leader`) and
  // client routes (`route: role:leader`) resolve them.
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Replicate& msg, sim::Context& ctx);

  bool is_leader() const { return is_leader_; }
  int64_t total() const { return total_; }

 private:
  void Add(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);

  const CounterOptions options_;
  sim::EndpointId leader_ = 0;
  bool is_leader_ = false;
  int64_t total_ = 0;
};

// The model's name, parameters, workload and factory.
sim::ModelInfo CounterModelInfo();

// The `counter` workload: `add` a small positive number, `read` the total; at the end
// every client reads once. Judged by the linearizability checker's `counter` spec.
sim::WorkloadInfo CounterWorkloadInfo();

}  // namespace example

#endif  // FAULTLINE_EXAMPLE_COUNTER_H_
