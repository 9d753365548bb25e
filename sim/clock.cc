#include "sim/clock.h"

#include "base/check.h"

namespace faultline::sim {
namespace {
__extension__ using Int128 = __int128;
constexpr int64_t kMillion = 1'000'000;
}  // namespace

int64_t LocalClock::ClampDrift(int64_t ppm) {
  if (ppm < kDriftPpmMin) return kDriftPpmMin;
  if (ppm > kDriftPpmMax) return kDriftPpmMax;
  return ppm;
}

LocalClock::LocalClock(Nanos offset_ns, int64_t drift_ppm)
    : anchor_local_(offset_ns), drift_ppm_(ClampDrift(drift_ppm)), offset_ns_(offset_ns) {}

Nanos LocalClock::Read(Nanos true_now) const {
  FL_CHECK(true_now >= anchor_true_);
  const Int128 elapsed = true_now - anchor_true_;
  // Floor division keeps readings monotone between jumps.
  const Int128 scaled = elapsed * (kMillion + drift_ppm_) / kMillion;
  return anchor_local_ + static_cast<Nanos>(scaled);
}

Nanos LocalClock::TrueDelay(Nanos local_delay) const {
  FL_CHECK(local_delay >= 0);
  const Int128 rate = kMillion + drift_ppm_;
  const Int128 num = static_cast<Int128>(local_delay) * kMillion;
  return static_cast<Nanos>((num + rate - 1) / rate);
}

void LocalClock::Jump(Nanos true_now, Nanos delta) {
  anchor_local_ = Read(true_now) + delta;
  anchor_true_ = true_now;
  jumped_ns_ += delta;
}

void LocalClock::SetDrift(Nanos true_now, int64_t drift_ppm) {
  anchor_local_ = Read(true_now);
  anchor_true_ = true_now;
  drift_ppm_ = ClampDrift(drift_ppm);
}

}  // namespace faultline::sim
