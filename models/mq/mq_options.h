// The tunables of mq.broker, decoded from a scenario's `cluster.params`. Shared read-only
// by every node of one run (the broker, the consumers and the store).
#ifndef FAULTLINE_MODELS_MQ_MQ_OPTIONS_H_
#define FAULTLINE_MODELS_MQ_MQ_OPTIONS_H_

#include <cstdint>
#include <string>

#include "sim/message.h"
#include "sim/time.h"

namespace faultline::models {

struct MqOptions {
  // How the broker hands messages to consumers.
  enum class Dispatch {
    // One queue, competing consumers: round-robin push to any consumer with free prefetch.
    kShared,
    // SQS FIFO message groups: at most one message of a key in flight; the next one of that
    // key goes out only once the previous one is acked, and a returned one keeps its place.
    kGroups,
    // RabbitMQ's consistent-hash exchange: each key belongs to one consumer's queue, which
    // waits while that consumer is down.
    kConsistentHash,
  };
  // What a consumer does with a delivery.
  enum class Consumer {
    kNaive,            // apply it to the store, then ack
    kRequeueRoulette,  // ask the store whether the key's previous event is applied; nack if not
  };
  enum class Bug {
    kNone,
    // groups: the broker frees a key for its next message when it delivers one, not when
    // the delivery is acked, so two messages of a key can be in flight at once
    kReleaseGroupOnDeliver,
    kAckBeforeApply,  // the consumer acks on receipt, so a crash loses what it held
  };

  int node_count = 3;  // n1 broker, n2..n(N-1) consumers, nN store
  Dispatch dispatch = Dispatch::kShared;
  Consumer consumer = Consumer::kNaive;
  Bug bug = Bug::kNone;
  // Unacked deliveries a consumer may hold at once.
  int prefetch = 1;
  // An unacked delivery is taken back and redelivered after this long.
  sim::Nanos visibility_timeout_ns = 2 * sim::kSecond;
  // Deliveries after which a message goes to the dead-letter queue instead of back to the
  // queue; 0: never.
  int dead_letter_after = 0;
  // requeue-roulette only: after this many requeues of one message the consumer applies it
  // anyway; 0: no limit (it waits for its predecessor however long that takes).
  int requeue_limit = 0;
  // Time a consumer spends on a delivery before it talks to the store.
  sim::Nanos process_time_ns = 0;
  // The store ignores a (key, value) it applied before: exactly-once effects.
  bool idempotent = false;

  sim::EndpointId broker() const { return 0; }
  sim::EndpointId store() const { return node_count - 1; }
  int consumer_count() const { return node_count - 2; }
  bool is_consumer(sim::EndpointId id) const { return id >= 1 && id < store(); }
};

// "n3" for endpoint 2: how observations and notes name a node.
inline std::string MqNodeName(sim::EndpointId id) { return "n" + std::to_string(id + 1); }

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_MQ_OPTIONS_H_
