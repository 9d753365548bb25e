// `faultline run SCENARIO.yaml [--seed N] [--set path=value]... [--out DIR] [--format F]`
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/text_file.h"
#include "base/units.h"
#include "boost/program_options.hpp"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/results_json.h"
#include "cli/run_dir.h"
#include "cli/run_into_dir.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "cli/summary.h"
#include "scenario/scenario_loader.h"
#include "viz/formats.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kRunUsage[] = R"(usage: faultline run SCENARIO.yaml [options]

Runs a scenario in the deterministic simulator and writes a run directory with
results.json, scenario.yaml (a copy, for replay), trace.jsonl and history.jsonl, and
the diagrams its `outputs:` list (e.g. diagram.svg, drawn from trace.jsonl).
Prints seed=<n> trace_hash=<hex>: the same scenario and seed always give the same hash.

)";

// A directory name from the scenario name: letters, digits, '-', '_' and '.' only.
std::string SafeName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  return out.empty() ? "run" : out;
}

// A count flag: digits only, so "-5" is refused instead of wrapping to 2^64 - 5.
std::optional<uint64_t> ParseCount(const std::string& text) {
  uint64_t v = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(text, &v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::vector<std::string> KnownCheckers() { return ScenarioCheckerNames(); }

int RunCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  std::string seed_text;
  std::vector<std::string> overrides;
  std::string out_dir;
  std::string format = "text";
  std::string max_events_text;
  std::string max_trace_text;
  std::string check_limit_text;
  visible.add_options()("help,h", "show this help")(
      "seed", po::value(&seed_text),
      "the run's seed (a non-negative integer); default: the scenario's `seed`")(
      "set", po::value(&overrides)->composing(),
      "override a scenario field, e.g. --set workload.rate=500/s (repeatable)")(
      "out", po::value(&out_dir), "run directory; default: runs/<name>-seed<seed>")(
      "format", po::value(&format), "stdout format: text (default) or json (results.json)")(
      "max-events",
      po::value(&max_events_text)->default_value(absl::StrCat(RunLimits::kDefaultMaxEvents)),
      "stop after this many events (a safety net; the verdict is then unknown, exit 2); 0: no "
      "limit")(
      "max-trace-bytes", po::value(&max_trace_text)->default_value("2GiB"),
      "stop once trace.jsonl holds this much (e.g. 500MB, 8GiB; exit 2, verdict unknown); "
      "0: no limit")(
      "check-time-limit", po::value(&check_limit_text)->default_value("30s"),
      "time budget of the scenario's checkers; past it the verdict is unknown (exit 2)")(
      "quiet", "no progress output on stderr");
  po::options_description all;
  std::string scenario_path;
  all.add(visible).add_options()("scenario", po::value(&scenario_path));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "faultline run: %s\nsee: faultline run --help\n", e.what());
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kRunUsage << visible
              << "\nexample: faultline run scenarios/quickstart.yaml --seed 7\n";
    return kExitOk;
  }
  if (scenario_path.empty()) {
    std::fprintf(stderr, "faultline run: missing SCENARIO.yaml\nsee: faultline run --help\n");
    return kExitUsage;
  }
  if (format != "text" && format != "json") {
    std::fprintf(stderr, "faultline run: --format must be text or json, not '%s'\n",
                 format.c_str());
    return kExitUsage;
  }
  absl::StatusOr<Nanos> check_limit = ParseDuration(check_limit_text);
  if (!check_limit.ok() || *check_limit <= 0) {
    std::fprintf(stderr, "faultline run: --check-time-limit: %s\n",
                 check_limit.ok() ? "must be above 0s"
                                  : std::string(check_limit.status().message()).c_str());
    return kExitUsage;
  }
  // An empty value given explicitly (--seed '' from an unset shell variable) is a mistake,
  // not a request for the default.
  for (const char* flag : {"seed", "out"}) {
    if (vm.count(flag) && vm[flag].as<std::string>().empty()) {
      std::fprintf(stderr, "faultline run: --%s is empty; give a value or leave the flag out\n",
                   flag);
      return kExitUsage;
    }
  }
  RunLimits limits;
  if (std::optional<uint64_t> n = ParseCount(max_events_text)) {
    limits.max_events = *n;
  } else {
    std::fprintf(stderr,
                 "faultline run: --max-events must be a count from 0 (no limit) to "
                 "18446744073709551615, not '%s'\n",
                 max_events_text.c_str());
    return kExitUsage;
  }
  absl::StatusOr<uint64_t> trace_bytes =
      max_trace_text == "0" ? absl::StatusOr<uint64_t>(0) : ParseByteSize(max_trace_text);
  if (!trace_bytes.ok()) {
    std::fprintf(stderr,
                 "faultline run: --max-trace-bytes must be a size such as 500MB or 8GiB (units "
                 "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), or 0 for no limit, not '%s'\n",
                 max_trace_text.c_str());
    return kExitUsage;
  }
  limits.max_trace_bytes = *trace_bytes;
  std::optional<uint64_t> seed_flag;
  if (!seed_text.empty()) {
    uint64_t v = 0;
    const bool digits = seed_text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || !absl::SimpleAtoi(seed_text, &v)) {
      std::fprintf(stderr,
                   "faultline run: --seed must be an integer from 0 to 18446744073709551615, "
                   "not '%s'\n",
                   seed_text.c_str());
      return kExitUsage;
    }
    seed_flag = v;
  }
  for (const std::string& o : overrides) {
    if (o.find('=') == std::string::npos || o.front() == '=') {
      std::fprintf(stderr,
                   "faultline run: --set needs PATH=VALUE, e.g. --set workload.rate=500/s; "
                   "got '%s'\n",
                   o.c_str());
      return kExitUsage;
    }
  }

  absl::StatusOr<std::string> text =
      ReadTextFile(scenario_path, "scenario file", "scenarios/*.yaml", scenario::kMaxScenarioBytes);
  if (!text.ok()) return ReportError(text.status());
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(), viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioText(*text, scenario_path, context, overrides);
  if (!spec.ok()) return ReportError(spec.status());
  if (absl::Status st = ValidateScenarioCheckers(*spec); !st.ok()) return ReportError(st);
  const uint64_t seed = seed_flag.value_or(spec->seed);
  if (out_dir.empty()) out_dir = absl::StrCat("runs/", SafeName(spec->name), "-seed", seed);

  const DirRunRequest request{scenario_path, *text,  overrides, &*spec, seed, out_dir, limits,
                              *check_limit,  !vm.count("quiet")};
  absl::StatusOr<DirRun> done = RunIntoDir(request);
  if (!done.ok()) return ReportError(done.status());
  const ExecutedRun* run = &done->run;
  const CheckersOutcome* checked = &done->checked;
  const std::string& results = done->results_json;
  const RunRecord record{scenario_path, overrides, seed, limits, &*spec, run, checked};
  const RunDir* run_dir = done->dir.get();
  const std::string removed =
      run_dir->removed().empty()
          ? ""
          : absl::StrCat("removed     ", absl::StrJoin(run_dir->removed(), ", "),
                         " (the previous run's, not written by this run)\n");
  if (format == "json") {
    std::cout << results;
    std::fputs(removed.c_str(), stderr);  // stdout is results.json alone
  } else {
    std::cout << FormatSummary(record, out_dir) << removed;
  }
  if (!run->result.stopped_early.empty()) {
    std::fprintf(stderr,
                 "faultline run: stopped early after %llu events: %s; the run is incomplete, "
                 "verdict unknown\n",
                 static_cast<unsigned long long>(run->result.stats.events),
                 run->result.stopped_early.c_str());
    return kExitUnknown;
  }
  return checked->exit_code;
}

}  // namespace faultline::cli
