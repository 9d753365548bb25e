#include "cli/check_locks.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <utility>

#include "base/units.h"
#include "checkers/locks/lock_history.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

int CheckLockHistory(const std::string& history_path, const std::string& format_name,
                     const std::string& report_path, const std::vector<std::string>& checker_names,
                     const LockLimits& limits) {
  if (!format_name.empty() && format_name != "auto" && format_name != "faultline") {
    std::fprintf(stderr,
                 "faultline check: --format %s: the lock checkers read faultline's "
                 "history.jsonl only (--format auto or faultline)\n",
                 format_name.c_str());
    return kExitUsage;
  }
  if (!report_path.empty()) {
    if (absl::Status st = CheckWritable(report_path, "--report"); !st.ok()) return ReportError(st);
    if (absl::Status st = CheckNotInput(report_path, "--report", history_path); !st.ok()) {
      return ReportError(st);
    }
  }
  absl::StatusOr<checkers::locks::LockHistory> history =
      checkers::locks::ReadLockHistoryFile(history_path);
  if (!history.ok()) return ReportError(history.status());
  std::cout << "history: " << history->source << " (faultline, " << history->requests.size()
            << " requests, " << history->observations() << " node observations)\n";
  nlohmann::json results = nlohmann::json::object();
  bool violation = false;
  bool unknown = false;
  for (const std::string& name : checker_names) {
    LockOutcome o = RunLockChecker(name, *history, limits);
    for (const std::string& line : o.lines) std::cout << line << "\n";
    violation = violation || o.violation;
    unknown = unknown || o.unknown;
    results[name] = std::move(o.report);
  }
  if (!report_path.empty()) {
    const nlohmann::json out = {{"valid", violation ? nlohmann::json(false)
                                          : unknown ? nlohmann::json("unknown")
                                                    : nlohmann::json(true)},
                                {"history",
                                 {{"source", history->source},
                                  {"format", "faultline"},
                                  {"ops", history->requests.size()},
                                  {"observations", history->observations()}}},
                                {"checkers", results}};
    const std::string text =
        out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (absl::Status st = WriteFileAtomically(report_path, text); !st.ok()) return ReportError(st);
    std::cout << "report: " << report_path << "\n";
  }
  return violation ? kExitViolation : unknown ? kExitUnknown : kExitOk;
}

int CheckLocksFromFlags(const boost::program_options::variables_map& vm,
                        const std::string& history_path, const std::string& format_name,
                        const std::string& report_path, const std::string& time_limit_text,
                        const std::string& memory_limit_text,
                        const std::vector<std::string>& checker_names) {
  if (!std::all_of(checker_names.begin(), checker_names.end(), IsLockChecker)) {
    std::fprintf(stderr,
                 "faultline check: mutual-exclusion and mutex judge a lock history (request "
                 "ops and the lock model's observations); check other checkers in a separate "
                 "run\n");
    return kExitUsage;
  }
  for (const char* flag :
       {"model", "spec", "html", "semantics", "initial", "no-split", "t-bucket", "t-horizon"}) {
    if (vm.count(flag) && !vm[flag].defaulted()) {
      std::fprintf(stderr, "faultline check: --%s does not apply to the lock checkers; drop it\n",
                   flag);
      return kExitUsage;
    }
  }
  if (vm.count("report") && report_path.empty()) {
    std::fprintf(stderr,
                 "faultline check: --report needs a file name, e.g. --report evidence.json\n");
    return kExitUsage;
  }
  LockLimits limits;
  absl::StatusOr<Nanos> time_limit_ns = ParseDuration(time_limit_text);
  if (!time_limit_ns.ok() || *time_limit_ns <= 0) {
    std::fprintf(stderr,
                 "faultline check: --time-limit must be a positive duration such as 10s or "
                 "500ms, not '%s'\n",
                 time_limit_text.c_str());
    return kExitUsage;
  }
  limits.time_limit_ns = *time_limit_ns;
  absl::StatusOr<uint64_t> memory_limit = ParseByteSize(memory_limit_text);
  if (!memory_limit.ok() || *memory_limit == 0) {
    std::fprintf(stderr,
                 "faultline check: --memory-limit must be a positive size such as 512MB or "
                 "2GiB, not '%s'\n",
                 memory_limit_text.c_str());
    return kExitUsage;
  }
  limits.memory_limit_bytes = *memory_limit;
  return CheckLockHistory(history_path, format_name, report_path, checker_names, limits);
}

}  // namespace faultline::cli
