// `faultline viz --story` and `--compare` (cli/viz_story_command.h).
#include "cli/viz_story_command.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "cli/diagram_outputs.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/results_json.h"
#include "cli/scenario_checkers.h"
#include "nlohmann/json.hpp"
#include "viz/check_report_reader.h"
#include "viz/side_by_side.h"
#include "viz/story.h"
#include "viz/trace_events.h"

namespace faultline::cli {
namespace {

// A run directory's trace, checked to be that run's (as --around-violation checks it).
absl::StatusOr<viz::TraceEvents> ReadRunTrace(const std::string& dir, std::string_view flag) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(
        Sv(flag), " ", dir, ": no such run directory; `faultline run SCENARIO --out ", dir,
        "` writes one"));
  }
  const std::string path = dir + "/trace.jsonl";
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat(
        dir, ": the run directory has no trace.jsonl; list trace.jsonl in the scenario's "
        "outputs and rerun it"));
  }
  absl::StatusOr<viz::TraceEvents> trace = viz::ReadTraceFile(path);
  if (!trace.ok()) return trace.status();
  absl::StatusOr<RecordedRun> recorded = ReadRecordedRun(dir);
  if (!recorded.ok()) return recorded.status();
  if (recorded->trace_events && *recorded->trace_events != trace->events.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " has ", trace->events.size(), " events but the run in ", dir, " traced ",
        *recorded->trace_events, ": the trace was replaced; rerun the scenario"));
  }
  return trace;
}

// Refuses an --out that would replace one of a run directory's inputs.
absl::Status CheckNotRunInput(const std::string& out, const std::string& dir) {
  for (const char* file : {"/trace.jsonl", "/results.json"}) {
    if (absl::Status st = CheckNotInput(out, "--out", dir + file); !st.ok()) return st;
  }
  return absl::OkStatus();
}

// A run directory's name for a title: "async" for runs/async/ as for runs/async.
std::string RunName(const std::string& dir) {
  const std::filesystem::path p = std::filesystem::path(dir).lexically_normal();
  const std::string name = p.filename().string();
  return name.empty() ? p.parent_path().filename().string() : name;
}

// The run's linearizability report, or nullopt when its checker did not run.
absl::StatusOr<std::optional<viz::CheckReport>> ReadRunReport(const std::string& dir) {
  absl::StatusOr<nlohmann::json> j = ReadCheckReport(dir);
  if (!j.ok()) return j.status();
  const auto checkers = j->find("checkers");
  if (checkers == j->end() || !checkers->is_object() || !checkers->contains("linearizability")) {
    return std::optional<viz::CheckReport>();
  }
  absl::StatusOr<viz::CheckReport> r = viz::ParseCheckReport(*j, dir + "/results.json");
  if (!r.ok()) return r.status();
  return std::optional<viz::CheckReport>(*std::move(r));
}

}  // namespace

