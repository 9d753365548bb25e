// mq.broker's downstream store (nN, role `store`): where consumers apply business events
// (created -> paid -> shipped, per entity). It answers a requeue-roulette consumer's
// `check` from what it has applied, and applies every `apply` it gets, in arrival order:
// it has no idea of the events' order, which is the point. Its CPU cost comes from the
// scenario (`cluster.cpu.service_by_kind: {apply: 5ms, check: 1ms}`), so load queues here.
//
// Each application is observed (`apply`, with the send's op, the consumer, the delivery
// number and the requeues before it) for the ordering checker. With `idempotent`, an
// event (key, value) applied before is acknowledged and ignored: exactly-once effects.
// Applied events are kept on disk (synced before the reply), so a restart forgets none.
#ifndef FAULTLINE_MODELS_MQ_STORE_NODE_H_
#define FAULTLINE_MODELS_MQ_STORE_NODE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/mq/mq_messages.h"
#include "models/mq/mq_options.h"
#include "sim/node.h"

namespace faultline::models {

// One applied event as the store's disk keeps it.
struct MqAppliedEvent {
  sim::Value key{};
  sim::Value value{};
};

class StoreNode : public sim::NodeOf<StoreNode, MqCheck, MqApply> {
 public:
  explicit StoreNode(const MqOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const MqCheck& c, sim::Context& ctx);
  void Handle(sim::EndpointId from, const MqApply& a, sim::Context& ctx);

  // True when event `value` of `key` has been applied at least once.
  bool IsApplied(const sim::Value& key, int64_t value) const;

 private:
  const MqOptions options_;
  std::map<sim::Value, std::set<int64_t>> applied_;  // by key: the values applied
  int64_t applications_ = 0;  // duplicates included (unless idempotent)
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_STORE_NODE_H_
