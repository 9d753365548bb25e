#include "cli/batch_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/text_file.h"
#include "base/units.h"
#include "cli/batch_charts.h"
#include "cli/batch_report.h"
#include "cli/batch_run.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/run_dir.h"
#include "scenario/scenario_loader.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr uint64_t kMaxSeeds = 10'000;
constexpr size_t kMaxRuns = 100'000;

int Usage(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "faultline %s: %s\nsee: faultline %s --help\n", command.c_str(),
               message.c_str(), command.c_str());
  return kExitUsage;
}

std::string SafeName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  return out.empty() ? "scenario" : out;
}

// One line per run on stderr; on a terminal the line is rewritten in place.
class Progress {
 public:
  Progress(bool quiet, size_t total) : quiet_(quiet), tty_(isatty(2) == 1), total_(total) {}
  ~Progress() {
    if (!quiet_ && tty_ && done_ > 0) std::fputc('\n', stderr);
  }
  void Ran(const std::string& group, const RunSample& r, double wall_s) {
    ++done_;
    if (quiet_) return;
    std::string verdicts;
    for (const auto& [checker, verdict] : r.verdicts) {
      absl::StrAppend(&verdicts, verdicts.empty() ? "" : ", ", checker, " ", verdict);
    }
    const std::string line =
        absl::StrCat("[", done_, "/", total_, "] ", group, " seed ", r.seed,
                     ": trace_hash=", r.trace_hash, verdicts.empty() ? "" : "; ", verdicts,
                     r.completed ? "" : " (stopped early)", absl::StrFormat(" (%.2fs)", wall_s));
    if (tty_) {
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
  }

 private:
  bool quiet_;
  bool tty_;
  size_t total_;
  size_t done_ = 0;
};

// Writes the report's files into the output directory; returns the names written.
absl::StatusOr<std::vector<std::string>> WriteReport(const std::string& command,
                                                     const std::string& out_dir, RunDir& owned,
                                                     const std::vector<ChartFile>& charts,
                                                     const std::string& csv,
                                                     const std::string& json) {
  std::vector<std::string> chart_names;
  for (const ChartFile& c : charts) chart_names.push_back(c.name);
  if (absl::Status st = owned.Add(chart_names); !st.ok()) return st;
  std::vector<std::string> written;
  auto write = [&](const std::string& name, const std::string& text) -> absl::Status {
    if (absl::Status st = WriteFileAtomically(out_dir + "/" + name, text); !st.ok()) return st;
    written.push_back(name);
    return absl::OkStatus();
  };
  if (absl::Status st = write(command + ".csv", csv); !st.ok()) return st;
  if (absl::Status st = write(command + ".json", json); !st.ok()) return st;
  for (const ChartFile& c : charts) {
    if (absl::Status st = write(c.name, c.svg); !st.ok()) return st;
  }
  return written;
}

}  // namespace

std::optional<uint64_t> ParseFlagCount(const std::string& text, uint64_t min, uint64_t max) {
  uint64_t v = 0;
  if (text.empty() || text.size() > 19 ||
      text.find_first_not_of("0123456789") != std::string::npos || !absl::SimpleAtoi(text, &v) ||
      v < min || v > max) {
    return std::nullopt;
  }
  return v;
}

std::vector<std::string> SplitTopLevelCommas(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.emplace_back();
      continue;
    }
    parts.back().push_back(c);
  }
  return parts;
}

void AddBatchOptions(po::options_description& options, BatchFlags* flags) {
  options.add_options()("seeds", po::value(&flags->seeds_text)->default_value(flags->seeds_text),
                        "run each on this many seeds (1 to 10000)")(
      "seed-start", po::value(&flags->seed_start_text)->default_value(flags->seed_start_text),
      "the first seed; seeds are seed-start .. seed-start + seeds - 1")(
      "out", po::value(&flags->out_dir),
      "output directory; default: runs/<command>-<scenario name>")(
      "set", po::value(&flags->sets)->composing(),
      "override a field for every run, e.g. --set duration=5s (repeatable)")(
      "check-time-limit", po::value(&flags->check_limit_text)->default_value("30s"),
      "time budget of each run's checkers; past it that verdict is unknown")(
      "quiet", po::bool_switch(&flags->quiet), "no progress on stderr");
}

