// Two SVG pictures side by side in one SVG file (`faultline viz --compare`): each keeps its
// own coordinates inside a nested <svg>, under a shared heading.
//
//   absl::StatusOr<std::string> svg = SideBySideSvg(RenderSvg(a, o), RenderSvg(b, o), "async vs sync");
#ifndef FAULTLINE_VIZ_SIDE_BY_SIDE_H_
#define FAULTLINE_VIZ_SIDE_BY_SIDE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace faultline::viz {

// `left` and `right` are whole SVG documents as RenderSvg writes them (an optional XML
// declaration, then a root <svg> with width and height in pixels). Both pictures define the
// same markers and patterns under the same ids, so the second's repeat the first's.
// Errors: InvalidArgument when either is not such a document.
absl::StatusOr<std::string> SideBySideSvg(std::string_view left, std::string_view right,
                                          std::string_view title);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SIDE_BY_SIDE_H_