int RunVizCompare(const VizFlags& f) {
  if (f.compare.size() != 2) {
    return VizUsage(absl::StrCat("--compare takes two run directories (--compare RUN_A RUN_B), not ",
                              f.compare.size()));
  }
  if (!f.trace_path.empty()) {
    return VizUsage("--compare reads each run directory's own trace.jsonl; give no TRACE");
  }
  if (f.window || !f.around_violation.empty()) {
    return VizUsage("--compare draws each run's story; it takes no --around-violation, "
                 "--around-events or selection flags");
  }
  absl::StatusOr<const viz::Format*> format = ChooseVizFormat(f.format, f.out);
  if (!format.ok()) return VizUsage(std::string(format.status().message()));
  if ((*format)->name != "svg") {
    return VizUsage(absl::StrCat("--compare draws SVG only (--out FILE.svg), not ",
                              std::string((*format)->name)));
  }
  std::error_code ec;
  if (std::filesystem::equivalent(f.compare[0], f.compare[1], ec)) {
    return VizUsage(absl::StrCat("--compare ", f.compare[0], " ", f.compare[1],
                              ": the same run twice; give two run directories"));
  }
  std::vector<viz::TraceEvents> traces;
  std::vector<std::optional<viz::CheckReport>> reports;
  for (const std::string& dir : f.compare) {
    absl::StatusOr<viz::TraceEvents> trace = ReadRunTrace(dir, "--compare");
    if (!trace.ok()) return ReportError(trace.status());
    absl::StatusOr<std::optional<viz::CheckReport>> report = ReadRunReport(dir);
    if (!report.ok()) return ReportError(report.status());
    traces.push_back(*std::move(trace));
    reports.push_back(*std::move(report));
  }
  std::string key = f.key;
  for (const auto& r : reports) {
    if (key.empty() && r && r->violation) key = r->violation->key;
  }
  if (key.empty()) {
    return VizUsage("neither run has a linearizability violation to take the key from; give --key");
  }
  if (!f.out.empty()) {
    if (absl::Status st = CheckWritable(f.out, "the comparison"); !st.ok()) return ReportError(st);
    for (const std::string& dir : f.compare) {
      if (absl::Status st = CheckNotRunInput(f.out, dir); !st.ok()) return ReportError(st);
    }
  }
  std::vector<std::string> pictures;
  for (size_t i = 0; i < 2; ++i) {
    const auto& r = reports[i];
    const bool violated = r && r->violation && r->violation->key == key;
    absl::StatusOr<viz::Diagram> d = violated ? viz::BuildStoryDiagram(traces[i], *r)
                                              : viz::BuildKeyStory(traces[i], key);
    if (!d.ok()) return ReportError(d.status());
    viz::RenderOptions options;
    options.title = absl::StrCat(RunName(f.compare[i]), ": ",
                                 !r ? "no linearizability check" : r->verdict);
    pictures.push_back((*format)->render(*d, options));
  }
  const std::string title =
      f.title.empty() ? absl::StrCat("key ", key, ": ", f.compare[0], " vs ", f.compare[1]) : f.title;
  absl::StatusOr<std::string> svg = viz::SideBySideSvg(pictures[0], pictures[1], title);
  if (!svg.ok()) return ReportError(absl::InternalError(svg.status().message()));
  if (f.out.empty()) {
    std::cout << *svg;
  } else if (absl::Status st = WriteFileAtomically(f.out, *svg); !st.ok()) {
    return ReportError(st);
  }
  std::fprintf(stderr, "faultline viz: wrote %s (the story of key %s in %s and in %s)\n",
               f.out.empty() ? "to stdout" : f.out.c_str(), key.c_str(), f.compare[0].c_str(),
               f.compare[1].c_str());
  return kExitOk;
}

int RunVizStory(const VizFlags& f) {
  if (!f.trace_path.empty()) {
    return VizUsage("--story reads the run directory's own trace.jsonl; give no TRACE");
  }
  if (f.window || !f.around_violation.empty()) {
    return VizUsage("--story picks its own events; it takes no --around-violation, "
                 "--around-events or selection flags");
  }
  absl::StatusOr<const viz::Format*> format = ChooseVizFormat(f.format, f.out);
  if (!format.ok()) return VizUsage(std::string(format.status().message()));
  absl::StatusOr<viz::TraceEvents> trace = ReadRunTrace(f.story, "--story");
  if (!trace.ok()) return ReportError(trace.status());
  absl::StatusOr<std::optional<viz::CheckReport>> report = ReadRunReport(f.story);
  if (!report.ok()) return ReportError(report.status());
  if (!f.out.empty()) {
    if (absl::Status st = CheckWritable(f.out, "the story"); !st.ok()) return ReportError(st);
    if (absl::Status st = CheckNotRunInput(f.out, f.story); !st.ok()) return ReportError(st);
  }
  const auto& r = *report;
  const bool violated = r && r->violation && (f.key.empty() || f.key == r->violation->key);
  absl::StatusOr<viz::Diagram> d =
      violated ? viz::BuildStoryDiagram(*trace, *r) : viz::BuildKeyStory(*trace, f.key);
  if (!d.ok()) return ReportError(d.status());
  viz::RenderOptions options;
  options.title = f.title;
  if (options.title.empty()) {
    // As the run titles its own story.svg: "async-failover-loses-writes seed 3: the story of
    // the violation".
    absl::StatusOr<nlohmann::json> results = ReadCheckReport(f.story);
    if (results.ok()) options.title = StoryTitle(*results, *d);
  }
  const std::string text = (*format)->render(*d, options);
  if (f.out.empty()) {
    std::cout << text;
  } else if (absl::Status st = WriteFileAtomically(f.out, text); !st.ok()) {
    return ReportError(st);
  }
  std::fprintf(stderr, "faultline viz: wrote %s (%s; %s)\n",
               f.out.empty() ? "to stdout" : f.out.c_str(), std::string((*format)->name).c_str(),
               d->note.c_str());
  if ((*format)->name != "svg" && (*format)->name != "dot") {
    std::fprintf(stderr,
                 "faultline viz: %s draws the story's events; its caption and marks (outlines, "
                 "crossed-out writes) are drawn in svg and dot only\n",
                 std::string((*format)->name).c_str());
  }
  return kExitOk;
}

}  // namespace faultline::cli
