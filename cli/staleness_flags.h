// `faultline check`'s --t-bucket and --t-horizon flags, read into the staleness checker's
// options (checkers/consistency/).
#ifndef FAULTLINE_CLI_STALENESS_FLAGS_H_
#define FAULTLINE_CLI_STALENESS_FLAGS_H_

#include <optional>
#include <string>

#include "checkers/consistency/staleness.h"

namespace faultline::cli {

// nullopt (with the message printed) when they are not positive durations or the horizon
// is narrower than a bucket. An empty horizon is 100 buckets.
std::optional<checkers::consistency::StalenessOptions> ParseStalenessOptions(
    const std::string& bucket_text, const std::string& horizon_text);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_STALENESS_FLAGS_H_
