// A broker of log.partitioned (n1..nB, role `broker`; n1 also `controller`). Each broker
// holds replicas of some partitions (log_options.h places them round-robin), each
// partition's log on its disk (synced at every append: a crash loses nothing written).
//
// As a partition's leader (role `partition:P/leader`) it appends produced records,
// pushes them to the followers every `replica_fetch_interval` (Kafka's followers fetch;
// the effect is the same), keeps the high watermark (the offset every ISR member has),
// serves consumers' fetches and clients' polls below it, and proposes ISR changes to the
// controller: a follower behind for `replica_lag` goes out, one caught up comes back.
// acks=1 answers at append; acks=all when the high watermark passes the record.
// As a follower it takes the leader's records, truncating whatever of its own log the
// leader does not have (a deposed leader's unreplicated tail: the records acks=1 loses).
//
// As the broker a producer reached it plays the producer's client library: it picks the
// partition (partitioner.h) and forwards the send to the leader, retrying up to
// kForwardAttempts times when no answer comes in kForwardRetryNs. Those retries are the
// ones idempotence is about: an idempotent leader knows each record's producer op and
// appends a retried one only once; without it a retry whose first attempt did land is a
// second copy in the log, consumed and applied twice.
//
// n1 also runs the controller and group coordinator (controller.h) and answers the
// drain's `pending`: every record at or after the group's committed offset, asked of
// each partition's leader.
#ifndef FAULTLINE_MODELS_LOG_BROKER_NODE_H_
#define FAULTLINE_MODELS_LOG_BROKER_NODE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/log/controller.h"
#include "models/log/log_messages.h"
#include "models/log/log_options.h"
#include "models/log/partitioner.h"
#include "sim/node.h"

namespace faultline::models {

inline constexpr int kForwardAttempts = 4;
inline constexpr sim::Nanos kForwardRetryNs = 150 * sim::kMillisecond;

class LogBrokerNode
    : public sim::NodeOf<LogBrokerNode, sim::ClientRequest, Produce, ProduceAck, LogReplicate,
                         LogReplicateAck, BrokerHeartbeat, LeaderAndIsr, IsrChange, GroupHeartbeat,
                         CommitOffset, Fetch, PendingQuery, PendingReply> {
 public:
  explicit LogBrokerNode(const LogOptions& options);

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Produce& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const ProduceAck& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const LogReplicate& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const LogReplicateAck& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const BrokerHeartbeat& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const LeaderAndIsr& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const IsrChange& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const GroupHeartbeat& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const CommitOffset& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const Fetch& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const PendingQuery& m, sim::Context& ctx);
  void Handle(sim::EndpointId from, const PendingReply& m, sim::Context& ctx);

  // For tests: partition p's log length here and its high watermark (as leader).
  int64_t LogSize(int partition, sim::Context& ctx) const;
  int64_t HighWatermark(int partition) const {
    return parts_.at(static_cast<size_t>(partition)).hw;
  }
  bool Leads(int partition, sim::EndpointId self) const {
    return parts_.at(static_cast<size_t>(partition)).leader == self;
  }

 private:
  struct Waiting {  // an acks=all produce waiting for the high watermark
    int64_t offset = 0;
    uint64_t op = 0;
    sim::EndpointId forwarder = 0;
  };
  struct Part {
    bool replica = false;  // this broker holds a copy
    int64_t leader = -1;
    int64_t epoch = -1;
    std::vector<int64_t> isr{};
    int64_t hw = 0;
    // Leader only:
    std::map<sim::EndpointId, int64_t> match{};           // follower -> its log end
    std::map<sim::EndpointId, sim::Nanos> caught_up_ns{};  // follower -> when last caught up
    std::vector<Waiting> waiting{};
    std::map<uint64_t, int64_t> op_offset{};  // idempotence: producer op -> offset
    std::set<sim::EndpointId> heard{};  // followers that answered since we took over
  };
  struct Forward {  // a send this broker took from a client and forwarded
    sim::EndpointId client = 0;
    sim::ClientRequest req{};
    int64_t partition = 0;
    int attempts = 0;
  };
  struct PendingAsk {  // the drain's `pending`, gathering the leaders' answers
    sim::EndpointId client = 0;
    sim::ClientRequest req{};
    std::map<int64_t, std::vector<Record>> answers{};  // partition -> unconsumed records
    sim::TimerId timeout = 0;
  };

  bool IsLeader(const Part& p) const { return p.leader == self_; }
  Part& part(int64_t partition) { return parts_.at(static_cast<size_t>(partition)); }
  // LogController glue: apply metadata here and send it to the other brokers.
  void Publish(const std::vector<LeaderAndIsr>& changes, sim::Context& ctx);
  void ApplyMetadata(const LeaderAndIsr& m, sim::Context& ctx);
  // Producing.
  void TakeSend(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  void SendProduce(Forward& f, sim::Context& ctx);
  void AnswerProduce(sim::EndpointId forwarder, uint64_t op, int64_t partition, int64_t offset,
                     sim::Context& ctx);
  // Leading a partition.
  void ReplicateTo(int64_t partition, sim::EndpointId follower, sim::Context& ctx);
  void AdvanceHighWatermark(int64_t partition, sim::Context& ctx);
  void ProposeIsr(int64_t partition, sim::Context& ctx);
  void RebuildOpIndex(int64_t partition, sim::Context& ctx);
  void ReplicaTick(sim::Context& ctx);
  void Poll(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  // The drain (n1).
  void AskPending(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx);
  void AnswerPending(int64_t id, bool complete, sim::Context& ctx);

  const LogOptions options_;
  Partitioner partitioner_;
  std::vector<Part> parts_{};
  std::unique_ptr<LogController> controller_;  // n1 only
  std::map<uint64_t, Forward> forwards_;    // by the send's op
  std::map<sim::TimerId, uint64_t> forward_timers_{};
  std::map<int64_t, PendingAsk> pending_asks_{};
  std::map<sim::TimerId, int64_t> pending_timers_{};
  int64_t next_pending_id_ = 0;
  sim::EndpointId self_ = -1;
  int64_t appended_ = 0;
  int64_t truncated_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_BROKER_NODE_H_
