#include "cli/fuzz_repro.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/text_file.h"
#include "cli/commands.h"
#include "cli/fuzz_shrink.h"
#include "cli/output_file.h"
#include "cli/results_json.h"
#include "cli/run_into_dir.h"
#include "scenario/scenario_writer.h"
#include "viz/formats.h"

namespace faultline::cli {
namespace {

constexpr char kDiagram[] = "repro.svg";

// The repro's own outputs: every data file and a diagram of the failure.
void SetReproOutputs(const std::string& checker, sim::ScenarioSpec* spec) {
  spec->outputs = {"results.json", "trace.jsonl", "history.jsonl", kDiagram};
  spec->diagrams.clear();
  sim::DiagramOutput d;
  d.file = kDiagram;
  // Centring on the violation needs the linearizability checker's evidence; the other
  // checkers' diagrams start at the beginning.
  d.around_violation = checker == "linearizability";
  spec->diagrams.push_back(d);
}

// How to rerun the repro: `faultline run PATH`, with the campaign's checker budget when it
// was not the default (a shorter one could call the violation unknown).
std::string RerunCommand(const ReproRequest& r, const std::string& path) {
  std::string cmd = RunCommandLine(path);
  if (!r.check_limit_flag.empty()) {
    absl::StrAppend(&cmd, " --check-time-limit ", ShellQuote(r.check_limit_flag));
  }
  return cmd;
}

scenario::ScenarioComments Comments(const ReproRequest& r, const ShrinkResult& shrunk,
                                    const std::string& path, const std::string& name) {
  scenario::ScenarioComments c;
  c.header = {
      absl::StrCat(name, ": a failure of the ", r.checker, " checker, found and shrunk by ",
                   "faultline fuzz."),
      "",
      absl::StrCat("Found by: ", r.found_by),
      absl::StrCat("In run ", r.failing.index, " of the campaign, seed ", r.failing.seed,
                   r.failing.mix.empty() ? "" : absl::StrCat(", swarm mix: ", r.failing.mix), "."),
      r.shrink ? absl::StrCat("Shrunk from ", shrunk.events_before, " to ", shrunk.events_after,
                              " trace events and from ", shrunk.faults_before, " to ",
                              shrunk.faults_after, " faults, in ", shrunk.candidates,
                              " candidate runs",
                              shrunk.budget_spent
                                  ? " (the shrink budget ran out: it may shrink further)"
                                  : "",
                              ".")
               : absl::StrCat("Written as it failed, not shrunk (--no-shrink): ",
                              shrunk.events_before, " trace events, ", shrunk.faults_before,
                              " faults."),
  };
  if (!shrunk.steps.empty()) {
    c.header.push_back("What the shrinker removed, in order:");
    for (const std::string& s : shrunk.steps) c.header.push_back("  - " + s);
  }
  c.header.push_back("");
  c.header.push_back(absl::StrCat("Rerun: ", RerunCommand(r, path), "   (exits 1: ", r.checker,
                                  " finds the violation)"));
  c.header.push_back("The seed below fixes every random choice; edit anything and rerun to see");
  c.header.push_back("what the failure depends on.");
  const bool made_explicit = std::any_of(shrunk.steps.begin(), shrunk.steps.end(), [](const std::string& s) {
    return s.starts_with("the random nemesis");
  });
  if (made_explicit && !shrunk.spec.faults.schedule.empty()) {
    c.sections["faults"] = {"The faults the failing run applied (its own schedule's and the random",
                            "nemesis's draws), each at the simulated time and on the node it struck."};
  }
  return c;
}

}  // namespace

ReproRecord WriteRepro(const ReproRequest& r) {
  ReproRecord record;
  record.checker = r.checker;
  record.seed = r.failing.seed;
  const CampaignConfig& config = *r.config;
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(),
                                        viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> failing = scenario::LoadScenarioText(
      config.scenario_text, config.scenario_path, context, RunOverrides(config, r.failing));
  if (!failing.ok()) {
    record.error = absl::StrCat("the failing run's scenario does not load: ", failing.status().message());
    return record;
  }
  ShrinkRequest shrink;
  shrink.failing = *failing;
  shrink.seed = r.failing.seed;
  shrink.checker = r.checker;
  shrink.scratch_dir = r.scratch_dir;
  shrink.check_time_limit = config.check_time_limit;
  shrink.max_runs = r.shrink ? r.shrink_runs : 1;  // 1: only check it fails as written
  shrink.max_seconds = r.shrink_seconds;
  shrink.on_candidate = r.on_candidate;
  shrink.stop = r.stop;
  absl::StatusOr<ShrinkResult> shrunk = ShrinkFailure(shrink);
  if (!shrunk.ok()) {
    record.error = std::string(shrunk.status().message());
    return record;
  }
  std::error_code ec;
  std::filesystem::create_directories(r.dir, ec);
  if (ec) {
    record.error = absl::StrCat("cannot create ", r.dir, ": ", ec.message());
    return record;
  }
  const std::string path = r.dir + "/repro.yaml";
  sim::ScenarioSpec spec = shrunk->spec;
  spec.name = absl::StrCat(spec.name, "-repro");
  spec.description = absl::StrCat("faultline fuzz: ", r.checker, " fails on seed ", spec.seed,
                                  r.shrink ? " (shrunk). " : ". ", spec.description);
  SetReproOutputs(r.checker, &spec);
  const std::string text = scenario::WriteScenarioYaml(spec, Comments(r, *shrunk, path, spec.name));
  if (absl::Status st = WriteFileAtomically(path, text); !st.ok()) {
    record.error = std::string(st.message());
    return record;
  }
  // A repro.yaml that does not fail as its comment says is not left behind.
  auto unverified = [&](const std::string& why) {
    std::error_code remove_ec;  // nothing to do if it is gone already
    std::filesystem::remove(path, remove_ec);
    record.error = why;
    return record;
  };
  // Run the file as written, as `faultline run` would: it must fail the same checker.
  absl::StatusOr<sim::ScenarioSpec> reloaded = scenario::LoadScenarioText(text, path, context, {});
  if (!reloaded.ok()) {
    return unverified(absl::StrCat("the written repro does not load (a faultline bug): ",
                                   reloaded.status().message()));
  }
  DirRunRequest run;
  run.scenario_path = path;
  run.scenario_text = text;
  run.spec = &*reloaded;
  run.seed = reloaded->seed;
  run.out_dir = r.dir + "/run";
  run.limits.max_events = RunLimits::kDefaultMaxEvents;
  run.limits.max_trace_bytes = RunLimits::kDefaultMaxTraceBytes;
  run.check_time_limit = config.check_time_limit;
  absl::StatusOr<DirRun> done = RunIntoDir(run);
  if (!done.ok()) {
    return unverified(absl::StrCat("running the repro failed: ", done.status().message()));
  }
  const nlohmann::json& verdict = done->checked.results[r.checker];
  if (!verdict.is_object() || verdict.value("valid", nlohmann::json(true)) != false) {
    return unverified(absl::StrCat("the shrunk scenario does not fail ", r.checker,
                                   " when run from its file (a faultline bug: please report it, "
                                   "with the campaign's command line)"));
  }
  record.path = path;
  record.command = RerunCommand(r, path);
  record.diagram = absl::StrCat(r.dir, "/run/", kDiagram);
  record.shrunk = r.shrink;
  record.events_before = shrunk->events_before;
  record.events_after = shrunk->events_after;
  record.faults_before = shrunk->faults_before;
  record.faults_after = shrunk->faults_after;
  return record;
}

}  // namespace faultline::cli
