// `faultline viz TRACE.jsonl --format F [--out FILE] [selection options]`: draws a run's
// trace as a space-time diagram (SVG, DOT, Mermaid, Perfetto JSON, ShiViz log).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/strings.h"
#include "base/units.h"
#include "boost/program_options.hpp"
#include "cli/commands.h"
#include "cli/diagram_outputs.h"
#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "cli/results_json.h"
#include "cli/scenario_checkers.h"
#include "viz/diagram_builder.h"
#include "viz/check_report_reader.h"
#include "viz/formats.h"
#include "viz/side_by_side.h"
#include "viz/story.h"
#include "viz/trace_events.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kVizUsage[] = R"(usage: faultline viz TRACE.jsonl --format FORMAT [options]
       faultline viz --around-violation RUN_DIR --out story.svg
       faultline viz --compare RUN_A RUN_B [--key K] --out compare.svg

Draws a run's trace.jsonl as a space-time diagram: one lane per node and client, time
flowing down, an arrow per message (dropped ones end in an X), client ops as bars,
crashes, pauses and partitions on the lanes. Writes to --out, or to stdout.

)";

int Usage(const std::string& message) {
  std::fprintf(stderr, "faultline viz: %s\nsee: faultline viz --help\n", message.c_str());
  return kExitUsage;
}

// "a,b" "c" -> {a, b, c}: lists may be comma-separated, the flag repeated, or both.
std::vector<std::string> SplitList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
      out.emplace_back(absl::StripAsciiWhitespace(part));
    }
  }
  return out;
}

std::string FormatList() {
  const std::vector<std::string> names = viz::FormatNames();
  return names.empty() ? std::string("none in this build") : absl::StrJoin(names, ", ");
}

// The format from --format, or from the extension of --out.
absl::StatusOr<const viz::Format*> ChooseFormat(const std::string& name, const std::string& out) {
  if (!name.empty()) {
    if (const viz::Format* f = viz::FindFormat(name)) return f;
    return absl::InvalidArgumentError(
        absl::StrCat("unknown --format '", name, "'; this build writes: ", FormatList()));
  }
  if (!out.empty()) {
    if (const viz::Format* f = viz::FormatForFile(out)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--format is required (or an --out file whose extension names one: ",
                   absl::StrJoin(viz::FormatExtensions(), ", "), "); formats: ", FormatList()));
}

struct VizFlags {
  std::string trace_path;
  std::string format;
  std::string out;
  std::string from, to;
  std::vector<std::string> nodes, kinds, hide_kinds;
  int64_t max_events = viz::Selection{}.max_events;
  int64_t max_rows = viz::Selection{}.max_rows;
  int64_t around_events = viz::Selection{}.around_events;
  std::string around_violation;
  // --around-violation draws the violation's story (viz/story.h) unless a window or a
  // selection flag asks for N events around it.
  bool window = false;
  std::vector<std::string> compare;  // two run directories
  std::string story;                 // a run directory
  std::string key;                   // with --compare: the key whose story is drawn
  std::string scale = "compact";
  std::string title;
};

// Flags -> Selection; usage errors (exit 64) as InvalidArgument.
absl::StatusOr<viz::Selection> SelectionFromFlags(const VizFlags& f) {
  viz::Selection s;
  for (const auto& [flag, text, out] :
       {std::tuple{"--from", &f.from, &s.from}, std::tuple{"--to", &f.to, &s.to}}) {
    if (text->empty()) continue;
    absl::StatusOr<Nanos> t = ParseDuration(*text);
    if (!t.ok() || *t < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, " must be a simulated time such as 1.5s or 250ms, not '", *text, "'"));
    }
    *out = *t;
  }
  if (s.from > s.to) return absl::InvalidArgumentError("--from is after --to");
  if (f.max_events < 0)
    return absl::InvalidArgumentError("--max-events must be 0 (no cap) or more");
  if (f.max_rows < 0) {
    return absl::InvalidArgumentError("--max-rows must be 0 (never summarise) or more");
  }
  if (f.around_events < 0) return absl::InvalidArgumentError("--around-events must be 0 or more");
  // `--nodes ''` (an unset shell variable) would otherwise select every lane silently.
  for (const auto& [flag, given] : {std::pair{"--nodes", &f.nodes}, std::pair{"--kinds", &f.kinds},
                                    std::pair{"--hide-kinds", &f.hide_kinds}}) {
    if (!given->empty() && SplitList(*given).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, " is empty; give names like n1,c2 or leave the flag out"));
    }
  }
  s.nodes = SplitList(f.nodes);
  s.kinds = SplitList(f.kinds);
  s.hide_kinds = SplitList(f.hide_kinds);
  s.max_events = f.max_events;
  s.max_rows = f.max_rows;
  s.around_events = f.around_events;
  return s;
}

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

