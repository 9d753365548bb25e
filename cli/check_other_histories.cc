#include "cli/check_other_histories.h"

#include <algorithm>
#include <cstdio>

#include "cli/check_flags.h"
#include "cli/check_locks.h"
#include "cli/check_messaging.h"
#include "cli/check_read_atomic.h"
#include "cli/check_sharding.h"
#include "cli/exit_codes.h"
#include "cli/lock_report.h"
#include "cli/ordering_report.h"
#include "cli/read_atomic_report.h"
#include "cli/sharding_report.h"

namespace faultline::cli {

std::optional<int> CheckOtherHistories(const boost::program_options::variables_map& vm,
                                       const std::string& history_path,
                                       const std::string& format_name,
                                       const std::string& report_path,
                                       const std::string& time_limit_text,
                                       const std::string& memory_limit_text,
                                       const std::vector<std::string>& checker_names) {
  if (std::any_of(checker_names.begin(), checker_names.end(), IsLockChecker)) {
    // A lock history is judged by the lock checkers alone (cli/check_locks.h).
    return CheckLocksFromFlags(vm, history_path, format_name, report_path, time_limit_text,
                               memory_limit_text, checker_names);
  }
  if (std::any_of(checker_names.begin(), checker_names.end(), IsOrderingChecker)) {
    // A messaging history is judged by the ordering checkers alone, with their own flags.
    if (!std::all_of(checker_names.begin(), checker_names.end(), IsOrderingChecker)) {
      std::fprintf(stderr,
                   "faultline check: ordering and exactly-once judge a messaging history (send, "
                   "poll, pending and node observations); check a kv history's checkers in a "
                   "separate run\n");
      return kExitUsage;
    }
    if (int code = RefuseKvFlags(vm, "the ordering checkers"); code != kExitOk) return code;
    return CheckMessagingHistory(history_path, format_name, report_path, checker_names);
  }
  if (IsReadAtomicCheck(checker_names)) {
    // A multi-key history: the kv checkers cannot read it, the sharding checker can.
    return CheckReadAtomicFromFlags(vm, history_path, format_name, report_path, checker_names);
  }
  if (std::any_of(checker_names.begin(), checker_names.end(),
                  [](const std::string& n) { return n == kReadAtomicChecker; })) {
    std::fprintf(stderr,
                 "faultline check: read-atomic judges a multi-key history (multi-read and "
                 "multi-write ops), which the kv checkers cannot read; list it alone or with "
                 "sharding\n");
    return kExitUsage;
  }
  if (checker_names == std::vector<std::string>{kShardingChecker}) {
    // Alone, the sharding checker reads only the router's records and the ops' times.
    return CheckShardingFromFlags(vm, history_path, format_name, report_path);
  }
  return std::nullopt;
}

}  // namespace faultline::cli
