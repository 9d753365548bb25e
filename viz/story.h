// The story of a violation: instead of N events around the failing op, the events that
// explain it, and gap marks for the rest. What `faultline run` draws for a failing run
// (story.svg) and `faultline viz --around-violation` draws by default.
//
//   absl::StatusOr<Diagram> d = BuildStoryDiagram(trace, report);  // report: check_report_reader.h
//   std::string svg = RenderSvg(*d, RenderOptions{});
//
// What is kept, for the key K of the violation and the op S the checker could not place:
//   - S itself; for a read, the write whose value it returned (the latest write of that
//     value to K invoked before S ended) and the acknowledged writes of K it contradicts
//     (ok writes of the checker's linearizable prefix that began after that write ended
//     and were acknowledged before S began: the last 3, the caption counts them all);
//     a few of the ops the report says were concurrent with S;
//   - the client requests and replies of those ops, and the messages that carried their
//     values (a body naming K and the value: replication, log entries);
//   - every fault in between (partitions, crashes, pauses, clock and link changes) and a
//     partition, crash or pause that began earlier and was still on; every node's notes
//     (promotions, step-downs, elections, data thrown away) and the run's phases;
//   - each node's start, so every node has its lane.
// Stretches of 10 or more left-out events between kept ones get a gap mark ("... 312
// events left out ..."); the note counts everything left out, after the last one too.
// Diagram::story carries the caption and which ops to outline, cross out and link.
#ifndef FAULTLINE_VIZ_STORY_H_
#define FAULTLINE_VIZ_STORY_H_

#include "absl/status/statusor.h"
#include "viz/check_report_reader.h"
#include "viz/diagram.h"
#include "viz/trace_events.h"

namespace faultline::viz {

// Errors: InvalidArgument when the report has no violation to tell, or when the trace has
// no op with the failing op's number (a report of another run).
absl::StatusOr<Diagram> BuildStoryDiagram(const TraceEvents& trace, const CheckReport& report);

// The same story for a key of a run without a violation (to set beside a failing run's,
// `faultline viz --compare`): its last ok read in place of the failing op, the write whose
// value it returned, the last writes of the key that failed or timed out before it, their
// messages, faults and notes. StoryMarks::violation is false.
// An empty `key` means the key of the run's last ok read.
// Errors: InvalidArgument when no read of `key` returned ok.
absl::StatusOr<Diagram> BuildKeyStory(const TraceEvents& trace, std::string key);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_STORY_H_
