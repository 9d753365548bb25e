// mq.broker's broker (n1, role `broker`): takes producers' sends, keeps them queued until
// a consumer acks them, and pushes them to consumers in the order its dispatch mode
// dictates (ready_queue.h).
//
// - send: the message is appended to the broker's disk log and synced, then acked `ok`
//   (a broker crash keeps every acked send). A send retransmitted by the network (same op
//   number) is acked again, never enqueued twice.
// - delivery: a consumer holds at most `prefetch` unacked deliveries. Each delivery starts
//   a visibility timer; if it fires before the ack, the broker takes the message back
//   (observation `redeliver`) and delivers it again, deliveries + 1. The broker learns
//   nothing else about its consumers: a crashed, stalled or slow consumer looks the same.
// - nack: the message goes back to the queue (the tail, as RabbitMQ does; its place in its
//   group under groups).
// - dead letter: a message whose delivery number reached `dead_letter_after` and came back
//   once more (nack or timeout) goes to the dead-letter queue (observation `dead-letter`).
// - pending (the workload's drain): the list of [key, value] still queued or in flight, at
//   once when it is empty, else after kPendingWait (a long poll, as SQS's
//   WaitTimeSeconds), so a draining client asks about every 50ms.
//
// Restart: the queue comes back from the disk, every message ready again (in-flight
// deliveries are forgotten: they will be redelivered, and counted from 1 again).
#ifndef FAULTLINE_MODELS_MQ_BROKER_NODE_H_
#define FAULTLINE_MODELS_MQ_BROKER_NODE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/mq/mq_messages.h"
#include "models/mq/mq_options.h"
#include "models/mq/ready_queue.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models {

// How long a `pending` request waits for the queue to empty before it is answered.
inline constexpr sim::Nanos kPendingWait = 50 * sim::kMillisecond;

// One acked send as the broker's disk keeps it.
struct MqStoredSend {
  int64_t id = 0;
  uint64_t op = 0;
  sim::Value key{};
  sim::Value value{};
};

class BrokerNode : public sim::NodeOf<BrokerNode, sim::ClientRequest, MqAck, MqNack> {
 public:
  explicit BrokerNode(const MqOptions& options);

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const MqAck& ack, sim::Context& ctx);
  void Handle(sim::EndpointId from, const MqNack& nack, sim::Context& ctx);

  // For tests: messages queued or in flight, and dead-lettered so far.
  size_t queued() const { return messages_.size(); }
  int64_t dead_lettered() const { return dead_lettered_; }

 private:
  struct Message {
    uint64_t op = 0;
    sim::Value key;
    sim::Value value;
    int64_t deliveries = 0;
    int64_t requeues = 0;
    sim::EndpointId consumer = -1;  // holding an unacked delivery, or -1 (ready)
    sim::TimerId visibility_timer = 0;
  };
  struct PendingAsk {
    sim::EndpointId client;
    sim::ClientRequest req;
  };

  void Send(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Pending(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  sim::Value PendingList() const;
  // The in-flight message `id` if delivery `deliveries` is its current one, else null (a
  // stale ack or nack after a redelivery).
  Message* Current(int64_t id, int64_t deliveries);
  // Ends message `id`'s current delivery: its consumer's prefetch slot and timer are freed.
  void EndDelivery(Message& m, sim::Context& ctx);
  // A delivery came back (nack or timeout): requeue it, or dead-letter it.
  void ReturnOrDeadLetter(int64_t id, sim::Context& ctx);
  void Settle(int64_t id, sim::Context& ctx);  // acked or dead-lettered: gone for good
  // Pushes ready messages to consumers with free prefetch, round-robin.
  void Dispatch(sim::Context& ctx);

  const MqOptions options_;
  ReadyQueue ready_;
  std::map<int64_t, Message> messages_;  // queued or in flight, by id (= enqueue order)
  std::set<uint64_t> seen_ops_;          // producer ops already enqueued
  std::vector<int> unacked_;             // per consumer index
  int next_consumer_ = 0;                // round-robin cursor
  int64_t next_id_ = 1;
  int64_t dead_lettered_ = 0;
  std::map<sim::TimerId, int64_t> visibility_;    // timer -> message id
  std::map<sim::TimerId, PendingAsk> pending_asks_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MQ_BROKER_NODE_H_
