#include "models/lock/pause_monitor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sim/time.h"

namespace faultline::models {

PauseMonitor::PauseMonitor(sim::Nanos threshold_ns)
    : threshold_ns_(std::max<sim::Nanos>(threshold_ns, 0)),
      interval_ns_(threshold_ns_ > 0 ? std::max(threshold_ns_ / 2, sim::kMillisecond) : 0) {}

void PauseMonitor::Start(sim::Context& ctx, uint64_t tag) {
  if (interval_ns_ == 0) return;
  tag_ = tag;
  last_tick_ns_ = ctx.LocalNow();
  ctx.SetTimer(interval_ns_, tag_);
}

sim::Nanos PauseMonitor::Tick(sim::Context& ctx) {
  if (interval_ns_ == 0) return 0;
  const sim::Nanos now = ctx.LocalNow();
  const sim::Nanos due = last_tick_ns_ + interval_ns_;
  const sim::Nanos gap = now - due;
  last_tick_ns_ = now;
  ctx.SetTimer(interval_ns_, tag_);
  if (gap <= threshold_ns_) return 0;
  ctx.Observe({.f = "pause",
               .key = sim::Value(),
               .value = sim::Value::Int(gap),
               .detail = {{"expected_ns", sim::Value::Int(due)}}});
  ctx.Note(absl::StrCat("pause seen: the pause monitor's tick fired ",
                        sim::FormatDuration(gap), " late"));
  return gap;
}

}  // namespace faultline::models
