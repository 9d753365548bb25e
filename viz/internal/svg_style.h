// The look of the space-time SVG: one embedded stylesheet, arrowhead markers and fill
// patterns (no external fonts, CSS or scripts).
//
// A message kind's colour comes from viz/kind_colours.h, so it is the same in every
// picture; the CSS class .k<slot> (stroke), .tk<slot> (text) and marker h<slot> name the
// colour slot, and only the slots the picture uses are written.
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_

#include <map>
#include <string>

#include "viz/diagram.h"

namespace faultline::viz::internal::svg {

// Each message kind the diagram draws -> its colour slot (KindColourSlot), sorted by kind.
std::map<std::string, int> KindSlots(const Diagram& d);

// Appends <style> and <defs>, with the classes and markers of the slots in `kind_slots`.
void AppendStyleAndDefs(const std::map<std::string, int>& kind_slots, std::string* out);

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_STYLE_H_
