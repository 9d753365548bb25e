// The look of the space-time SVG: one embedded stylesheet, arrowhead markers and fill
// patterns (no external fonts, CSS or scripts), and the colour of each message kind.
//
// Kinds are coloured in sorted order from a fixed palette (red and amber are kept for
// losses and indeterminate ops); kinds named like "heartbeat" are drawn in light grey
// because they are noise in most pictures.
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_

#include <map>
#include <string>

#include "viz/diagram.h"

namespace faultline::viz::internal::svg {

inline constexpr int kKindColours = 8;      // CSS classes k0..k7, markers h0..h7
inline constexpr int kHeartbeatColour = 7;  // light grey

// Message kind -> colour index in [0, kKindColours).
std::map<std::string, int> AssignKindColours(const Diagram& d);

// Appends <style> and <defs>.
void AppendStyleAndDefs(std::string* out);

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_
