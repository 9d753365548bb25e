// What the linearizability failure view shows, before any markup: the violation's ops
// (each once, with its roles), the time window they span, and the faults that touch it.
// failure_timeline.cc draws it as SVG and failure_view.cc writes the page around it.
#ifndef FAULTLINE_VIZ_INTERNAL_FAILURE_MODEL_H_
#define FAULTLINE_VIZ_INTERNAL_FAILURE_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "viz/check_report_reader.h"
#include "viz/internal/failure_faults.h"
#include "viz/trace_events.h"

namespace faultline::viz::internal::failure {

struct ViewOp {
  const ReportOp* op = nullptr;  // points into the report
  int64_t prefix_pos = 0;        // 1-based position in the linearizable prefix; 0: not in it
  bool stuck = false;            // the op that cannot be placed
  bool concurrent = false;       // overlaps the stuck op
};

struct FailureModel {
  const CheckReport* report = nullptr;
  const ReportViolation* violation = nullptr;
  std::vector<ViewOp> ops;  // every op of the evidence once, by history index
  bool times_ns = true;     // call/ret are simulated ns (faultline histories), else positions
  int64_t from = 0;         // the first call
  int64_t to = 0;           // the last call or ret
  const TraceEvents* trace = nullptr;    // nullptr: no trace given
  std::vector<Fault> faults;             // the trace's faults touching [from, to]
  std::vector<std::string> fault_nodes;  // nodes with a fault track, in trace order
  int64_t faults_elsewhere = 0;          // faults of the trace outside [from, to]
};

// REQUIRES: report.violation.
FailureModel BuildFailureModel(const CheckReport& report, const TraceEvents* trace);

// A time as the view prints it: "1.25s" (ns), or the integer position.
std::string TimeText(const FailureModel& m, int64_t t);

// A report value (JSON text) for people: null -> "nil", others as they are.
std::string ValueText(std::string_view json_text);

// Whether `op` returns a value worth showing (read, get, dequeue): other ops show no output.
bool ReadsAValue(const ReportOp& op);

// A short label for a bar: "write 3", "read -> 2", "read -> ?", "cas 1->2".
std::string ShortOpLabel(const ReportOp& op);

// Who ran `op`: "c2 (process 1)" when the history names its clients, else "process 1".
std::string ProcessName(const ReportOp& op);

// The stuck op's window [call, ret]; ret is m.to when the op never completed.
int64_t StuckEnd(const FailureModel& m);

}  // namespace faultline::viz::internal::failure

#endif  // FAULTLINE_VIZ_INTERNAL_FAILURE_MODEL_H_
