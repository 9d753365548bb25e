// sim::Nanos and friends: the virtual-time names of base/time.h, also under faultline::sim.
//
// Time moved to base/ (checkers/ and viz/ use it without the simulator). Code inside
// faultline::sim, faultline::checkers or faultline::viz finds the names unqualified; this
// header keeps `sim::Nanos`, `sim::kMillisecond` and `sim::FormatDuration` valid for the
// model API (models/, sim/node.h) while it is being rewritten. New code includes
// base/time.h and writes `Nanos`.
#ifndef FAULTLINE_SIM_TIME_H_
#define FAULTLINE_SIM_TIME_H_

#include "base/time.h"

namespace faultline::sim {

using ::faultline::FormatDuration;
using ::faultline::kHour;
using ::faultline::kMicrosecond;
using ::faultline::kMillisecond;
using ::faultline::kMinute;
using ::faultline::kNanosecond;
using ::faultline::kNever;
using ::faultline::kSecond;
using ::faultline::Nanos;

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_TIME_H_
