// `faultline check`'s flags as every checker family reads them: the search budget
// (--time-limit, --memory-limit), the kv checkers' own flags, which the checkers of
// other histories (locks, ordering, sharding) refuse by name, and the --report file
// those families write alike.
//
//   std::optional<CheckBudget> budget = ParseCheckBudget("60s", "1GiB");
//   if (!budget) return kExitUsage;  // the message is printed
//   if (int code = RefuseKvFlags(vm, "the lock checkers"); code != kExitOk) return code;
#ifndef FAULTLINE_CLI_CHECK_FLAGS_H_
#define FAULTLINE_CLI_CHECK_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "base/time.h"
#include "boost/program_options.hpp"
#include "nlohmann/json.hpp"

namespace faultline::cli {

struct CheckBudget {
  Nanos time_limit_ns = 0;
  uint64_t memory_limit_bytes = 0;
};

// nullopt (with the message printed) unless both are positive: a duration such as 10s and
// a size such as 512MB.
std::optional<CheckBudget> ParseCheckBudget(const std::string& time_limit_text,
                                            const std::string& memory_limit_text);

// kExitUsage (with the message printed) when a kv checker's flag (--model, --html,
// --semantics, --initial, --no-split, --t-bucket, --t-horizon) was given to `family`
// ("the lock checkers"), or --report without a file name; else kExitOk.
int RefuseKvFlags(const boost::program_options::variables_map& vm, const char* family);

// kExitUsage (with the message printed) unless --format `format_name` is auto or
// faultline: `family` ("the lock checkers") reads faultline's history.jsonl only.
int RequireFaultlineFormat(const std::string& format_name, const char* family);

// Fails when --report `report_path` cannot be written or would replace the history it
// reports on; checked before the checkers run, so a bad path fails at once. OK when empty.
absl::Status CheckReportPath(const std::string& report_path, const std::string& history_path);

// Writes {"valid", "history", "checkers"} to `report_path` (docs/check-report.md) and
// prints "report: PATH". `valid`: false on a violation, else "unknown" when a checker
// could not decide, else true.
absl::Status WriteChecksReport(const std::string& report_path, bool violation, bool unknown,
                               const nlohmann::json& history, const nlohmann::json& checkers);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_CHECK_FLAGS_H_
