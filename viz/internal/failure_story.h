// The failure view's story section (failure_view.h): the story diagram of the violation
// (story.h) drawn inline, with a cursor on its rows, a slider that steps through them and
// a table of what the trace shows of each node at that step (story_steps.h). The steps
// are written once, in C++, as a compact JSON blob in the page; its script only indexes
// them. With scripts off the section shows the first step.
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_STORY_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_STORY_H_

#include <string>

#include "viz/failure_view.h"
#include "viz/story_steps.h"
#include "viz/svg.h"

namespace faultline::viz::internal::failure {

// The page's style rules for the section (and for op highlighting in every view).
extern const char kStoryStyle[];

// Appends <section id="story">...</section> and, after it, the steps' JSON.
// REQUIRES: story.diagram and story.trace are set.
void AppendStorySection(std::string* out, const FailureViewStory& story, const std::string& key);

// The slider's script; after the section, at the end of the page.
void AppendStoryScript(std::string* out);

// The steps as the page's script reads them:
//   {"key":"k0","nodes":["n1",...],"s":[strings...],
//    "steps":[[y, text, role, note, value, from, flags, (the same for each node)...], ...]}
// y: the row's y in the picture (tenths of a px); the others index "s"; flags: 1 down,
// 2 paused. '<', '>' and '&' are written as \u escapes, so the blob can sit in a <script>.
std::string StepsJson(const StorySteps& steps, const SvgGeometry& geometry);

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_STORY_H_
