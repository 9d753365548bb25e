// The faults of a run, read from its trace events for the linearizability failure view:
// partitions, node crashes (down until restart) and pauses as intervals; clock jumps and
// drifts and link faults as instants (a link fault's undo does not say which fault it
// undoes, so each link event is a marker of its own).
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_FAULTS_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_FAULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "viz/trace_events.h"

namespace faultline::viz::internal::failure {

enum class FaultKind { kPartition, kDown, kPaused, kClock, kLink };

// "partition", "crash", "pause", "clock", "link".
const char* FaultKindName(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::kPartition;
  std::string node;            // the node crashed, paused or whose clock changed; "" otherwise
  int64_t begin = 0;           // simulated ns
  std::optional<int64_t> end;  // intervals: when it ended; nullopt: still on when the trace ends
  bool instant = false;        // clock and link faults: a marker at `begin`
  std::string text;            // the cut ("{n1} | {n2,n3}"), "jump +300ms", the link fault
  std::string end_text;        // what ended it: "partition healed", "restart", ...
  int64_t line = 0;            // trace.jsonl line of the event that began it
};

// The faults in order of the events that began them. Cost: linear in the trace.
std::vector<Fault> FaultsFromTrace(const TraceEvents& trace);

// Whether `f` touches [from, to] (an instant inside it, or an interval overlapping it).
bool Touches(const Fault& f, int64_t from, int64_t to);

// The nodes with a crash, pause or clock fault in `faults`, shorter names first, then in
// byte order: n1, n2, ..., n10.
std::vector<std::string> FaultNodes(const std::vector<Fault>& faults);

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_FAULTS_H_
