// Which events a diagram shows: the options shared by `faultline viz` and a scenario's
// `outputs:` entries. Applied by BuildDiagram (diagram_builder.h).
#ifndef FAULTLINE_VIZ_SELECTION_H_
#define FAULTLINE_VIZ_SELECTION_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace faultline::viz {

struct Selection {
  int64_t from = 0;                                    // simulated ns, inclusive
  int64_t to = std::numeric_limits<int64_t>::max();    // simulated ns, inclusive
  std::vector<std::string> nodes;       // lanes to keep (nodes or clients); empty: all
  std::vector<std::string> kinds;       // message kinds to keep; empty: all
  std::vector<std::string> hide_kinds;  // message kinds to leave out (e.g. heartbeat)
  // A hard cap on the events selected (<= 0: none); the note says how many were left out.
  int64_t max_events = 0;
  // When more events than this are selected, dense stretches of routine events are
  // summarised into gap rows so the picture stays drawable (<= 0: never; every event gets
  // its own row). 800 rows of 14 px keep the SVG near 11,500 px tall, well under
  // librsvg's 32,767 px limit even when scaled up to 1,600 px wide.
  int64_t max_rows = 800;
  // --around-violation: a window of this many events on either side of the event
  // nearest to `around_time` (the stuck op's completion), when set.
  std::optional<int64_t> around_time;
  int64_t around_events = 200;
};

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SELECTION_H_
