// The fault events of a trace.jsonl, read line by line for the failure view
// (failure_view.h): partitions, heals, crashes, restarts, pauses, resumes, clock changes
// and link faults. Memory grows with the number of faults, not with the trace, so a run
// of 10^8 events can still draw its failure view.
//
//   absl::StatusOr<TraceEvents> faults = ReadFaultEvents("runs/x/trace.jsonl");
//   std::string html = RenderFailureView(report, &*faults);
#ifndef FAULTLINE_VIZ_FAULT_EVENTS_H_
#define FAULTLINE_VIZ_FAULT_EVENTS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "viz/trace_events.h"

namespace faultline::viz {

// Whether a trace event type (its JSON "type") is a fault the failure view draws.
bool IsFaultType(std::string_view type);

// The fault events of the trace at `path`, each with its line in the file. Only those
// lines are parsed (with ParseTrace's checks and errors, "PATH:LINE: expected ...").
// A missing file is NotFound, a directory InvalidArgument, both naming the path.
absl::StatusOr<TraceEvents> ReadFaultEvents(const std::string& path);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_FAULT_EVENTS_H_
