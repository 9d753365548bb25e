#include "cli/staleness_flags.h"

#include <cstdio>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "base/units.h"

namespace faultline::cli {

// --t-bucket and --t-horizon; nullopt (with the message printed) when they are not
// positive durations or the horizon is narrower than a bucket.
std::optional<checkers::consistency::StalenessOptions> ParseStalenessOptions(
    const std::string& bucket_text, const std::string& horizon_text) {
  absl::StatusOr<Nanos> bucket = ParseDuration(bucket_text);
  // No --t-horizon: 100 buckets, whatever their width.
  absl::StatusOr<Nanos> horizon =
      horizon_text.empty() && bucket.ok() ? *bucket * 100 : ParseDuration(horizon_text);
  if (!bucket.ok() || *bucket <= 0) {
    std::fprintf(stderr,
                 "faultline check: --t-bucket must be a positive duration such as 1ms or "
                 "500us, not '%s'\n",
                 bucket_text.c_str());
    return std::nullopt;
  }
  if (!horizon.ok() || *horizon < *bucket) {
    std::fprintf(stderr,
                 "faultline check: --t-horizon must be a duration of at least --t-bucket (%s), "
                 "such as 100ms, not '%s'\n",
                 bucket_text.c_str(), horizon_text.c_str());
    return std::nullopt;
  }
  // A bounded curve: at most 100000 buckets, whatever the flags say.
  if (*horizon / *bucket > 100'000) {
    std::fprintf(stderr,
                 "faultline check: --t-horizon %s / --t-bucket %s gives more than 100000 "
                 "buckets; widen the bucket or shorten the horizon\n",
                 horizon_text.c_str(), bucket_text.c_str());
    return std::nullopt;
  }
  if (*horizon % *bucket != 0) {
    std::fprintf(stderr,
                 "faultline check: --t-horizon %s is not a whole number of --t-bucket %s; the "
                 "curve's last bucket starts at the horizon, so give a multiple (e.g. %s)\n",
                 horizon_text.c_str(), bucket_text.c_str(),
                 FormatDuration(*horizon / *bucket * *bucket).c_str());
    return std::nullopt;
  }
  checkers::consistency::StalenessOptions options;
  options.t_bucket_ns = *bucket;
  options.t_buckets = *horizon / *bucket;
  return options;
}

}  // namespace faultline::cli
