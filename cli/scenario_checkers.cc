#include "cli/scenario_checkers.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkers/consistency/kv_view.h"
#include "checkers/history_reader.h"
#include "checkers/linearizability.h"
#include "checkers/locks/lock_history.h"
#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"
#include "checkers/spec.h"
#include "cli/check_read_atomic.h"
#include "cli/check_report.h"
#include "cli/check_sharding.h"
#include "cli/consistency_report.h"
#include "cli/convergence_report.h"
#include "cli/exit_codes.h"
#include "cli/lock_report.h"
#include "cli/ordering_report.h"
#include "cli/output_file.h"
#include "cli/run_scenario.h"
#include "viz/check_report_reader.h"
#include "viz/failure_view.h"
#include "viz/fault_events.h"
#include "viz/story.h"
#include "viz/svg.h"
#include "viz/trace_events.h"

namespace faultline::cli {
namespace {

bool Lists(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// A checker's lines in the run summary: the first after "checker     ", the rest (indented
// by two) under it.
void AppendCheckerLines(const std::vector<std::string>& lines, std::string& summary) {
  absl::StrAppend(&summary, "checker     ", lines[0], "\n");
  for (size_t i = 1; i < lines.size(); ++i) {
    absl::StrAppend(&summary, "            ", lines[i].substr(2), "\n");
  }
}

// The story of a violation as drawn into story.svg, for the failure view to embed.
struct StoryDrawn {
  viz::Diagram diagram;
  viz::RenderOptions options;
};

// The run's whole trace, when the scenario keeps one small enough to read whole (the story
// picks from every event); nullopt otherwise. The run just wrote this trace, so a reading
// error is a bug, not bad input.
absl::StatusOr<std::optional<viz::TraceEvents>> ReadWholeTrace(const sim::ScenarioSpec& spec,
                                                               const std::string& out_dir) {
  constexpr std::uintmax_t kStoryTraceBytesMax = std::uintmax_t{512} << 20;
  const std::string path = out_dir + "/trace.jsonl";
  std::error_code ec;
  if (!Lists(spec.outputs, "trace.jsonl") ||
      std::filesystem::file_size(path, ec) > kStoryTraceBytesMax || ec) {
    return std::nullopt;
  }
  absl::StatusOr<viz::TraceEvents> trace = viz::ReadTraceFile(path);
  if (!trace.ok()) {
    return absl::InternalError(
        absl::StrCat("reading the run's trace for the story: ", trace.status().message()));
  }
  return std::optional<viz::TraceEvents>(*std::move(trace));
}

// Draws the story of the violation (viz/story.h) from the whole trace as out_dir/story.svg,
// records the file in `report` and returns the story for the failure view.
absl::StatusOr<StoryDrawn> WriteStory(const sim::ScenarioSpec& spec, const std::string& out_dir,
                                      const viz::TraceEvents& trace, nlohmann::json& report) {
  absl::StatusOr<viz::CheckReport> read = viz::ParseCheckReport(report, out_dir + "/results.json");
  if (!read.ok()) return absl::InternalError(read.status().message());
  absl::StatusOr<viz::Diagram> story = viz::BuildStoryDiagram(trace, *read);
  if (!story.ok()) {
    return absl::InternalError(absl::StrCat("drawing the story: ", story.status().message()));
  }
  StoryDrawn drawn{*std::move(story), {}};
  // results.json is not written yet: the title from the spec, as StoryTitle makes it.
  drawn.options.title = absl::StrCat(spec.name, " seed ", spec.seed, ": ",
                                     drawn.diagram.note.substr(0, drawn.diagram.note.find(':')));
  report["story"] = std::string(kStoryFile);
  if (absl::Status st = WriteFileAtomically(absl::StrCat(out_dir, "/", kStoryFile),
                                            viz::RenderSvg(drawn.diagram, drawn.options));
      !st.ok()) {
    return st;
  }
  return drawn;
}

// Draws the violation in `report` as out_dir/linearizability.html, with the faults of the
// run's trace when the scenario writes one and the story when there is one, and records
// the file in `report`.
absl::Status WriteFailureView(const sim::ScenarioSpec& spec, const std::string& out_dir,
                              const viz::TraceEvents* whole, const StoryDrawn* story,
                              nlohmann::json& report) {
  std::optional<viz::TraceEvents> faults;
  if (whole == nullptr && Lists(spec.outputs, "trace.jsonl")) {
    // Only its faults, read line by line: a long run's trace need not fit in memory.
    absl::StatusOr<viz::TraceEvents> read = viz::ReadFaultEvents(out_dir + "/trace.jsonl");
    if (!read.ok()) {
      return absl::InternalError(
          absl::StrCat("reading the run's trace for the failure view: ", read.status().message()));
    }
    faults = *std::move(read);
  }
  report["html"] = std::string(kFailureViewFile);
  absl::StatusOr<viz::CheckReport> read = viz::ParseCheckReport(report, out_dir + "/results.json");
  if (!read.ok()) {
    return absl::InternalError(
        absl::StrCat("the failure view cannot read its own report: ", read.status().message()));
  }
  std::optional<viz::FailureViewStory> linked;
  if (story != nullptr) linked = viz::FailureViewStory{&story->diagram, whole, story->options};
  const std::string html = viz::RenderFailureView(*read, whole != nullptr ? whole : faults ? &*faults : nullptr,
                                                  linked ? &*linked : nullptr);
  return WriteFileAtomically(absl::StrCat(out_dir, "/", kFailureViewFile), html);
}

}  // namespace

std::string StoryTitle(const nlohmann::json& results, const viz::Diagram& story) {
  const auto scenario = results.find("scenario");
  const auto seed = results.find("seed");
  if (scenario == results.end() || !scenario->is_object() || !scenario->contains("name") ||
      !(*scenario)["name"].is_string() || seed == results.end() || !seed->is_number_unsigned()) {
    return "";
  }
  // The story's note begins with what it tells: "the story of the violation: 60 of ...".
  const std::string what = story.note.substr(0, story.note.find(':'));
  return absl::StrCat((*scenario)["name"].get<std::string>(), " seed ", seed->get<uint64_t>(),
                      ": ", what);
}

std::vector<std::string> ScenarioCheckerNames() { return CheckerNames(); }

absl::Status ValidateScenarioCheckers(const sim::ScenarioSpec& spec) {
  const std::vector<std::string> known = CheckerNames();
  for (const std::string& name : spec.checkers) {
    if (!Lists(known, name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(spec.file, ": unknown checker '", name, "'; expected one of: ",
                       absl::StrJoin(known, ", ")));
    }
  }
  if (!spec.checkers.empty() && !Lists(spec.outputs, "history.jsonl")) {
    return absl::InvalidArgumentError(absl::StrCat(
        spec.file, ": checkers: ", absl::StrJoin(spec.checkers, ", "),
        spec.checkers.size() == 1 ? " reads" : " read",
        " the run's history; add history.jsonl to outputs"));
  }
  return absl::OkStatus();
}

namespace {

// The linearizability checker over `history`: fills outcome's "linearizability" entry and
// its summary lines; writes the failure view on a violation.
absl::Status RunLinearizability(const sim::ScenarioSpec& spec, const std::string& out_dir,
                                Nanos time_limit_ns, const checkers::History& history,
                                CheckersOutcome& outcome, int& exit_code) {
  // The workload declares the sequential spec its histories are checked against.
  std::string spec_name;
  if (const sim::ModelInfo* info = RegisteredModels().Find(spec.cluster.model)) {
    if (const sim::WorkloadInfo* w = info->FindWorkload(spec.workload.type)) {
      for (const sim::CheckerUse& use : w->checkers) {
        if (use.checker == "linearizability") spec_name = use.spec;
      }
    }
  }
  const checkers::Spec* spec_impl = checkers::FindSpec(spec_name);
  if (spec_impl == nullptr) {
    return absl::InternalError(absl::StrCat("the workload of ", spec.cluster.model,
                                            " names no known spec for linearizability ('",
                                            spec_name, "')"));
  }
  if (absl::Status st = checkers::ValidateHistory(history, *spec_impl); !st.ok()) return st;
  CheckLimits limits;
  limits.time_limit_ns = time_limit_ns;
  const CheckRun run = RunCheck(history, *spec_impl, limits);
  const checkers::CheckResult& r = run.result;
  nlohmann::json j = CheckReportJson(run);

  std::string line =
      absl::StrCat("checker     linearizability (", spec_name, " spec, ", history.ops.size(),
                   " ops): ");
  exit_code = VerdictExitCode(r.verdict);
  switch (r.verdict) {
    case checkers::Verdict::kLinearizable:
      absl::StrAppend(&line, "linearizable\n");
      break;
    case checkers::Verdict::kUnknown:
      absl::StrAppend(&line, "unknown: ", r.unknown_reason, "\n");
      break;
    case checkers::Verdict::kNotLinearizable: {
      const checkers::Violation& v = *r.violation;
      // The whole trace is read once, for the story and the failure view; a trace too big
      // to read whole gets the failure view alone, with its faults read line by line.
      absl::StatusOr<std::optional<viz::TraceEvents>> whole = ReadWholeTrace(spec, out_dir);
      if (!whole.ok()) return whole.status();
      std::optional<StoryDrawn> story;
      if (*whole) {
        absl::StatusOr<StoryDrawn> drawn = WriteStory(spec, out_dir, **whole, j);
        if (!drawn.ok()) return drawn.status();
        story = *std::move(drawn);
      }
      if (absl::Status st = WriteFailureView(spec, out_dir, *whole ? &**whole : nullptr,
                                             story ? &*story : nullptr, j);
          !st.ok()) {
        return st;
      }
      absl::StrAppend(&line, "NOT linearizable on key ", v.key, "\n",
                      "            cannot place: ", checkers::DescribeOp(history.ops[v.stuck_op]),
                      "\n            ", v.explanation, "\n", "            failure view: ", out_dir,
                      "/", kFailureViewFile, "\n",
                      story ? absl::StrCat("            story:        ", out_dir, "/",
                                            kStoryFile, "\n")
                             : std::string(),
                      "            (evidence in results.json; or run: faultline check ", out_dir,
                      "/history.jsonl --model ", spec_name, ")\n");
      break;
    }
  }
  outcome.results["linearizability"] = j;
  outcome.summary += line;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CheckersOutcome> RunScenarioCheckers(const sim::ScenarioSpec& spec,
                                                    const std::string& out_dir,
                                                    Nanos time_limit_ns) {
  CheckersOutcome outcome;
  if (spec.checkers.empty()) return outcome;
  const std::vector<std::string> names = ExpandCheckerNames(spec.checkers);
  // Read once, judged by every checker listed: the kv checkers' history and the ordering
  // checkers' messaging history (with the nodes' observe lines), each only when needed.
  std::optional<checkers::History> full;
  std::optional<checkers::History> history;
  // (The lock, sharding and read-atomic checkers read the run's history.jsonl on their own
  // too.)
  const auto reads_own_history = [](const std::string& n) {
    return IsOrderingChecker(n) || IsLockChecker(n) || n == kShardingChecker ||
           n == kReadAtomicChecker;
  };
  if (!std::all_of(names.begin(), names.end(), reads_own_history)) {
    absl::StatusOr<checkers::History> read =
        checkers::ReadHistoryFile(out_dir + "/history.jsonl", checkers::HistoryFormat::kFaultline);
    if (!read.ok()) return read.status();
    full = *std::move(read);
    // The replica reads of a convergence check are for that checker alone.
    history = ClientOpsOnly(*full);
  }
  std::optional<checkers::ordering::MessageHistory> messages;
  std::optional<checkers::ordering::OrderingReport> ordering;
  std::optional<checkers::consistency::KvView> view;
  std::optional<checkers::locks::LockHistory> locks;
  bool violation = false;
  bool unknown = false;
  for (const std::string& name : names) {
    if (IsOrderingChecker(name)) {
      if (!ordering) {
        namespace co = checkers::ordering;
        absl::StatusOr<co::MessageHistory> read = co::ReadMessageHistoryFile(
            out_dir + "/history.jsonl", co::MessageFormat::kFaultline);
        if (!read.ok()) return read.status();
        messages = *std::move(read);
        ordering = checkers::ordering::CheckOrdering(*messages);
      }
      OrderingOutcome o = OrderingOutcomeFor(name, *messages, *ordering);
      violation = violation || o.violation;
      outcome.results[name] = std::move(o.report);
      AppendCheckerLines(o.lines, outcome.summary);
      continue;
    }
    if (IsLockChecker(name)) {
      if (!locks) {
        absl::StatusOr<checkers::locks::LockHistory> read =
            checkers::locks::ReadLockHistoryFile(out_dir + "/history.jsonl");
        if (!read.ok()) return read.status();
        locks = *std::move(read);
      }
      LockOutcome o = RunLockChecker(name, *locks, {.time_limit_ns = time_limit_ns});
      violation = violation || o.violation;
      unknown = unknown || o.unknown;
      outcome.results[name] = std::move(o.report);
      AppendCheckerLines(o.lines, outcome.summary);
      continue;
    }
    if (name == kShardingChecker) {
      absl::StatusOr<ShardingOutcome> o = RunShardingOnFile(out_dir + "/history.jsonl");
      if (!o.ok()) return o.status();
      violation = violation || o->violation;
      outcome.results[name] = std::move(o->report);
      AppendCheckerLines(o->lines, outcome.summary);
      continue;
    }
    if (name == kReadAtomicChecker) {
      absl::StatusOr<ReadAtomicOutcome> o = RunReadAtomicOnFile(out_dir + "/history.jsonl");
      if (!o.ok()) return o.status();
      violation = violation || o->violation;
      outcome.results[name] = std::move(o->report);
      AppendCheckerLines(o->lines, outcome.summary);
      continue;
    }
    if (name == "linearizability") {
      int code = kExitOk;
      if (absl::Status st =
              RunLinearizability(spec, out_dir, time_limit_ns, *history, outcome, code);
          !st.ok()) {
        return st;
      }
      violation = violation || code == kExitViolation;
      unknown = unknown || code == kExitUnknown;
      continue;
    }
    if (name == "convergence") {
      bool undecided = false;
      ConsistencyOutcome c = RunConvergenceChecker(*full, undecided);
      violation = violation || c.violation;
      unknown = unknown || undecided;
      outcome.results[name] = std::move(c.report);
      absl::StrAppend(&outcome.summary, "checker     ", c.summary, "\n");
      continue;
    }
    if (!view) {
      absl::StatusOr<checkers::consistency::KvView> built =
          checkers::consistency::KvView::Build(*history);
      if (!built.ok()) return built.status();
      view = *std::move(built);
    }
    ConsistencyOutcome c = RunConsistencyChecker(name, *view, {});
    violation = violation || c.violation;
    outcome.results[name] = std::move(c.report);
    absl::StrAppend(&outcome.summary, "checker     ", c.summary, "\n");
  }
  outcome.exit_code = violation ? kExitViolation : unknown ? kExitUnknown : kExitOk;
  outcome.valid = violation ? nlohmann::json(false)
                            : unknown ? nlohmann::json("unknown") : nlohmann::json(true);
  return outcome;
}

}  // namespace faultline::cli
