// `faultline check`'s linearizability step: runs the checker over a history, prints the
// verdict and its evidence (the longest linearizable prefix, the op that cannot come
// next, the ops concurrent with it), writes the failure view when asked, and returns the
// report (docs/check-report.md). The other checkers' steps are consistency_report.h and
// convergence_report.h.
//
//   absl::StatusOr<nlohmann::json> report = CheckLinearizability(
//       history, *spec, /*initial=*/std::nullopt, semantics, limits, path, /*html_path=*/"");
#ifndef FAULTLINE_CLI_CHECK_LINEARIZABILITY_H_
#define FAULTLINE_CLI_CHECK_LINEARIZABILITY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "checkers/operation.h"
#include "checkers/semantics.h"
#include "checkers/spec.h"
#include "cli/check_report.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// `initial`: the register's (every key's) starting value instead of the spec's, when set;
// `semantics` is recorded in the report. `html_path` empty: no failure view.
absl::StatusOr<nlohmann::json> CheckLinearizability(const checkers::History& history,
                                                    const checkers::Spec& spec,
                                                    const std::optional<checkers::Value>& initial,
                                                    checkers::Semantics semantics,
                                                    const CheckLimits& limits,
                                                    const std::string& history_path,
                                                    const std::string& html_path);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_LINEARIZABILITY_H_