// --compare RUN_A RUN_B: one key's story in each run, side by side.
int RunCompare(const VizFlags& f) {
  if (f.compare.size() != 2) {
    return Usage(absl::StrCat("--compare takes two run directories (--compare RUN_A RUN_B), not ",
                              f.compare.size()));
  }
  if (!f.trace_path.empty()) {
    return Usage("--compare reads each run directory's own trace.jsonl; give no TRACE");
  }
  if (f.window || !f.around_violation.empty()) {
    return Usage("--compare draws each run's story; it takes no --around-violation, "
                 "--around-events or selection flags");
  }
  absl::StatusOr<const viz::Format*> format = ChooseFormat(f.format, f.out);
  if (!format.ok()) return Usage(std::string(format.status().message()));
  if ((*format)->name != "svg") {
    return Usage(absl::StrCat("--compare draws SVG only (--out FILE.svg), not ",
                              std::string((*format)->name)));
  }
  std::error_code ec;
  if (std::filesystem::equivalent(f.compare[0], f.compare[1], ec)) {
    return Usage(absl::StrCat("--compare ", f.compare[0], " ", f.compare[1],
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
    return Usage("neither run has a linearizability violation to take the key from; give --key");
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

// --story RUN_DIR: the violation's story, or a key's (--key, else the last read's key).
int RunStory(const VizFlags& f) {
  if (!f.trace_path.empty()) {
    return Usage("--story reads the run directory's own trace.jsonl; give no TRACE");
  }
  if (f.window || !f.around_violation.empty()) {
    return Usage("--story picks its own events; it takes no --around-violation, "
                 "--around-events or selection flags");
  }
  absl::StatusOr<const viz::Format*> format = ChooseFormat(f.format, f.out);
  if (!format.ok()) return Usage(std::string(format.status().message()));
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

int Run(VizFlags& f) {
  if (!f.compare.empty() && !f.story.empty()) return Usage("give --story or --compare, not both");
  if (!f.key.empty() && f.compare.empty() && f.story.empty()) {
    return Usage("--key picks the key of --story or --compare; give one of them");
  }
  if (!f.compare.empty()) return RunCompare(f);
  if (!f.story.empty()) return RunStory(f);
  absl::StatusOr<const viz::Format*> format = ChooseFormat(f.format, f.out);
  if (!format.ok()) return Usage(std::string(format.status().message()));
  if (f.scale != "compact" && f.scale != "time") {
    return Usage(absl::StrCat("--scale must be compact or time, not '", f.scale, "'"));
  }
  absl::StatusOr<viz::Selection> selection = SelectionFromFlags(f);
  if (!selection.ok()) return Usage(std::string(selection.status().message()));
  std::error_code ec;
  if (!f.around_violation.empty() && !std::filesystem::exists(f.around_violation, ec)) {
    // A missing input, not a bad flag: say which command writes one.
    return ReportError(absl::NotFoundError(absl::StrCat(
        "--around-violation ", f.around_violation,
        ": no such run directory or report; `faultline run SCENARIO --out ", f.around_violation,
        "` writes a run directory, `faultline check HISTORY --report FILE` a report")));
  }
  if (f.trace_path.empty() && !f.around_violation.empty()) {
    if (!std::filesystem::is_directory(f.around_violation, ec)) {
      return Usage(absl::StrCat("missing TRACE.jsonl: --around-violation ", f.around_violation,
                                " is a report file, which names no trace; give the trace too"));
    }
    f.trace_path = f.around_violation + "/trace.jsonl";  // the run directory's own trace
    if (!std::filesystem::exists(f.trace_path, ec)) {
      return ReportError(absl::NotFoundError(absl::StrCat(
          f.around_violation, ": the run directory has no trace.jsonl; list trace.jsonl in "
          "the scenario's outputs and rerun it, or give the trace as TRACE.jsonl")));
    }
  }
  if (f.trace_path.empty()) return Usage("missing TRACE.jsonl");
  std::optional<viz::CheckReport> story_report;
  if (!f.around_violation.empty()) {
    absl::StatusOr<nlohmann::json> report = ReadCheckReport(f.around_violation);
    if (!report.ok()) return ReportError(report.status());
    absl::StatusOr<std::optional<int64_t>> t = ViolationTime(*report, f.around_violation);
    if (!t.ok()) return ReportError(t.status());
    if (!*t) {
      return ReportError(absl::InvalidArgumentError(
          absl::StrCat(f.around_violation,
                       ": no linearizability violation to centre on (the run is valid, "
                       "or its checker did not run)")));
    }
    selection->around_time = **t;
    absl::StatusOr<viz::CheckReport> parsed = viz::ParseCheckReport(*report, f.around_violation);
    if (!parsed.ok()) return ReportError(parsed.status());
    story_report = *std::move(parsed);
  }
  if (!f.out.empty()) {
    if (absl::Status st = CheckWritable(f.out, "the diagram"); !st.ok()) return ReportError(st);
    // The diagram must not replace the trace it is drawn from, nor the report it centres on.
    std::vector<std::string> inputs = {f.trace_path};
    if (!f.around_violation.empty()) {
      inputs.push_back(std::filesystem::is_directory(f.around_violation, ec)
                           ? f.around_violation + "/results.json"
                           : f.around_violation);
    }
    for (const std::string& input : inputs) {
      if (absl::Status st = CheckNotInput(f.out, "--out", input); !st.ok()) return ReportError(st);
    }
  }

  absl::StatusOr<viz::TraceEvents> trace = viz::ReadTraceFile(f.trace_path);
  if (!trace.ok()) return ReportError(trace.status());
  if (!f.around_violation.empty() && std::filesystem::is_directory(f.around_violation, ec)) {
    // Centring one run's trace on another run's violation would draw a made-up story.
    absl::StatusOr<RecordedRun> recorded = ReadRecordedRun(f.around_violation);
    if (!recorded.ok()) return ReportError(recorded.status());
    if (recorded->trace_events && *recorded->trace_events != trace->events.size()) {
      return ReportError(absl::InvalidArgumentError(absl::StrCat(
          f.trace_path, " has ", trace->events.size(), " events but the run in ",
          f.around_violation, " traced ", *recorded->trace_events,
          ": they are from different runs; give that run's own trace.jsonl")));
    }
  }
  absl::StatusOr<viz::Diagram> diagram;
  std::optional<viz::StoryMarks> marks;
  if (story_report) {
    diagram = viz::BuildStoryDiagram(*trace, *story_report);
    if (!diagram.ok()) return ReportError(diagram.status());
    marks = diagram->story;
  }
  if (!story_report || f.window) {
    diagram = viz::BuildDiagram(*trace, *selection);
    if (!diagram.ok()) return Usage(std::string(diagram.status().message()));
    // A window around the violation still marks it: the failing op outlined, the caption.
    diagram->story = marks;
  }
  viz::RenderOptions options;
  options.scale = f.scale == "time" ? viz::Scale::kTime : viz::Scale::kCompact;
  options.title = f.title;
  const std::string text = (*format)->render(*diagram, options);
  if (f.out.empty()) {
    std::cout << text;
  } else if (absl::Status st = WriteFileAtomically(f.out, text); !st.ok()) {
    return ReportError(st);
  }
  // What was drawn, on stderr: the output itself may be on stdout.
  const std::string drawn = diagram->note.empty()
                                ? absl::StrCat("all ", diagram->events_shown, " events")
                                : diagram->note;
  std::fprintf(stderr, "faultline viz: wrote %s (%s; %s)\n",
               f.out.empty() ? "to stdout" : f.out.c_str(), std::string((*format)->name).c_str(),
               drawn.c_str());
  return kExitOk;
}

}  // namespace

int VizCommand(const std::vector<std::string>& args) {
  VizFlags f;
  po::options_description visible("options");
  visible.add_options()("help,h", "show this help")(
      "format", po::value(&f.format),
      absl::StrCat("output format: ", FormatList(), " (default: from the --out extension)")
          .c_str())("out", po::value(&f.out), "write here instead of stdout")(
      "from", po::value(&f.from), "first simulated time to show, e.g. 1.5s")(
      "to", po::value(&f.to), "last simulated time to show, e.g. 2s")(
      "nodes", po::value(&f.nodes)->composing(),
      "lanes to show, e.g. n1,n2,c1 (a message needs both ends shown)")(
      "kinds", po::value(&f.kinds)->composing(), "message kinds to show, e.g. replicate,ack")(
      "hide-kinds", po::value(&f.hide_kinds)->composing(),
      "message kinds to leave out, e.g. heartbeat")(
      "max-events", po::value(&f.max_events),
      "draw at most this many events, the first ones (default 0: no cap)")(
      "max-rows", po::value(&f.max_rows),
      absl::StrCat("when more events are selected, summarise dense stretches of messages, "
                   "ops and timers into gap rows (every fault, note and phase stays) so the "
                   "picture stays drawable (0: never); default ",
                   viz::Selection{}.max_rows)
          .c_str())("around-violation", po::value(&f.around_violation),
                    "draw the story of the linearizability violation: the failing op, the "
                    "write it returned, the acknowledged writes it contradicts, their "
                    "messages, the faults and role changes in between, gaps marked; a run "
                    "directory (its results.json; TRACE then defaults to its trace.jsonl) or a "
                    "`faultline check --report` file")(
      "around-events", po::value(&f.around_events),
      absl::StrCat("with --around-violation: instead of the story, this many events either "
                   "side of the failing op (also when --from, --to, --nodes, --kinds, "
                   "--hide-kinds or --max-events is given); default ",
                   viz::Selection{}.around_events)
          .c_str())(
      "compare", po::value(&f.compare)->multitoken(),
      "RUN_A RUN_B: draw one key's story in two run directories side by side (SVG), e.g. "
      "async and sync replication on the same seed; the key is the first run's violation's, "
      "or --key")(
      "story", po::value(&f.story),
      "RUN_DIR: draw the run's story: its linearizability violation's (as --around-violation), "
      "or for a run without one, the story of a key (--key; default: the key of the last "
      "read); the caption and marks are drawn in svg and dot")(
      "key", po::value(&f.key), "with --compare or --story: the key whose story to draw")(
      "scale", po::value(&f.scale),
                    "vertical scale: compact (one row per event, default) or time")(
      "title", po::value(&f.title), "title on top (default: the trace file)");
  po::options_description all;
  all.add(visible).add_options()("trace", po::value(&f.trace_path));
  po::positional_options_description positional;
  positional.add("trace", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return Usage(e.what());
  }
  for (const char* flag :
       {"around-events", "from", "to", "nodes", "kinds", "hide-kinds", "max-events"}) {
    if (vm.count(flag) != 0) f.window = true;
  }
  if (vm.count("help")) {
    std::cout << kVizUsage << visible << "\nformats: " << FormatList()
              << "\nfile endings (for --out without --format): "
              << absl::StrJoin(viz::FormatExtensions(), ", ") << "\n"
              << "\nexamples:\n"
                 "  faultline viz runs/quickstart-seed1/trace.jsonl --out quickstart.svg\n"
                 "  faultline viz run/trace.jsonl --format mermaid --from 1s --to 1.2s "
                 "--hide-kinds heartbeat\n"
                 "  faultline viz --around-violation runs/replica-reads-are-stale-seed5 "
                 "--out failure.svg\n"
                 "  faultline viz --compare runs/async runs/sync --out async-vs-sync.svg\n";
    return kExitOk;
  }
  return Run(f);
}

}  // namespace faultline::cli
