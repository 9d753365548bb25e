// The failure view's scripts (failure_view.h), kept apart from the markup they drive. Both
// are optional: with scripts off the page is complete, only less convenient. Neither holds
// '<' or '&', so the page stays well-formed XML without a CDATA section.
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_SCRIPTS_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_SCRIPTS_H_

namespace faultline::viz::internal::failure {

// Links every view of an op by its data-op (hover, click, #op-N, ?op=N).
extern const char kOpLinkScript[];

// The story's slider, cursor and node table, from the steps' JSON (failure_story.h).
extern const char kStepScript[];

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_SCRIPTS_H_
