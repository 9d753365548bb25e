// The timeline of the linearizability failure view, as one inline SVG: a row per client
// process with its ops as bars from call to return (ok / fail / info, info fading out
// because it may take effect at any later time), prefix badges 1..N in linearization
// order, the stuck op outlined in red with its interval shaded down the picture, the ops
// concurrent with it outlined dashed, and tracks above for the faults (partitions and
// link faults on "network", crashes, pauses and clock changes on a track per node).
//
// The x axis is the order of events, evenly spaced: every distinct call, return and
// fault time gets a column, so concurrency is exact and short ops stay visible however
// long the run; the tick labels give the real times. Past kMaxColumns columns only the
// latest ones are drawn (a note says so; the page's table lists every op).
//
// Deterministic: integer coordinates, ordered containers, no clocks.
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_TIMELINE_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_TIMELINE_H_

#include <cstdint>
#include <string>

#include "viz/internal/failure_model.h"

namespace faultline::viz::internal::failure {

inline constexpr int64_t kMaxColumns = 320;

// Appends <svg>...</svg> (with its own style and gradients; no external references).
// Returns the x of the stuck op's call, for scrolling a wide picture to it.
int64_t AppendTimelineSvg(std::string* out, const FailureModel& m);

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_TIMELINE_H_
