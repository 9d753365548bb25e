// `faultline fuzz SCENARIO.yaml (--runs N | --time-budget D) [--swarm] [--jobs N]
// [--shard I/N] ...`: a campaign (cli/fuzz_campaign.h), its reports (cli/fuzz_report.h) and
// a shrunk repro per failing checker (cli/fuzz_repro.h). `--merge` is in fuzz_merge.cc.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/text_file.h"
#include "base/units.h"
#include "boost/program_options.hpp"
#include "cli/batch_command.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/fuzz_campaign.h"
#include "cli/fuzz_command.h"
#include "cli/fuzz_out_dir.h"
#include "cli/fuzz_report.h"
#include "cli/fuzz_repro.h"
#include "cli/output_file.h"
#include "cli/results_json.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "scenario/scenario_loader.h"
#include "viz/formats.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kFuzzUsage[] =
    R"(usage: faultline fuzz SCENARIO.yaml (--runs N | --time-budget D) [options]
       faultline fuzz --merge OUT1/campaign.jsonl OUT2/campaign.jsonl ... [options]

Runs the scenario many times, run i with seed --seed-start + i, and its checkers on each.
With --swarm each run also draws from its seed which features are on (fault kinds and
their rate, loss, duplication, reordering, a slow network, clock skew and drift, fewer
keys, more clients, a subset of the op kinds, one of the scenario's `variants:`), as
swarm testing does. For the first failing run of each checker it shrinks the scenario
(fewer and shorter faults, shorter run, fewer clients, keys, ops and nodes, a milder
network, the random nemesis replaced by the faults it drew) and writes
OUT/repros/<checker>-seed<N>/repro.yaml, a commented scenario file that
`faultline run` fails the same way, with that run's directory (and diagram) in run/.

A determinism sentinel re-runs a sample of the runs (--sentinel, default 5%, picked by
seed) and fails loudly, naming the first differing trace event, if a rerun's trace hash
differs. --shard I/N runs the runs with i mod N = I-1: N shards together run exactly the
unsharded campaign, and --merge of their campaign.jsonl gives its summary.

Writes into --out: campaign.jsonl (a header line, then one line per run), summary.json
and repros/. Progress goes to stderr (a bar on a terminal, a line every 5 s otherwise);
--format json prints each run's line on stdout as it completes (in run order).
Exit 0 when no run failed, 1 when a checker found a violation, 3 when the sentinel saw a
rerun differ, 70 when a run could not run, 2 when no run could be decided (runs a checker
left unknown, e.g. past the linearizability search's budget, are counted, not failed).
SIGINT or SIGTERM stops the campaign after the runs under way and reports those (exit
130 unless something failed); campaign.jsonl grows as runs complete.

)";

int Usage(const std::string& message) {
  std::fprintf(stderr, "faultline fuzz: %s\nsee: faultline fuzz --help\n", message.c_str());
  return kExitUsage;
}

// "I/N" with 1 <= I <= N.
bool ParseShard(const std::string& text, uint64_t* index, uint64_t* count) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  const std::optional<uint64_t> i = ParseFlagCount(text.substr(0, slash), 1, 1'000'000);
  const std::optional<uint64_t> n = ParseFlagCount(text.substr(slash + 1), 1, 1'000'000);
  if (!i || !n || *i > *n) return false;
  *index = *i - 1;
  *count = *n;
  return true;
}

// "5%", "0.05" or "0": a share of runs, in permille.
std::optional<uint32_t> ParseShare(const std::string& text) {
  double v = 0;
  std::string t = text;
  const bool percent = !t.empty() && t.back() == '%';
  if (percent) t.pop_back();
  if (t.empty() || !absl::SimpleAtod(t, &v) || !(v >= 0)) return std::nullopt;
  if (percent) v /= 100;
  if (v > 1) return std::nullopt;
  const auto permille = static_cast<uint32_t>(v * 1000 + 0.5);
  if (permille == 0 && v > 0) return std::nullopt;  // below 0.05%: would turn it off silently
  return permille;
}

