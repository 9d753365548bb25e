#include "cli/check_flags.h"

#include <cstdio>
#include <iostream>
#include <string_view>

#include "base/units.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"

namespace faultline::cli {

std::optional<CheckBudget> ParseCheckBudget(const std::string& time_limit_text,
                                            const std::string& memory_limit_text) {
  absl::StatusOr<Nanos> time_limit_ns = ParseDuration(time_limit_text);
  if (!time_limit_ns.ok() || *time_limit_ns <= 0) {
    std::fprintf(stderr,
                 "faultline check: --time-limit must be a positive duration such as "
                 "10s or 500ms, not '%s'\n",
                 time_limit_text.c_str());
    return std::nullopt;
  }
  absl::StatusOr<uint64_t> memory_limit = ParseByteSize(memory_limit_text);
  if (!memory_limit.ok() || *memory_limit == 0) {
    std::fprintf(stderr,
                 "faultline check: --memory-limit must be a positive size such as 512MB or "
                 "2GiB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), not '%s'\n",
                 memory_limit_text.c_str());
    return std::nullopt;
  }
  return CheckBudget{*time_limit_ns, *memory_limit};
}

int RefuseKvFlags(const boost::program_options::variables_map& vm, const char* family) {
  for (const char* flag :
       {"model", "spec", "html", "semantics", "initial", "no-split", "t-bucket", "t-horizon"}) {
    if (vm.count(flag) && !vm[flag].defaulted()) {
      std::fprintf(stderr, "faultline check: --%s does not apply to %s; drop it\n", flag, family);
      return kExitUsage;
    }
  }
  if (vm.count("report") && vm["report"].as<std::string>().empty()) {
    std::fprintf(stderr,
                 "faultline check: --report needs a file name, e.g. --report evidence.json\n");
    return kExitUsage;
  }
  return kExitOk;
}

int RequireFaultlineFormat(const std::string& format_name, const char* family) {
  if (format_name.empty() || format_name == "auto" || format_name == "faultline") return kExitOk;
  std::fprintf(stderr,
               "faultline check: --format %s: %s read%s faultline's history.jsonl only (--format "
               "auto or faultline)\n",
               format_name.c_str(), family,
               std::string_view(family).ends_with("checkers") ? "" : "s");
  return kExitUsage;
}

absl::Status CheckReportPath(const std::string& report_path, const std::string& history_path) {
  if (report_path.empty()) return absl::OkStatus();
  if (absl::Status st = CheckWritable(report_path, "--report"); !st.ok()) return st;
  return CheckNotInput(report_path, "--report", history_path);
}

absl::Status WriteChecksReport(const std::string& report_path, bool violation, bool unknown,
                               const nlohmann::json& history, const nlohmann::json& checkers) {
  const nlohmann::json out = {{"valid", violation ? nlohmann::json(false)
                                        : unknown ? nlohmann::json("unknown")
                                                  : nlohmann::json(true)},
                              {"history", history},
                              {"checkers", checkers}};
  const std::string text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (absl::Status st = WriteFileAtomically(report_path, text); !st.ok()) return st;
  std::cout << "report: " << report_path << "\n";
  return absl::OkStatus();
}

}  // namespace faultline::cli
