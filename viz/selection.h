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
  int64_t max_events = 2000;            // cap; the note says how many were left out
  // --around-violation: a window of this many events on either side of the event
  // nearest to `around_time` (the stuck op's completion), when set.
  std::optional<int64_t> around_time;
  int64_t around_events = 200;
};

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SELECTION_H_
