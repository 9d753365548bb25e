// The consistency checkers (checkers/consistency/) as the CLI runs them: their names,
// the JSON object each puts in results.json's "checkers" (and `faultline check
// --report`), the one-line summary of a run and the evidence `faultline check` prints.
// docs/consistency-checkers.md documents the fields.
//
//   for (const std::string& name : ExpandCheckerNames({"session", "staleness"})) {
//     ConsistencyOutcome out = RunConsistencyChecker(name, view, {});
//     results["checkers"][name] = out.report;
//   }
#ifndef FAULTLINE_CLI_CONSISTENCY_REPORT_H_
#define FAULTLINE_CLI_CONSISTENCY_REPORT_H_

#include <string>
#include <vector>

#include "checkers/consistency/kv_view.h"
#include "checkers/consistency/staleness.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// Every name a scenario's `checkers:` and `faultline check --checkers` accept:
// linearizability, session, the four session guarantees, lost-writes, staleness,
// convergence, ordering, exactly-once.
std::vector<std::string> CheckerNames();

// One line of help for `faultline list checkers`.
std::string CheckerHelp(const std::string& name);

// Whether `name` is one of checkers/consistency/'s (not linearizability, not session).
bool IsConsistencyChecker(const std::string& name);

// `session` becomes read-your-writes, monotonic-reads, monotonic-writes and
// writes-follow-reads; the order is kept and a name listed twice runs once.
std::vector<std::string> ExpandCheckerNames(const std::vector<std::string>& names);

struct ConsistencyOutcome {
  nlohmann::json report;  // {"checker", "valid", "verdict", ...}
  bool violation = false;
  // "read-your-writes (1627 ops): 3 violations on 2 keys; first: process 3 read ..."
  std::string summary;
  // The verdict and every kept piece of evidence, for `faultline check`'s output.
  std::string details;
};

// REQUIRES: IsConsistencyChecker(name).
ConsistencyOutcome RunConsistencyChecker(const std::string& name,
                                         const checkers::consistency::KvView& view,
                                         const checkers::consistency::StalenessOptions& options);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CONSISTENCY_REPORT_H_
