// A node's local clock: true time seen through a fixed offset (skew), a rate error
// (drift, in parts per million) and scheduled jumps.
//
//   local(t) = anchor_local + (t - anchor_true) * (1e6 + drift_ppm) / 1e6
//
// Changing the drift or jumping re-anchors the line at the current instant, so the clock
// is continuous except at jumps. All arithmetic is integer (128-bit intermediates), so a
// local reading is the same on every build.
#ifndef FAULTLINE_SIM_CLOCK_H_
#define FAULTLINE_SIM_CLOCK_H_

#include <cstdint>

#include "base/time.h"

namespace faultline::sim {

class LocalClock {
 public:
  // Drift below -999'999 ppm would stop or reverse time; it is clamped there.
  static constexpr int64_t kDriftPpmMin = -999'999;
  static constexpr int64_t kDriftPpmMax = 1'000'000;

  LocalClock() = default;
  LocalClock(Nanos offset_ns, int64_t drift_ppm);

  // The local reading at true time `true_now`. REQUIRES: true_now >= the last anchor.
  Nanos Read(Nanos true_now) const;
  // True time that elapses while this clock advances by `local_delay` (rounded up, so a
  // timer never fires before its local deadline). REQUIRES: local_delay >= 0.
  Nanos TrueDelay(Nanos local_delay) const;
  // Steps the clock by `delta` (positive or negative) at `true_now`.
  void Jump(Nanos true_now, Nanos delta);
  void SetDrift(Nanos true_now, int64_t drift_ppm);

  int64_t drift_ppm() const { return drift_ppm_; }
  Nanos offset_ns() const { return offset_ns_; }
  Nanos jumped_ns() const { return jumped_ns_; }

 private:
  static int64_t ClampDrift(int64_t ppm);
  Nanos anchor_true_ = 0;
  Nanos anchor_local_ = 0;
  int64_t drift_ppm_ = 0;
  Nanos offset_ns_ = 0;  // the initial skew, for reporting
  Nanos jumped_ns_ = 0;  // sum of all jumps so far, for reporting
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_CLOCK_H_