namespace {

// The flags' values, once checked.
struct SeedRange {
  uint64_t first = 1;
  uint64_t count = 1;
};

// Checks the flags; 0, or the usage error's exit code after printing it.
int CheckFlags(const std::string& command, const BatchFlags& flags, SeedRange* seeds,
               Nanos* check_limit_ns) {
  const std::optional<uint64_t> count = ParseFlagCount(flags.seeds_text, 1, kMaxSeeds);
  if (!count) {
    return Usage(command, absl::StrCat("--seeds must be a count from 1 to ", kMaxSeeds, ", not '",
                                       flags.seeds_text, "'"));
  }
  const std::optional<uint64_t> first =
      ParseFlagCount(flags.seed_start_text, 0, UINT64_MAX - kMaxSeeds);
  if (!first) {
    return Usage(command, absl::StrCat("--seed-start must be a non-negative integer, not '",
                                       flags.seed_start_text, "'"));
  }
  *seeds = {*first, *count};
  absl::StatusOr<Nanos> check_limit = ParseDuration(flags.check_limit_text);
  if (!check_limit.ok() || *check_limit <= 0) {
    return Usage(command, absl::StrCat("--check-time-limit must be a duration above 0s such as "
                                       "30s, not '",
                                       flags.check_limit_text, "'"));
  }
  *check_limit_ns = *check_limit;
  for (const std::string& o : flags.sets) {
    if (o.find('=') == std::string::npos || o.front() == '=') {
      return Usage(command,
                   absl::StrCat("--set needs PATH=VALUE, e.g. --set duration=5s; got '", o, "'"));
    }
  }
  return 0;
}

// The output directory, claimed (cli/run_dir.h): new, empty, or one a compare or sweep
// wrote, whose .faultline-run lists its report files and runs/. What the previous
// invocation wrote and this one does not is removed: the report files it listed, and the
// run directories in runs/ other than `run_names` (each must be a faultline run's whole).
// `removed` gets their names. Errors: PermissionDenied (exit 73) naming the directory.
absl::StatusOr<RunDir> ClaimOutDir(const std::string& command, const BatchSettings& settings,
                                   const std::set<std::string>& run_names,
                                   std::vector<std::string>* removed) {
  const std::string& dir = settings.out_dir;
  const std::string runs = dir + "/runs";
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    return absl::PermissionDeniedError(
        absl::StrCat("--out ", dir, ": exists and is not a directory; give another"));
  }
  // runs/ may hold run directories alone, each with its lock file; checked before anything
  // is removed.
  std::vector<std::string> stale;
  std::vector<std::string> foreign;
  if (std::filesystem::is_directory(std::filesystem::symlink_status(runs, ec))) {
    for (std::filesystem::directory_iterator it(runs, ec), end; !ec && it != end;
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code stat_ec;  // a missing file is no error here
      const bool run_dir =
          std::filesystem::is_directory(std::filesystem::symlink_status(it->path(), stat_ec)) &&
          std::filesystem::is_regular_file(
              std::filesystem::symlink_status(it->path() / kRunDirLockFile, stat_ec));
      if (!run_dir) {
        foreign.push_back(name);
      } else if (run_names.count(name) == 0) {
        stale.push_back(name);
      }
    }
    if (ec) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot use the output directory ", dir, ": listing runs/: ", ec.message()));
    }
    std::sort(foreign.begin(), foreign.end());
    std::sort(stale.begin(), stale.end());
  }
  if (!foreign.empty()) {
    const size_t shown = std::min<size_t>(foreign.size(), 5);
    return absl::PermissionDeniedError(
        absl::StrCat("cannot use the output directory ", dir,
                     ": its runs/ holds entries that are not a faultline run's directory (",
                     absl::StrJoin(foreign.begin(), foreign.begin() + shown, ", "),
                     foreign.size() > shown ? ", ..." : "",
                     "); give an empty or new directory with --out, or move them away"));
  }
  RunDirOptions options;
  options.noun = "output directory";
  options.writer = "a faultline compare or sweep";
  options.subdirs = {"runs"};
  absl::StatusOr<RunDir> claimed = RunDir::Claim(dir, {command + ".csv", command + ".json", "runs"},
                                                 settings.scenario_path, options);
  if (!claimed.ok()) return claimed.status();
  *removed = claimed->removed();
  for (const std::string& name : stale) {
    if (absl::Status st = RemoveRunDir(runs + "/" + name, settings.scenario_path); !st.ok()) {
      return st;
    }
    removed->push_back("runs/" + name);
  }
  return claimed;
}

