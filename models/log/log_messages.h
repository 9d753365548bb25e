// The messages of log.partitioned between its nodes. Producers and pollers are workload
// clients (sim::ClientRequest: `send`, `poll`, `pending`); everything else is here.
// Every message about a partition names it, and replication and leadership messages
// carry the partition's leader epoch, so a deposed leader's late words are recognised.
#ifndef FAULTLINE_MODELS_LOG_LOG_MESSAGES_H_
#define FAULTLINE_MODELS_LOG_LOG_MESSAGES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// One record of a partition's log: a producer's send.
struct Record {
  uint64_t op = 0;  // the producer's send op (the history's op number)
  sim::Value key{};
  sim::Value value{};
  int64_t epoch = 0;  // the leader epoch that appended it
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("key", key);
    v("value", value);
    v("epoch", epoch);
  }
  friend bool operator==(const Record&, const Record&) = default;
};

// Receiving broker -> partition leader: append this send. `attempt` counts the
// forwarder's retries (the duplicates an idempotent leader drops).
struct Produce {
  static constexpr std::string_view kKind = "produce";
  static constexpr std::string_view kLabelFields[] = {"partition", "key", "value", "attempt"};
  uint64_t op = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t partition = 0;
  int64_t attempt = 0;
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("key", key);
    v("value", value);
    v("partition", partition);
    v("attempt", attempt);
  }
};

// Leader -> forwarder: appended at `offset` (ok), or not the leader (`leader` hint, -1:
// the partition has none).
struct ProduceAck {
  static constexpr std::string_view kKind = "produce_ack";
  static constexpr std::string_view kLabelFields[] = {"partition", "offset", "ok"};
  uint64_t op = 0;
  int64_t partition = 0;
  int64_t offset = -1;
  bool ok = false;
  int64_t leader = -1;
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("partition", partition);
    v("offset", offset);
    v("ok", ok);
    v("leader", leader);
  }
};

// Leader -> follower: the records from `start`, the leader's log end and high watermark.
// An empty one is the leader's heartbeat and carries the watermark.
struct LogReplicate {
  static constexpr std::string_view kKind = "log_replicate";
  static constexpr std::string_view kLabelFields[] = {"partition", "epoch", "start",
                                                      "records.value"};
  int64_t partition = 0;
  int64_t epoch = 0;
  int64_t start = 0;
  std::vector<Record> records{};
  int64_t leader_end = 0;
  int64_t high_watermark = 0;
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("epoch", epoch);
    v("start", start);
    v("records", records);
    v("leader_end", leader_end);
    v("high_watermark", high_watermark);
  }
};

// Follower -> leader: my log of that partition now ends at `end`.
struct LogReplicateAck {
  static constexpr std::string_view kKind = "log_replicate_ack";
  static constexpr std::string_view kLabelFields[] = {"partition", "epoch", "end"};
  int64_t partition = 0;
  int64_t epoch = 0;
  int64_t end = 0;
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("epoch", epoch);
    v("end", end);
  }
};

// Broker -> controller, every heartbeat interval. `fresh`: the first since (re)start, so
// the controller sends it the whole metadata.
struct BrokerHeartbeat {
  static constexpr std::string_view kKind = "broker_heartbeat";
  bool fresh = false;
  template <class V>
  void Fields(V& v) {
    v("fresh", fresh);
  }
};

// LogController -> brokers: partition `partition`'s leader (-1: offline), epoch and ISR.
struct LeaderAndIsr {
  static constexpr std::string_view kKind = "leader_and_isr";
  static constexpr std::string_view kLabelFields[] = {"partition", "leader", "epoch", "isr"};
  int64_t partition = 0;
  int64_t leader = -1;
  int64_t epoch = 0;
  std::vector<int64_t> isr{};
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("leader", leader);
    v("epoch", epoch);
    v("isr", isr);
  }
};

