// The messages of mq.broker between its nodes (producers use sim::ClientRequest: `send`
// and `pending`). Every message names the broker's message `id` and the delivery it belongs
// to (`deliveries`: this is the Nth delivery of that message), so a late answer to an old
// delivery is recognised, as SQS recognises an old receipt handle.
#ifndef FAULTLINE_MODELS_MQ_MQ_MESSAGES_H_
#define FAULTLINE_MODELS_MQ_MQ_MESSAGES_H_

#include <cstdint>
#include <string_view>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// Broker -> consumer: one delivery of a queued message, with its path so far.
struct MqDeliver {
  static constexpr std::string_view kKind = "deliver";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  uint64_t op = 0;  // the producer's send op (the history's op number)
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  int64_t requeues = 0;  // times it was nacked back before this delivery
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("op", op);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
    v("requeues", requeues);
  }
};

// Consumer -> broker: done with that delivery (ack), or put it back on the queue (nack).
struct MqAck {
  static constexpr std::string_view kKind = "ack";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
  }
};

struct MqNack {
  static constexpr std::string_view kKind = "nack";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
  }
};

// Consumer -> store (requeue-roulette): has the event before `value` of `key` been applied?
struct MqCheck {
  static constexpr std::string_view kKind = "check";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
  }
};

// Store -> consumer: the answer to Check.
struct MqCheckReply {
  static constexpr std::string_view kKind = "check_reply";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "ready"};
  int64_t id = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  bool ready = false;  // the previous event is applied (or there is none)
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
    v("ready", ready);
  }
};

// Consumer -> store: apply this event; carries the path for the store's observation.
struct MqApply {
  static constexpr std::string_view kKind = "apply";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  uint64_t op = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  int64_t requeues = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("op", op);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
    v("requeues", requeues);
  }
};

// Store -> consumer: applied (or, for an idempotent store, already applied before).
struct MqApplied {
  static constexpr std::string_view kKind = "applied";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "deliveries"};
  int64_t id = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t deliveries = 0;
  bool duplicate = false;  // an idempotent store had applied it already and ignored it
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("key", key);
    v("value", value);
    v("deliveries", deliveries);
    v("duplicate", duplicate);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_MQ_MESSAGES_H_
