// mq.broker's consumers (n2..n(N-1), role `consumer`): each takes deliveries from the
// broker and applies them to the downstream store (nN), then acks.
//
// - naive: apply (message `apply`, wait for `applied`), then ack.
// - requeue-roulette: first ask the store whether the key's previous event (value - 1) is
//   applied (`check`); if not, the delivery is "too early": nack it back to the broker
//   (observation `requeue`, with how long it was held: wasted work) and hope a later
//   delivery comes in order. After `requeue_limit` requeues of one message it is applied
//   anyway, which is what teams add when messages get stuck, and what applies events out
//   of order under load.
// - `process_time` is spent (a timer) before the consumer talks to the store.
// - bug ack-before-apply: the ack goes out on receipt, so a crash loses what was held.
//
// A consumer keeps nothing on disk: a crash forgets its deliveries, and the broker's
// visibility timeout hands them to someone else.
#ifndef FAULTLINE_MODELS_MQ_CONSUMER_NODE_H_
#define FAULTLINE_MODELS_MQ_CONSUMER_NODE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/mq/mq_messages.h"
#include "models/mq/mq_options.h"
#include "sim/node.h"

namespace faultline::models {

class ConsumerNode : public sim::NodeOf<ConsumerNode, MqDeliver, MqCheckReply, MqApplied> {
 public:
  explicit ConsumerNode(const MqOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const MqDeliver& d, sim::Context& ctx);
  void Handle(sim::EndpointId from, const MqCheckReply& r, sim::Context& ctx);
  void Handle(sim::EndpointId from, const MqApplied& r, sim::Context& ctx);

  size_t held() const { return held_.size(); }

 private:
  using DeliveryKey = std::pair<int64_t, int64_t>;  // (message id, deliveries)
  struct Held {
    MqDeliver delivery;
    sim::Nanos received_ns = 0;  // local clock
  };

  // After process_time: check (roulette) or apply (naive).
  void Proceed(const Held& h, sim::Context& ctx);
  void SendApply(const MqDeliver& d, sim::Context& ctx);
  void Requeue(const Held& h, sim::Context& ctx);

  const MqOptions options_;
  std::map<DeliveryKey, Held> held_;
  std::map<sim::TimerId, DeliveryKey> processing_;
  int64_t applied_ = 0;
  int64_t requeued_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_CONSUMER_NODE_H_
