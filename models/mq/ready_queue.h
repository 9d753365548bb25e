// The broker's queue of messages ready for delivery, in the order each dispatch mode
// hands them out (mq_options.h, MqOptions::Dispatch):
//
//   shared           one FIFO for every consumer; a returned message goes to the tail
//                    (RabbitMQ's requeue);
//   groups           one FIFO per key; only the oldest message of a key with nothing in
//                    flight is eligible, and a returned message keeps its place at the head
//                    of its group (SQS FIFO message groups);
//   consistent-hash  one FIFO per consumer; each key belongs to one consumer (FNV-1a of
//                    the key modulo the consumer count); a returned message goes to the tail
//                    of its consumer's queue.
//
//   ReadyQueue q(MqOptions::Dispatch::kGroups, /*consumers=*/3);
//   q.Push(1, Value::Str("e7"));
//   std::optional<int64_t> id = q.Take(/*consumer=*/0);   // 1; e7 is now in flight
//   q.Release(Value::Str("e7"));                          // its delivery ended
//
// Every operation is O(log n) in the queued messages, so a requeue storm stays cheap.
#ifndef FAULTLINE_MODELS_MQ_READY_QUEUE_H_
#define FAULTLINE_MODELS_MQ_READY_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "models/mq/mq_options.h"
#include "sim/value.h"

namespace faultline::models {

// The consumer (0-based among the consumers) that owns `key` under consistent-hash.
// REQUIRES: consumers >= 1.
int ConsumerOfKey(const sim::Value& key, int consumers);

class ReadyQueue {
 public:
  // REQUIRES: consumers >= 1.
  ReadyQueue(MqOptions::Dispatch dispatch, int consumers);

  // A new message, at the tail.
  void Push(int64_t id, const sim::Value& key);
  // A message whose delivery was nacked or timed out, back on the queue: at the tail of its
  // FIFO (shared, consistent-hash), or at its place in its group (groups). Under groups,
  // call Release(key) for the delivery first.
  void Return(int64_t id, const sim::Value& key);
  // The next message for consumer `consumer` (0-based among the consumers), removed from
  // the queue; nullopt when none is eligible for it. Under groups, its key is in flight
  // until Release.
  std::optional<int64_t> Take(int consumer);
  // Groups: the in-flight message of `key` was acked, returned or dead-lettered, so the
  // key's next message is eligible. A no-op for the other modes.
  void Release(const sim::Value& key);

  size_t size() const { return size_; }

 private:
  struct Group {
    std::deque<int64_t> ids;  // ascending: the order the producers' sends were enqueued
    bool in_flight = false;
  };
  // Groups: makes the group's oldest message eligible if nothing of it is in flight.
  void Refresh(const sim::Value& key, const Group& group);

  const MqOptions::Dispatch dispatch_;
  const int consumers_;
  size_t size_ = 0;
  // shared: fifos_[0]; consistent-hash: one per consumer.
  std::vector<std::deque<int64_t>> fifos_;
  // groups:
  std::map<sim::Value, Group> groups_;
  std::map<int64_t, sim::Value> eligible_;  // the oldest message of each idle group, by id
  std::map<sim::Value, int64_t> eligible_of_key_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_READY_QUEUE_H_
