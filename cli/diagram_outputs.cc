#include "cli/diagram_outputs.h"

#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/text_file.h"
#include "cli/output_file.h"
#include "viz/check_report_reader.h"
#include "viz/diagram_builder.h"
#include "viz/story.h"
#include "viz/formats.h"
#include "viz/trace_events.h"

namespace faultline::cli {
namespace {

using nlohmann::json;

// The linearizability checker's object inside any of the report shapes.
const json* CheckerObject(const json& report) {
  if (!report.is_object()) return nullptr;
  const auto checkers = report.find("checkers");
  if (checkers != report.end() && checkers->is_object()) {
    const auto lin = checkers->find("linearizability");
    return lin != checkers->end() && lin->is_object() ? &*lin : nullptr;
  }
  const auto lin = report.find("linearizability");
  if (lin != report.end() && lin->is_object()) return &*lin;
  return &report;
}

std::optional<int64_t> IntField(const json& obj, const char* name) {
  const auto it = obj.find(name);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  return it->get<int64_t>();
}

// "process 3 read -> nil [75450175, 78066001] line 31" or "... info [75450175, ...)":
// the completion time, else the invocation time.
std::optional<int64_t> TimeFromDescription(const std::string& op) {
  const size_t open = op.rfind('[');
  if (open == std::string::npos) return std::nullopt;
  const size_t comma = op.find(", ", open);
  const size_t close = op.find_first_of("])", open);
  if (comma == std::string::npos || close == std::string::npos || close < comma) {
    return std::nullopt;
  }
  int64_t call = 0, ret = 0;
  if (absl::SimpleAtoi(op.substr(comma + 2, close - comma - 2), &ret)) return ret;
  if (absl::SimpleAtoi(op.substr(open + 1, comma - open - 1), &call)) return call;
  return std::nullopt;
}

// Whether an around_violation output asks for N events around the failing op rather than
// its story: any selection option does, as the viz flags do.
bool AsksForAWindow(const sim::DiagramOutput& o) {
  return o.around_events || o.max_events || o.from_ns != 0 || o.to_ns != kNever ||
         !o.nodes.empty() || !o.kinds.empty() || !o.hide_kinds.empty();
}

}  // namespace

absl::StatusOr<json> ReadCheckReport(const std::string& run_dir_or_report) {
  std::error_code ec;
  if (!std::filesystem::exists(run_dir_or_report, ec)) {
    return absl::NotFoundError(absl::StrCat(
        run_dir_or_report,
        ": no such run directory or report; `faultline run SCENARIO --out DIR` writes a run "
        "directory, `faultline check HISTORY --report FILE` a report"));
  }
  const bool dir = std::filesystem::is_directory(run_dir_or_report, ec);
  const std::string path = dir ? run_dir_or_report + "/results.json" : run_dir_or_report;
  if (dir && !std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat(
        run_dir_or_report, ": has no results.json; is this a run directory written by "
        "`faultline run`?"));
  }
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "check report", "a run directory or a `faultline check --report` file");
  if (!text.ok()) return text.status();
  const std::string_view body = StripUtf8Bom(*text);
  if (absl::Status st = CheckJsonDepth(body, {path, 1}); !st.ok()) return st;
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  return j;
}

absl::StatusOr<std::optional<int64_t>> ViolationTime(const json& report,
                                                     const std::string& source) {
  const json* lin = CheckerObject(report);
  if (lin == nullptr) return std::optional<int64_t>();
  const auto violation = lin->find("violation");
  if (violation == lin->end() || !violation->is_object()) return std::optional<int64_t>();
  const auto stuck = violation->find("stuck_op");
  if (stuck == violation->end() || !stuck->is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": the violation has no \"stuck_op\" to centre on"));
  }
  if (std::optional<int64_t> ret = IntField(*stuck, "ret")) return ret;
  if (std::optional<int64_t> call = IntField(*stuck, "call")) return call;
  const auto op = stuck->find("op");
  if (op != stuck->end() && op->is_string()) {
    if (std::optional<int64_t> t = TimeFromDescription(op->get<std::string>())) return t;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      source, ": the violation's stuck_op has no \"ret\" or \"call\" time to centre on"));
}

viz::Selection SelectionOf(const sim::DiagramOutput& o) {
  viz::Selection s;
  s.from = o.from_ns;
  s.to = o.to_ns;
  s.nodes = o.nodes;
  s.kinds = o.kinds;
  s.hide_kinds = o.hide_kinds;
  if (o.max_events) s.max_events = *o.max_events;
  if (o.around_events) s.around_events = *o.around_events;
  return s;
}

viz::RenderOptions RenderOptionsOf(const sim::DiagramOutput& o) {
  viz::RenderOptions r;
  r.scale = o.scale == "time" ? viz::Scale::kTime : viz::Scale::kCompact;
  return r;
}

absl::Status WriteDiagramOutputs(const sim::ScenarioSpec& spec, const std::string& out_dir,
                                 const json& checkers, const std::string& title) {
  if (spec.diagrams.empty()) return absl::OkStatus();
  // The run just wrote this trace: a reading error is a bug, not bad input.
  absl::StatusOr<viz::TraceEvents> trace = viz::ReadTraceFile(out_dir + "/trace.jsonl");
  if (!trace.ok()) {
    return absl::InternalError(absl::StrCat("reading the run's trace: ", trace.status().message()));
  }
  std::optional<int64_t> violation;
  for (const sim::DiagramOutput& d : spec.diagrams) {
    if (!d.around_violation || violation) continue;
    absl::StatusOr<std::optional<int64_t>> t =
        ViolationTime(json{{"checkers", checkers}}, "results.json");
    if (!t.ok()) return absl::InternalError(t.status().message());
    violation = *t;
  }
  for (const sim::DiagramOutput& d : spec.diagrams) {
    const viz::Format* format = viz::FormatForFile(d.file);
    if (format == nullptr) {
      return absl::InternalError(absl::StrCat("no diagram format for ", d.file));
    }
    viz::Selection selection = SelectionOf(d);
    if (d.around_violation) selection.around_time = violation;
    absl::StatusOr<viz::Diagram> diagram;
    std::optional<viz::StoryMarks> marks;
    if (d.around_violation && violation) {
      // The story of the violation, as `faultline viz --around-violation` draws it.
      absl::StatusOr<viz::CheckReport> report =
          viz::ParseCheckReport(json{{"checkers", checkers}}, "results.json");
      if (!report.ok()) return absl::InternalError(report.status().message());
      diagram = viz::BuildStoryDiagram(*trace, *report);
      if (!diagram.ok()) return absl::InternalError(diagram.status().message());
      marks = diagram->story;
    }
    if (!marks || AsksForAWindow(d)) {
      diagram = viz::BuildDiagram(*trace, selection);
      // A window around the violation still marks it (outline, caption).
      if (diagram.ok()) diagram->story = marks;
    }
    if (!diagram.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(spec.file, ": outputs: ", d.file, ": ", diagram.status().message()));
    }
    if (d.around_violation && !violation) {
      absl::StrAppend(&diagram->note, diagram->note.empty() ? "" : "; ",
                      "no checker violation to centre on");
    }
    viz::RenderOptions options = RenderOptionsOf(d);
    options.title = title;
    const std::string text = format->render(*diagram, options);
    if (absl::Status st = WriteFileAtomically(out_dir + "/" + d.file, text); !st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace faultline::cli
