// The producer-side partitioner of log.partitioned: which partition a send goes to.
//
// - hash: a stable hash (FNV-1a, the same in every process) of the partition key, so all
//   of an entity's events share a partition and its log keeps their order;
// - round-robin: the next partition for each send, whatever the key (Kafka's
//   RoundRobinPartitioner): even load, no per-key order;
// - sticky: one partition for every send in a `sticky_interval`, then the next (Kafka's
//   sticky partitioner for records without a key, batching per partition): no per-key
//   order either.
// The partition key is the entity ("e7"), its region (entity mod 2: "r1", two values,
// a hot partition) or region and entity together ("r1/e7").
//
// One Partitioner lives in each broker that takes sends (it plays the producer's
// client library), so round-robin and sticky state are per broker.
//
//   Partitioner p(options);
//   int part = p.Choose(Value::Str("e7"), ctx.LocalNow());
#ifndef FAULTLINE_MODELS_LOG_PARTITIONER_H_
#define FAULTLINE_MODELS_LOG_PARTITIONER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "models/log/log_options.h"
#include "sim/time.h"
#include "sim/value.h"

namespace faultline::models {

// FNV-1a over the bytes: stable across processes and builds (std::hash is not).
uint64_t PartitionHash(std::string_view bytes);

// The string the hash partitioner hashes for `key` ("e7" -> "e7", "r1" or "r1/e7"). A key
// that is not "e<number>" is its own partition key.
std::string PartitionKeyOf(const sim::Value& key, LogOptions::PartitionKey choice);

class Partitioner {
 public:
  explicit Partitioner(const LogOptions& options) : options_(options) {}
  // The partition for a send of `key` at local time `now_ns`, in [0, partitions).
  int Choose(const sim::Value& key, sim::Nanos now_ns);

 private:
  const LogOptions options_;
  int64_t next_ = 0;                 // round-robin: sends so far
  int sticky_ = 0;                   // sticky: the current partition
  sim::Nanos sticky_until_ns_ = -1;  // ... until this local time
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_PARTITIONER_H_
