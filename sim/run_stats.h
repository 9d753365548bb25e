// What a run counts as it goes: the numbers `faultline run` prints and results.json keeps.
#ifndef FAULTLINE_SIM_RUN_STATS_H_
#define FAULTLINE_SIM_RUN_STATS_H_

#include <cstdint>
#include "base/time.h"
#include "sim/latency_histogram.h"
#include "sim/op_metrics.h"

namespace faultline::sim {

struct RunStats {
  uint64_t events = 0;  // scheduler events executed
  uint64_t messages_sent = 0;
  uint64_t bytes_sent = 0;  // the sum of the messages' field sizes (message_fields.h)
  uint64_t messages_delivered = 0;
  uint64_t dropped_loss = 0;
  uint64_t dropped_partition = 0;
  uint64_t dropped_node_down = 0;  // arrived at a crashed node, or queued when it crashed
  uint64_t dropped_overload = 0;   // the node's CPU queue was full
  uint64_t duplicated = 0;
  uint64_t in_flight_at_end = 0;   // sent but neither delivered nor dropped when it ended
  uint64_t timers_fired = 0;
  uint64_t crashes = 0;
  uint64_t restarts = 0;
  uint64_t pauses = 0;
  uint64_t partitions = 0;
  uint64_t clock_changes = 0;
  uint64_t link_faults = 0;
  uint64_t ops_invoked = 0;
  uint64_t ops_ok = 0;
  uint64_t ops_fail = 0;
  uint64_t ops_info = 0;
  uint64_t final_ops = 0;  // final-phase ops (final reads and their retries), in the op counts
  uint64_t probe_ops = 0;       // Op::probe ops, in none of the counts above
  uint64_t probe_messages = 0;  // their requests and replies, within messages_sent
  uint64_t arrivals_skipped = 0;   // open loop: an op arrived while every client was busy
  uint64_t max_cpu_queue = 0;      // deepest CPU queue seen on any node
  LatencyHistogram ok_latency;  // invoke -> ok; constant memory
  OpMetrics op_metrics;         // latency per op kind, availability in and outside faults
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_RUN_STATS_H_
