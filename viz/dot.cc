#include "viz/dot.h"

#include "viz/internal/dot_writer.h"
#include "viz/label_text.h"

// Why pinned positions (`layout=nop2`) and not dot's own ranking:
//
// A space-time diagram has a fixed geometry: lane k sits at x = k * gap, an event at y =
// its row (compact scale) or its time (time scale). dot can approximate that with
// `newrank`, a `rank=same` subgraph per row, heavy invisible lane edges and
// `constraint=false` message edges, but it treats the geometry as a wish: with many
// crossing messages its crossing minimisation may reorder or bend lanes, ranks cannot
// express true time, and splines are routed around nodes instead of running straight from
// send to delivery. Here every node gets its `pos` and every edge its straight-line `pos`
// and label position `lp`, and the graph asks for the `nop2` engine (what `neato -n2`
// does: take the positions as given, in points). That gives straight lanes in order,
// straight slanted arrows, labels that never sit on their own arrow, both vertical
// scales, and a picture that does not depend on dot's heuristics; `layout=nop2` in the
// graph makes a plain `dot -Tpng` use it.
//
// Drawing order is `outputorder=nodesfirst`, in declaration order: the translucent group
// backgrounds and partition bands first, then dots, marks and labels, then every edge:
// lanes, down/paused segments, op bars, and last the message arrows, so they stay on top.

namespace faultline::viz {

std::string DotQuote(std::string_view text) {
  const std::string clean = CleanText(text);
  std::string out = "\"";
  out.reserve(clean.size() + 2);
  for (char c : clean) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string RenderDot(const Diagram& diagram, const RenderOptions& options) {
  return internal::dot::DotWriter(diagram, options).Render();
}

}  // namespace faultline::viz
