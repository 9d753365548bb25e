// Options every renderer takes. Renderers are pure: Diagram + options -> text, and the
// same inputs give byte-identical output.
#ifndef FAULTLINE_VIZ_RENDER_OPTIONS_H_
#define FAULTLINE_VIZ_RENDER_OPTIONS_H_

#include <string>

namespace faultline::viz {

// The vertical scale: true simulated time, or one row per event (dense runs).
enum class Scale { kCompact, kTime };

struct RenderOptions {
  Scale scale = Scale::kCompact;
  std::string title;          // shown on top; empty: the diagram's source
  bool message_labels = true; // draw short labels on arrows
};

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_RENDER_OPTIONS_H_
