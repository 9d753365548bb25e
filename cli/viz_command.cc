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
#include "cli/viz_flags.h"
#include "cli/viz_story_command.h"
#include "viz/diagram_builder.h"
#include "viz/check_report_reader.h"
#include "viz/formats.h"
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

}  // namespace

int VizUsage(const std::string& message) {
  std::fprintf(stderr, "faultline viz: %s\nsee: faultline viz --help\n", message.c_str());
  return kExitUsage;
}

// The format from --format, or from the extension of --out.
absl::StatusOr<const viz::Format*> ChooseVizFormat(const std::string& name,
                                                   const std::string& out) {
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

namespace {

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


int Run(VizFlags& f) {
  if (!f.compare.empty() && !f.story.empty()) return VizUsage("give --story or --compare, not both");
  if (!f.key.empty() && f.compare.empty() && f.story.empty()) {
    return VizUsage("--key picks the key of --story or --compare; give one of them");
  }
  if (!f.compare.empty()) return RunVizCompare(f);
  if (!f.story.empty()) return RunVizStory(f);
  absl::StatusOr<const viz::Format*> format = ChooseVizFormat(f.format, f.out);
  if (!format.ok()) return VizUsage(std::string(format.status().message()));
  if (f.scale != "compact" && f.scale != "time") {
    return VizUsage(absl::StrCat("--scale must be compact or time, not '", f.scale, "'"));
  }
  absl::StatusOr<viz::Selection> selection = SelectionFromFlags(f);
  if (!selection.ok()) return VizUsage(std::string(selection.status().message()));
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
      return VizUsage(absl::StrCat("missing TRACE.jsonl: --around-violation ", f.around_violation,
                                " is a report file, which names no trace; give the trace too"));
    }
    f.trace_path = f.around_violation + "/trace.jsonl";  // the run directory's own trace
    if (!std::filesystem::exists(f.trace_path, ec)) {
      return ReportError(absl::NotFoundError(absl::StrCat(
          f.around_violation, ": the run directory has no trace.jsonl; list trace.jsonl in "
          "the scenario's outputs and rerun it, or give the trace as TRACE.jsonl")));
    }
  }
  if (f.trace_path.empty()) return VizUsage("missing TRACE.jsonl");
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
    if (!diagram.ok()) return VizUsage(std::string(diagram.status().message()));
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
    return VizUsage(e.what());
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