// Every group on every seed, in order (group by group, seeds increasing).
absl::StatusOr<std::vector<GroupReport>> RunGroups(const BatchSettings& settings,
                                                   const std::vector<GroupRequest>& requests,
                                                   const std::vector<BatchGroup>& groups,
                                                   SeedRange seeds, bool quiet) {
  Progress progress(quiet, groups.size() * seeds.count);
  std::vector<GroupReport> reports;
  for (size_t i = 0; i < groups.size(); ++i) {
    GroupReport report{requests[i].name, requests[i].overrides, requests[i].params, {}, {}};
    for (uint64_t seed = seeds.first; seed < seeds.first + seeds.count; ++seed) {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<RunSample> r = RunGroupSeed(settings, groups[i], seed);
      if (!r.ok()) return r.status();
      progress.Ran(groups[i].name, *r,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      report.runs.push_back(*std::move(r));
    }
    report.stats = Summarize(report.runs);
    reports.push_back(std::move(report));
  }
  return reports;
}

// Writes the files and prints the table; the exit code.
int Publish(const std::string& command, const BatchSettings& settings, RunDir& owned,
            const std::vector<std::string>& removed, const std::string& scenario_name,
            SeedRange seeds, const std::vector<GroupReport>& reports, bool log_x) {
  const ReportColumns cols = ColumnsOf(reports);
  const std::pair<uint64_t, uint64_t> range{seeds.first, seeds.first + seeds.count - 1};
  const std::string subtitle =
      absl::StrCat(scenario_name, ", seeds ", range.first, "..", range.second);
  const std::vector<ChartFile> charts = command == "sweep"
                                            ? SweepCharts(reports, cols, subtitle, log_x)
                                            : CompareCharts(reports, cols, subtitle);
  const std::string json = ReportJson(command, settings.scenario_path, range, reports, cols)
                               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                           "\n";
  absl::StatusOr<std::vector<std::string>> written =
      WriteReport(command, settings.out_dir, owned, charts, ReportCsv(reports, cols), json);
  if (!written.ok()) return ReportError(written.status());
  std::cout << "faultline " << command << ": " << scenario_name << " (" << settings.scenario_path
            << "), " << reports.size() << (command == "sweep" ? " points" : " variants")
            << " x seeds " << range.first << ".." << range.second << "\n\n"
            << FormatReportTable(reports, cols) << "\nwrote       " << settings.out_dir << "/ ("
            << absl::StrJoin(*written, ", ") << ", runs/)\n";
  std::vector<std::string> gone;  // what this invocation did not write again
  for (const std::string& r : removed) {
    if (std::find(written->begin(), written->end(), r) == written->end()) gone.push_back(r);
  }
  if (!gone.empty()) {
    std::cout << "removed     " << absl::StrJoin(gone, ", ")
              << " (the previous comparison's, not written by this one)\n";
  }
  return kExitOk;
}

}  // namespace

int RunBatchCommand(const std::string& command, const std::string& scenario_path,
                    const BatchFlags& flags, GroupSource source, void* context, bool log_x) {
  SeedRange seeds;
  Nanos check_limit_ns = 0;
  if (int code = CheckFlags(command, flags, &seeds, &check_limit_ns); code != 0) return code;
  absl::StatusOr<std::string> text =
      ReadTextFile(scenario_path, "scenario file", "scenarios/*.yaml", scenario::kMaxScenarioBytes);
  if (!text.ok()) return ReportError(text.status());
  BatchSettings settings{scenario_path, *text,          flags.sets,
                         flags.out_dir, check_limit_ns, command == "sweep" ? "point" : "variant"};
  // The scenario with the common --set alone first: its errors are not a group's.
  absl::StatusOr<BatchGroup> base = LoadGroup(settings, "", {});
  if (!base.ok()) return ReportError(base.status());
  std::vector<GroupRequest> requests;
  if (int code = source(scenario_path, *text, &requests, context); code != 0) return code;
  if (requests.size() * seeds.count > kMaxRuns) {
    return Usage(command,
                 absl::StrCat(requests.size(), " groups x ", seeds.count, " seeds is over ",
                              kMaxRuns, " runs; use fewer seeds or values"));
  }
  // Every group loads before anything runs: a typo in the last variant fails at once.
  std::vector<BatchGroup> groups;
  for (const GroupRequest& r : requests) {
    absl::StatusOr<BatchGroup> g = LoadGroup(settings, r.name, r.overrides);
    if (!g.ok()) return ReportError(g.status());
    groups.push_back(*std::move(g));
  }
  if (settings.out_dir.empty()) {
    settings.out_dir = absl::StrCat("runs/", command, "-", SafeName(base->spec.name));
  }
  std::set<std::string> run_names;
  for (const GroupRequest& r : requests) {
    for (uint64_t seed = seeds.first; seed < seeds.first + seeds.count; ++seed) {
      run_names.insert(RunDirName(r.name, seed));
    }
  }
  std::vector<std::string> removed;
  absl::StatusOr<RunDir> owned = ClaimOutDir(command, settings, run_names, &removed);
  if (!owned.ok()) return ReportError(owned.status());
  absl::StatusOr<std::vector<GroupReport>> reports =
      RunGroups(settings, requests, groups, seeds, flags.quiet);
  if (!reports.ok()) return ReportError(reports.status());
  return Publish(command, settings, *owned, removed, base->spec.name, seeds, *reports, log_x);
}

}  // namespace faultline::cli
