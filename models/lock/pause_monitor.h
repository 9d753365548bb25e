// A pod's pause monitor, as a JVM's (Hadoop's JvmPauseMonitor, Elasticsearch's
// JvmGcMonitorService): a periodic local tick that notices when it fires late. A stopped
// process cannot see its own pause while it lasts; it sees afterwards that its clock
// jumped past the tick it expected, which is the only evidence a holder has that its
// lease may have run out under it.
//
//   PauseMonitor monitor(50 * kMillisecond);   // report gaps above 50ms; ticks every 25ms
//   monitor.Start(ctx, kPauseTickTag);
//   ... OnTimer(kPauseTickTag): monitor.Tick(ctx);  // observes `pause` if it fired late
#ifndef FAULTLINE_MODELS_LOCK_PAUSE_MONITOR_H_
#define FAULTLINE_MODELS_LOCK_PAUSE_MONITOR_H_

#include <cstdint>

#include "sim/node.h"

namespace faultline::models {

class PauseMonitor {
 public:
  // `threshold_ns` 0 turns the monitor off. The tick interval is half the threshold (at
  // least 1ms), so a pause is measured to within half a threshold.
  explicit PauseMonitor(sim::Nanos threshold_ns);

  sim::Nanos interval_ns() const { return interval_ns_; }
  // Sets the first tick (nothing when off).
  void Start(sim::Context& ctx, uint64_t tag);
  // Handles the tick timer: when it fired more than the threshold late, observes `pause`
  // (value = the gap beyond the interval, detail expected_ns = when the tick was due, on
  // the pod's clock) and notes it. Sets the next tick. Returns the gap reported, or 0.
  sim::Nanos Tick(sim::Context& ctx);

 private:
  sim::Nanos threshold_ns_;
  sim::Nanos interval_ns_;
  uint64_t tag_ = 0;
  sim::Nanos last_tick_ns_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_PAUSE_MONITOR_H_
