// The short human summary `faultline run` prints on stdout.
#ifndef FAULTLINE_CLI_SUMMARY_H_
#define FAULTLINE_CLI_SUMMARY_H_

#include <string>

#include "cli/results_json.h"

namespace faultline::cli {

std::string FormatSummary(const RunRecord& record, const std::string& out_dir);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_SUMMARY_H_