// Leader -> controller: the ISR shrank or grew (Kafka's AlterPartition).
struct IsrChange {
  static constexpr std::string_view kKind = "isr_change";
  static constexpr std::string_view kLabelFields[] = {"partition", "epoch", "isr"};
  int64_t partition = 0;
  int64_t epoch = 0;
  std::vector<int64_t> isr{};
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("epoch", epoch);
    v("isr", isr);
  }
};

// Consumer -> coordinator, every heartbeat interval; generation 0 asks to join.
struct GroupHeartbeat {
  static constexpr std::string_view kKind = "group_heartbeat";
  int64_t generation = 0;
  template <class V>
  void Fields(V& v) {
    v("generation", generation);
  }
};

// Coordinator -> consumer after a rebalance: its partitions, their committed offsets and
// leaders (parallel lists).
struct Assignment {
  static constexpr std::string_view kKind = "assignment";
  static constexpr std::string_view kLabelFields[] = {"generation", "partitions"};
  int64_t generation = 0;
  std::vector<int64_t> partitions{};
  std::vector<int64_t> offsets{};
  std::vector<int64_t> leaders{};
  template <class V>
  void Fields(V& v) {
    v("generation", generation);
    v("partitions", partitions);
    v("offsets", offsets);
    v("leaders", leaders);
  }
};

// Consumer -> coordinator: the group has consumed `partition` up to (not including)
// `offset`. Taken only from the partition's current owner.
struct CommitOffset {
  static constexpr std::string_view kKind = "commit";
  static constexpr std::string_view kLabelFields[] = {"partition", "offset"};
  int64_t generation = 0;
  int64_t partition = 0;
  int64_t offset = 0;
  template <class V>
  void Fields(V& v) {
    v("generation", generation);
    v("partition", partition);
    v("offset", offset);
  }
};

// Consumer -> leader: records of `partition` from `offset` (at most `max`, up to the
// high watermark).
struct Fetch {
  static constexpr std::string_view kKind = "fetch";
  static constexpr std::string_view kLabelFields[] = {"partition", "offset"};
  int64_t partition = 0;
  int64_t offset = 0;
  int64_t max = 0;
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("offset", offset);
    v("max", max);
  }
};

// Leader -> consumer. Not ok: not the leader (`leader` hint). `high_watermark` lets a
// consumer whose position is past the log (after an unclean election) reset to it.
struct FetchReply {
  static constexpr std::string_view kKind = "fetch_reply";
  static constexpr std::string_view kLabelFields[] = {"partition", "offset", "records.value"};
  int64_t partition = 0;
  int64_t offset = 0;
  bool ok = false;
  std::vector<Record> records{};
  int64_t high_watermark = 0;
  int64_t leader = -1;
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("offset", offset);
    v("ok", ok);
    v("records", records);
    v("high_watermark", high_watermark);
    v("leader", leader);
  }
};

// Consumer -> store: apply this record; store -> consumer: done.
struct ApplyRecord {
  static constexpr std::string_view kKind = "apply";
  static constexpr std::string_view kLabelFields[] = {"key", "value", "partition", "offset"};
  uint64_t op = 0;
  sim::Value key{};
  sim::Value value{};
  int64_t partition = 0;
  int64_t offset = 0;
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("key", key);
    v("value", value);
    v("partition", partition);
    v("offset", offset);
  }
};

struct RecordApplied {
  static constexpr std::string_view kKind = "applied";
  static constexpr std::string_view kLabelFields[] = {"partition", "offset"};
  int64_t partition = 0;
  int64_t offset = 0;
  template <class V>
  void Fields(V& v) {
    v("partition", partition);
    v("offset", offset);
  }
};

// LogController -> leader during the drain: what of `partition` lies at or after `from`
// (the group's committed offset)? Leader -> controller: those records.
struct PendingQuery {
  static constexpr std::string_view kKind = "pending_query";
  int64_t id = 0;
  int64_t partition = 0;
  int64_t from = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("partition", partition);
    v("from", from);
  }
};

struct PendingReply {
  static constexpr std::string_view kKind = "pending_reply";
  int64_t id = 0;
  int64_t partition = 0;
  std::vector<Record> records{};
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("partition", partition);
    v("records", records);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_LOG_MESSAGES_H_