// SIGINT or SIGTERM stops handing out runs: the runs under way finish, and the campaign
// reports what ran (its records, summary and repros). A second signal kills it.
std::atomic<bool> g_stop{false};
void OnStopSignal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

std::string CommandLine(const std::vector<std::string>& args) {
  std::string out = "faultline fuzz";
  for (const std::string& a : args) absl::StrAppend(&out, " ", ShellQuote(a));
  return out;
}

// Progress on stderr: a redrawn bar on a terminal, a line every 5 seconds otherwise.
class Progress {
 public:
  Progress(bool quiet, double budget_s) : quiet_(quiet), tty_(isatty(2) == 1), budget_s_(budget_s) {}
  void Tick(const CampaignProgress& p) {
    if (quiet_) return;
    if (tty_) {
      std::fprintf(stderr, "\r%-78s", ProgressBar(p, budget_s_).c_str());
      drawn_ = true;
    } else if (p.elapsed_s - last_line_s_ >= 5) {
      last_line_s_ = p.elapsed_s;
      std::fprintf(stderr, "%s\n", ProgressLine(p, budget_s_).c_str());
    }
  }
  void Say(const std::string& line) {
    if (quiet_) return;
    EndBar();
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  void Shrinking(const std::string& what, int candidates, int kept) {
    if (quiet_ || !tty_) return;
    std::fprintf(stderr, "\r%-78s",
                 absl::StrCat("shrinking ", what, ": ", candidates, " candidate runs, ", kept,
                              " simplifications kept").c_str());
    drawn_ = true;
  }
  void EndBar() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
  }

 private:
  bool quiet_, tty_;
  double budget_s_;
  bool drawn_ = false;
  double last_line_s_ = 0;
};

}  // namespace

int FuzzCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  std::string runs_text, budget_text, seed_start_text = "1", jobs_text = "1", shard_text = "1/1";
  std::string out_dir, format = "text", sentinel_text = "5%", junit_path, github_path;
  std::string shrink_runs_text = "300", shrink_time_text = "2m", check_limit_text = "5s";
  std::vector<std::string> sets, merge;
  visible.add_options()("help,h", "show this help")(
      "runs", po::value(&runs_text), "runs in the campaign (all shards together)")(
      "time-budget", po::value(&budget_text),
      "run until this much wall time has passed (e.g. 90s, 10m), instead of --runs")(
      "seed-start", po::value(&seed_start_text), "seed of run 0 (default 1)")(
      "swarm", "draw each run's feature mix from its seed (swarm testing)")(
      "jobs", po::value(&jobs_text), "simulations in parallel (default 1)")(
      "shard", po::value(&shard_text), "I/N: this machine's slice of the campaign (default 1/1)")(
      "set", po::value(&sets)->composing(), "override a scenario field (repeatable)")(
      "out", po::value(&out_dir), "output directory; default runs/fuzz-<scenario name>")(
      "format", po::value(&format), "text (default), or json: each run's record on stdout")(
      "sentinel", po::value(&sentinel_text),
      "share of runs the determinism sentinel re-runs (default 5%; 0 turns it off)")(
      "no-shrink", "write the failing scenario as it failed, without shrinking it")(
      "shrink-runs", po::value(&shrink_runs_text), "candidate runs per shrink at most (default 300)")(
      "shrink-time", po::value(&shrink_time_text), "wall time per shrink at most (default 2m)")(
      "check-time-limit", po::value(&check_limit_text),
      "checkers' time budget per run (default 5s: a campaign favours many runs; a run past it "
      "is counted unknown)")(
      "junit", po::value(&junit_path), "also write a JUnit XML report to FILE")(
      "github-summary", po::value(&github_path),
      "also append a Markdown summary to FILE (give it $GITHUB_STEP_SUMMARY)")(
      "merge", po::value(&merge)->multitoken(),
      "merge the campaign.jsonl files of the shards of one campaign into its summary")(
      "quiet", "no progress on stderr");
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
    return Usage(e.what());
  }
  if (vm.count("help")) {
    std::cout << kFuzzUsage << visible
              << "\nexamples:\n"
                 "  faultline fuzz scenarios/raft-bug-vote-twice.yaml --runs 100 --jobs 2\n"
                 "  faultline fuzz scenarios/raft-nemesis.yaml --time-budget 10m --swarm --shard 3/8\n"
                 "  faultline fuzz --merge shard-*/campaign.jsonl --junit fuzz.xml\n";
    return kExitOk;
  }
  if (format != "text" && format != "json") {
    return Usage(absl::StrCat("--format must be text or json, not '", format, "'"));
  }
  if (vm.count("merge")) {
    if (!scenario_path.empty()) return Usage("--merge takes campaign.jsonl files, not a scenario");
    for (const char* flag : {"runs", "time-budget", "swarm", "jobs", "shard", "set", "out",
                             "seed-start", "sentinel", "no-shrink", "shrink-runs", "shrink-time",
                             "check-time-limit"}) {
      if (vm.count(flag)) return Usage(absl::StrCat("--", flag, " does not go with --merge"));
    }
    return MergeCampaigns(merge, format, junit_path, github_path);
  }
  if (scenario_path.empty()) return Usage("missing SCENARIO.yaml");
  if (vm.count("runs") == vm.count("time-budget")) {
    return Usage("give exactly one of --runs N and --time-budget D");
  }
  CampaignConfig config;
  config.scenario_path = scenario_path;
  config.user_overrides = sets;
  config.swarm = vm.count("swarm") > 0;
  if (vm.count("runs")) {
    const std::optional<uint64_t> n = ParseFlagCount(runs_text, 1, 1'000'000'000);
    if (!n) return Usage(absl::StrCat("--runs must be a count from 1 to 1000000000, not '", runs_text, "'"));
    config.runs = *n;
  } else {
    absl::StatusOr<Nanos> d = ParseDuration(budget_text);
    if (!d.ok() || *d <= 0) {
      return Usage(absl::StrCat("--time-budget must be a duration above 0 such as 90s or 10m, not '",
                                budget_text, "'"));
    }
    config.time_budget_s = static_cast<double>(*d) / 1e9;
  }
  const std::optional<uint64_t> first = ParseFlagCount(seed_start_text, 0, uint64_t{1} << 62);
  if (!first) return Usage(absl::StrCat("--seed-start must be an integer from 0 to 2^62, not '", seed_start_text, "'"));
  config.first_seed = *first;
  const std::optional<uint64_t> jobs = ParseFlagCount(jobs_text, 1, 256);
  if (!jobs) return Usage(absl::StrCat("--jobs must be a count from 1 to 256, not '", jobs_text, "'"));
  config.jobs = static_cast<int>(*jobs);
  if (!ParseShard(shard_text, &config.shard, &config.shards)) {
    return Usage(absl::StrCat("--shard must be I/N with 1 <= I <= N (e.g. 2/8), not '", shard_text, "'"));
  }
  const std::optional<uint32_t> sentinel = ParseShare(sentinel_text);
  if (!sentinel) return Usage(absl::StrCat("--sentinel must be a share such as 5% or 0.05, from 0.1% to 100% (or 0 to turn it off), not '", sentinel_text, "'"));
  config.sentinel_permille = *sentinel;
  const std::optional<uint64_t> shrink_runs = ParseFlagCount(shrink_runs_text, 1, 100'000);
  if (!shrink_runs) return Usage(absl::StrCat("--shrink-runs must be a count from 1 to 100000, not '", shrink_runs_text, "'"));
  absl::StatusOr<Nanos> shrink_time = ParseDuration(shrink_time_text);
  if (!shrink_time.ok() || *shrink_time <= 0) return Usage(absl::StrCat("--shrink-time must be a duration above 0 such as 2m, not '", shrink_time_text, "'"));
  absl::StatusOr<Nanos> check_limit = ParseDuration(check_limit_text);
  if (!check_limit.ok() || *check_limit <= 0) return Usage(absl::StrCat("--check-time-limit must be a duration above 0 such as 30s, not '", check_limit_text, "'"));
  config.check_time_limit = *check_limit;
  for (const std::string& o : sets) {
    if (o.find('=') == std::string::npos || o.front() == '=') {
      return Usage(absl::StrCat("--set needs PATH=VALUE, e.g. --set workload.rate=500/s; got '", o, "'"));
    }
  }
  for (const char* flag : {"out", "junit", "github-summary"}) {
    if (vm.count(flag) && vm[flag].as<std::string>().empty()) {
      return Usage(absl::StrCat("--", flag, " is empty; give a path or leave the flag out"));
    }
  }

  absl::StatusOr<std::string> text =
      ReadTextFile(scenario_path, "scenario file", "scenarios/*.yaml", scenario::kMaxScenarioBytes);
  if (!text.ok()) return ReportError(text.status());
  config.scenario_text = *text;
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(), viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioText(*text, scenario_path, context, sets);
  if (!spec.ok()) return ReportError(spec.status());
  if (absl::Status st = ValidateScenarioCheckers(*spec); !st.ok()) return ReportError(st);
  if (spec->checkers.empty()) {
    std::fprintf(stderr,
                 "faultline fuzz: %s lists no checkers, so no run can fail; add e.g. "
                 "`checkers: [linearizability]` to it\n",
                 scenario_path.c_str());
    return kExitDataErr;
  }
  if (config.swarm) {
    absl::StatusOr<std::vector<scenario::ScenarioVariant>> variants =
        scenario::LoadScenarioVariants(*text, scenario_path);
    if (!variants.ok()) return ReportError(variants.status());
    config.variants = *variants;
  }
  if (out_dir.empty()) out_dir = absl::StrCat("runs/fuzz-", spec->name);
  for (const auto& [flag, path] : {std::pair{"--junit", junit_path}, {"--github-summary", github_path}}) {
    if (!path.empty() && FuzzOutDir::Inside(path, out_dir)) {
      return Usage(absl::StrCat(flag, " ", path, " is inside --out ", out_dir,
                                ", whose files each campaign replaces; write it beside it"));
    }
  }
  for (const std::string& path : {junit_path, github_path}) {
    if (path.empty()) continue;
    if (absl::Status st = CheckWritable(path, path == junit_path ? "--junit" : "--github-summary");
        !st.ok()) {
      return ReportError(st);
    }
  }
  absl::StatusOr<FuzzOutDir> out = FuzzOutDir::Claim(out_dir, scenario_path);
  if (!out.ok()) return ReportError(out.status());
  config.work_dir = out_dir + "/work";

  CampaignSummary summary;
  CampaignHeader& header = summary.header;
  header.scenario = spec->name;
  header.scenario_path = scenario_path;
  header.scenario_hash = ScenarioTextHash(*text);
  header.user_overrides = sets;
  header.params = spec->cluster.params;
  header.model = spec->cluster.model;
  header.checkers = spec->checkers;
  header.first_seed = config.first_seed;
  header.runs = config.runs;
  header.swarm = config.swarm;
  header.shard = config.shard;
  header.shards = config.shards;
  summary.jobs = config.jobs;

  const std::string found_by = CommandLine(args);
  Progress progress(vm.count("quiet") > 0, config.time_budget_s);
  progress.Say(absl::StrCat("faultline fuzz: ", spec->name, " (", spec->cluster.model, "), ",
                            config.runs > 0 ? absl::StrCat(config.runs, " runs")
                                            : absl::StrCat(budget_text, " of runs"),
                            config.shards > 1 ? absl::StrCat(", shard ", shard_text) : "",
                            config.swarm ? ", swarm" : "", ", ", config.jobs, " job",
                            config.jobs == 1 ? "" : "s", "; writing ", out_dir));
  // campaign.jsonl grows as runs complete, so a campaign stopped early (a CI timeout, a
  // kill) leaves the records of the runs it did.
  const std::string records_path = out->path() + "/campaign.jsonl";
  std::ofstream records(records_path, std::ios::trunc);
  records << HeaderJson(header).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n" << std::flush;
  if (!records) return ReportError(absl::PermissionDeniedError("cannot write " + records_path));
  bool write_failed = false;
  config.stop = &g_stop;
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  std::map<std::string, CampaignRun> first_failure;  // checker -> its first failing run
  const auto started = std::chrono::steady_clock::now();
  RunCampaign(
      config,
      [&](const CampaignRun& run) {
        AddRun(run, &summary);
        const std::string line = RunJson(run).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        records << line << "\n" << std::flush;
        if (!records && !write_failed) {
          write_failed = true;
          g_stop.store(true);  // nothing more can be recorded: stop handing out runs
        }
        if (format == "json") std::cout << line << std::endl;
        for (const std::string& c : run.failed) first_failure.emplace(c, run);
        if (run.sentinel_diverged) {
          progress.Say(absl::StrCat("NONDETERMINISM: seed ", run.seed, " gave trace_hash=", run.trace_hash,
                                    ", its ", run.sentinel_detail));
        }
      },
      [&](const CampaignProgress& p) { progress.Tick(p); });
  summary.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  progress.EndBar();
  records.close();
  if (write_failed || !records) {
    return ReportError(absl::PermissionDeniedError(
        absl::StrCat("writing ", records_path, " failed (disk full?); the campaign stopped")));
  }
  // The handlers stay until the reports are written: a signal now cuts shrinking short
  // (the repro keeps the smallest failing scenario so far), a second one kills.
  const bool interrupted = g_stop.load();
  if (interrupted) {
    progress.EndBar();
    std::fprintf(stderr, "faultline fuzz: stopped by a signal after %llu runs; reporting those\n",
                 static_cast<unsigned long long>(summary.runs));
  }

  std::vector<ReproRecord> repros;
  for (const auto& [checker, run] : first_failure) {
    ReproRequest request;
    request.config = &config;
    request.failing = run;
    request.checker = checker;
    request.dir = absl::StrCat(out_dir, "/repros/", checker, "-seed", run.seed);
    request.scratch_dir = config.work_dir + "/shrink";
    request.found_by = found_by;
    // Interrupted: write the failing scenario as it failed, at once.
    request.shrink = vm.count("no-shrink") == 0 && !g_stop.load();
    request.stop = &g_stop;
    request.check_limit_flag = vm.count("check-time-limit") ? check_limit_text : "";
    request.shrink_runs = static_cast<int>(*shrink_runs);
    request.shrink_seconds = static_cast<double>(*shrink_time) / 1e9;
    const std::string what = absl::StrCat(checker, " failure of seed ", run.seed);
    request.on_candidate = [&](int candidates, int kept) { progress.Shrinking(what, candidates, kept); };
    progress.Say(absl::StrCat(request.shrink ? "shrinking " : "writing ", what));
    repros.push_back(WriteRepro(request));
    progress.EndBar();
  }
  out->RemoveScratch();
  const std::string table = SummaryTable(summary, repros);
  (format == "json" ? std::cerr : std::cout) << "\n" << table;
  if (absl::Status st = out->Write(
          "summary.json",
          SummaryJson(summary, repros).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      !st.ok()) {
    return ReportError(st);
  }
  if (!junit_path.empty()) {
    if (absl::Status st = WriteFileAtomically(junit_path, JUnitXml(summary, repros)); !st.ok()) {
      return ReportError(st);
    }
  }
  if (!github_path.empty()) {
    if (absl::Status st = AppendToFile(github_path, GithubSummaryMarkdown(summary, repros)); !st.ok()) {
      return ReportError(st);
    }
  }
  const int code = CampaignExitCode(summary);
  return interrupted && code == kExitOk ? 130 : code;
}

}  // namespace faultline::cli
