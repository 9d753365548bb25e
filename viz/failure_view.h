// The linearizability failure view: one self-contained HTML page that shows why a history
// is not linearizable, drawn from the checker's report (check_report_reader.h) and, when
// there is one, the run's trace (for the faults active at the time).
//
// The page holds, with no network fetches (inline CSS and SVG, a few lines of optional
// script for hover highlighting; everything works with scripts off):
//   - the verdict: the op that cannot be placed, the longest linearizable prefix and the
//     model state it leaves, the ops concurrent with the stuck op, the checker's sentence;
//   - a timeline (failure_timeline.h): a row per process, a bar per op, prefix badges
//     1..N, the stuck op and its interval, the concurrent ops, fault bands and markers;
//   - the faults touching that time (or a note that no trace was given);
//   - a plain table of the ops with their roles, which reads well printed;
//   - with the run's story (story.h), the story diagram inline, a slider stepping through
//     its rows and a table of each node's role and last value of the key at that step.
// Every view of an op carries data-op="<op number>": hovering or clicking an op highlights
// it in every view, and `#op-772` in the URL selects op 772 on load (`#step-12` or
// `?step=12` selects step 12). docs/failure-view.md describes the page.
// For a report without a violation the page says so (linearizable, or unknown and why).
//
// The output is XHTML-compatible (every element closed, text escaped), so `xmllint
// --noout` accepts it, and byte-identical for the same inputs: integers only, ordered
// containers, no clocks.
//
//   absl::StatusOr<CheckReport> report = ReadCheckReportFile("evidence.json");
//   std::string html = RenderFailureView(*report, /*trace=*/nullptr);
#ifndef FAULTLINE_VIZ_FAILURE_VIEW_H_
#define FAULTLINE_VIZ_FAILURE_VIEW_H_

#include <string>

#include "viz/check_report_reader.h"
#include "viz/diagram.h"
#include "viz/render_options.h"
#include "viz/trace_events.h"

namespace faultline::viz {

// The story of the violation (story.h) for the page to show beside its own views, linked
// with them by op number, with a slider over its rows (failure_story.h).
struct FailureViewStory {
  const Diagram* diagram = nullptr;   // BuildStoryDiagram's
  const TraceEvents* trace = nullptr;  // the whole trace it was built from
  RenderOptions options;               // how to draw it (its title)
};

// `trace`: the run's trace events, or nullptr when there is none (a bare history).
std::string RenderFailureView(const CheckReport& report, const TraceEvents* trace);

// The same with the story section, when `story` is not nullptr.
std::string RenderFailureView(const CheckReport& report, const TraceEvents* trace,
                              const FailureViewStory* story);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_FAILURE_VIEW_H_
