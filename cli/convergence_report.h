// The convergence checker (checkers/convergence.h) as the CLI runs it: the JSON object it
// puts in results.json's "checkers" (and `faultline check --report`), the one-line
// summary of a run and the evidence `faultline check` prints.
//
//   ConsistencyOutcome out = RunConvergenceChecker(history);
//   results["checkers"]["convergence"] = out.report;
#ifndef FAULTLINE_CLI_CONVERGENCE_REPORT_H_
#define FAULTLINE_CLI_CONVERGENCE_REPORT_H_

#include "checkers/operation.h"
#include "cli/consistency_report.h"

namespace faultline::cli {

// `history` with its replica reads (read-local). `unknown` is set when the verdict is.
ConsistencyOutcome RunConvergenceChecker(const checkers::History& history, bool& unknown);

// `history` without its replica reads: what linearizability and the consistency checkers
// judge (a replica read is a look at one node's copy, not an op of the store).
checkers::History ClientOpsOnly(const checkers::History& history);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CONVERGENCE_REPORT_H_
