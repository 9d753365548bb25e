#include "cli/exit_codes.h"

#include <cstdio>
#include <string>

namespace faultline::cli {

int ReportError(const absl::Status& status) {
  const std::string message(status.message());
  std::fprintf(stderr, "faultline: %s\n", message.c_str());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
      return kExitDataErr;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnavailable:
      return kExitCantCreate;
    default:
      return kExitInternal;
  }
}

}  // namespace faultline::cli
