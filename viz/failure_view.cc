#include "viz/failure_view.h"

#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/internal/failure_faults.h"
#include "viz/internal/failure_model.h"
#include "viz/internal/failure_scripts.h"
#include "viz/internal/failure_story.h"
#include "viz/internal/failure_timeline.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz {
namespace {

using internal::failure::FailureModel;
using internal::failure::ProcessName;
using internal::failure::Fault;
using internal::failure::TimeText;
using internal::failure::ValueText;
using internal::failure::ViewOp;

constexpr size_t kListedFaults = 6;  // faults named in the summary; the table has them all

constexpr char kPageStyle[] = R"(<style>
body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#222;margin:24px;max-width:1400px;line-height:1.4}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
code{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:90%;background:#f4f4f4;padding:0 3px}
.meta{color:#555;margin:0}
.explanation{background:#fff4f4;border-left:4px solid #c62828;padding:8px 12px}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:4px 16px}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0}
.scroll{overflow-x:auto;border:1px solid #e4e4e4}
.note{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}
td.n{text-align:right;font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace}
td.v{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace}
tr.stuck td{background:#ffebee;font-weight:bold}
tr.conc td:first-child{border-left:4px dashed #1565c0}
tr.hl td,tr:target td{background:#fff59d}
.ok{color:#2e7d32}
.fail{color:#b71c1c}
.info{color:#9a6700}
.unseen{color:#999}
footer{margin-top:32px;color:#777;font-size:12px}
@media print{body{margin:0;max-width:none}.scroll{overflow:visible;border:none}svg.tl{max-width:100%;height:auto}.noprint{display:none}tr{break-inside:avoid}}
</style>
)";

std::string Esc(std::string_view text) { return XmlEscaped(text); }

std::string KeyTitle(const std::string& key) {
  return key.empty() ? "the single object" : absl::StrCat("key '", key, "'");
}

void AppendHead(std::string* out, std::string_view title) {
  absl::StrAppend(out,
                  "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
                  "<head>\n<meta charset=\"utf-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                  "<title>",
                  Esc(title), " - faultline</title>\n", kPageStyle,
                  internal::failure::kStoryStyle, "</head>\n<body>\n");
}

void AppendMeta(std::string* out, const CheckReport& r) {
  absl::StrAppend(out, "<p class=\"meta\">model <b>", Esc(r.model), "</b> &#183; history <code>",
                  Esc(r.history_source), "</code> (",
                  Esc(r.history_format.empty() ? "empty" : r.history_format), ", ", r.history_ops,
                  " ops: ", r.history_ok, " ok, ", r.history_fail, " fail, ", r.history_info,
                  " info) &#183; ", r.states_explored, " states explored</p>\n");
}

void AppendFooter(std::string* out, const CheckReport& r, const TraceEvents* trace) {
  absl::StrAppend(out, "<footer>Drawn by faultline from the linearizability check of <code>",
                  Esc(r.history_source), "</code>");
  if (trace != nullptr)
    absl::StrAppend(out, " and the trace <code>", Esc(trace->source), "</code>");
  absl::StrAppend(out, ". docs/failure-view.md explains how to read this page.</footer>\n");
}

// A page for a report without a violation.
std::string NoViolationPage(const CheckReport& r, const TraceEvents* trace) {
  std::string out;
  const bool unknown = r.verdict == "unknown";
  const std::string title = unknown ? "Linearizability unknown" : "Linearizable";
  AppendHead(&out, title);
  absl::StrAppend(&out, "<header>\n<h1>", Esc(title), "</h1>\n");
  AppendMeta(&out, r);
  out.append("</header>\n<section id=\"verdict\">\n");
  if (unknown) {
    absl::StrAppend(&out, "<p class=\"explanation\">The checker gave up before a verdict: ",
                    Esc(r.unknown_reason),
                    ". Raise --time-limit or --memory-limit to try harder.</p>\n");
  } else {
    out.append(
        "<p>Every operation can be given one point inside its interval so that the model "
        "accepts them in that order: there is no violation to show.</p>\n");
  }
  out.append("</section>\n");
  AppendFooter(&out, r, trace);
  out.append("</body>\n</html>\n");
  return out;
}

void AppendOpRef(std::string* out, const ReportOp& op) {
  absl::StrAppend(out, "<a href=\"#row-", op.id, "\">op ", op.id, "</a>");
}

std::string FaultText(const FailureModel& m, const Fault& f) {
  std::string s = internal::failure::FaultKindName(f.kind);
  if (!f.node.empty()) absl::StrAppend(&s, " ", f.node);
  if (!f.text.empty()) absl::StrAppend(&s, " ", f.text);
  if (f.instant) return absl::StrCat(s, " at ", TimeText(m, f.begin));
  return absl::StrCat(s, " (", TimeText(m, f.begin), " to ",
                      f.end ? TimeText(m, *f.end) : std::string("the end"), ")");
}

bool DuringStuck(const FailureModel& m, const Fault& f) {
  return internal::failure::Touches(f, m.violation->stuck.call, internal::failure::StuckEnd(m));
}

void AppendFaultFact(std::string* out, const FailureModel& m) {
  out->append("<dt>Faults at the time</dt><dd>");
  if (m.trace == nullptr) {
    out->append(
        "unknown: no trace was given (<code>faultline check</code> reads only the "
        "history; a <code>faultline run</code> draws this view with its trace's faults)");
  } else if (m.faults.empty()) {
    out->append("none while these operations ran");
  } else {
    std::vector<std::string> names;
    for (const Fault& f : m.faults) {
      if (names.size() == kListedFaults) break;
      names.push_back(absl::StrCat(Esc(FaultText(m, f)),
                                   DuringStuck(m, f) ? " <b>during its interval</b>" : ""));
    }
    absl::StrAppend(out, m.faults.size(), m.faults.size() == 1 ? " fault" : " faults",
                    " while these operations ran: ");
    for (size_t i = 0; i < names.size(); ++i) absl::StrAppend(out, i ? "; " : "", names[i]);
    if (m.faults.size() > names.size()) out->append("; ...");
    out->append(" (<a href=\"#faults\">all faults</a>)");
  }
  out->append("</dd>\n");
}

void AppendVerdict(std::string* out, const FailureModel& m) {
  const ReportViolation& v = *m.violation;
  absl::StrAppend(out, "<section id=\"verdict\">\n<h2>What went wrong</h2>\n",
                  "<p class=\"explanation\">", Esc(v.explanation), "</p>\n<dl class=\"facts\">\n");
  out->append("<dt>Cannot be placed</dt><dd>");
  AppendOpRef(out, v.stuck);
  absl::StrAppend(out, " <code>", Esc(v.stuck.op), "</code> (outlined in red below)</dd>\n");
  if (v.prefix.empty()) {
    out->append("<dt>Longest linearizable prefix</dt><dd>empty: no op can take effect first");
  } else {
    absl::StrAppend(out, "<dt>Longest linearizable prefix</dt><dd>", v.prefix.size(),
                    " op(s), badges 1 to ", v.prefix.size(), " in the order they take effect");
  }
  if (!v.state_after_prefix.empty()) {
    absl::StrAppend(
        out,
        v.prefix.empty() ? "; the model's initial state: " : "; the model's state after them: ",
        "<code>", Esc(v.state_after_prefix), "</code>");
  }
  absl::StrAppend(out, "</dd>\n<dt>Concurrent with it</dt><dd>", v.concurrent.size(), " op(s)",
                  v.concurrent.empty() ? "" : ": ");
  for (size_t i = 0; i < v.concurrent.size(); ++i) {
    if (i > 0) out->append(", ");
    AppendOpRef(out, v.concurrent[i]);
  }
  out->append(" (dashed outlines; they overlap the shaded interval)</dd>\n");
  AppendFaultFact(out, m);
  out->append("</dl>\n</section>\n");
}

void AppendTimeline(std::string* out, const FailureModel& m) {
  std::string svg;
  const int64_t focus_x = internal::failure::AppendTimelineSvg(&svg, m);
  absl::StrAppend(out,
                  "<section id=\"timeline\">\n<h2>Timeline</h2>\n<div class=\"scroll\" "
                  "data-focus=\"",
                  focus_x, "\">\n", svg);
  out->append(
      "</div>\n<p class=\"note noprint\">Hover over a bar for the whole operation; "
      "click it to jump to its row in the table.</p>\n</section>\n");
}

constexpr char kHowToRead[] = R"(<section id="reading">
<h2>How to read this</h2>
<ol>
<li>Each row is a client process and each bar one operation, from the moment the client
called it (left end) to the moment it got the answer (right end). Green bars returned ok,
red bars failed (they did not happen). Amber bars fade out: the client never learned the
outcome (info), so the operation may have taken effect at any time after the call, or never.</li>
<li>The history is linearizable if we can pick one instant inside every bar (fail bars
excepted, info bars optionally) so that performing the operations one at a time, in that
order, on a single copy of the object gives every operation the answer it really got.</li>
<li>The numbered badges are the longest such order the checker could build: operations 1, 2,
3, ... take effect in that order, and leave the model in the state shown above.</li>
<li>The operation outlined in red is the one that has to come next (its answer had already
arrived), yet in no order of the operations concurrent with it (dashed outlines; their bars
overlap its shaded interval) does it return what it returned. That is the violation.</li>
<li>The tracks at the top show the faults at that time: partitions (red bands, also shaded
behind the rows), nodes down (grey hatching) or paused (yellow), clock changes (diamonds) and
link faults (triangles). They usually explain the anomaly, e.g. a primary cut off by a
partition acknowledged writes that the new primary never saw.</li>
<li>The horizontal axis keeps the order of events but not their durations: each distinct
call, return or fault time gets the same width, so short operations stay visible.</li>
</ol>
</section>
)";

void AppendFaultTable(std::string* out, const FailureModel& m) {
  out->append("<section id=\"faults\">\n<h2>Faults</h2>\n");
  if (m.trace == nullptr) {
    out->append(
        "<p>No trace was given, so the faults active at the time are unknown. "
        "<code>faultline check</code> reads only the history; <code>faultline run</code> "
        "writes this view next to results.json with the faults from its trace.jsonl.</p>\n"
        "</section>\n");
    return;
  }
  absl::StrAppend(out, "<p>From <code>", Esc(m.trace->source), "</code>: the faults between ",
                  Esc(TimeText(m, m.from)), " and ", Esc(TimeText(m, m.to)),
                  ", when these operations ran");
  if (m.faults_elsewhere > 0) {
    absl::StrAppend(out, " (", m.faults_elsewhere,
                    " other fault event(s) of the run fall outside)");
  }
  out->append(".</p>\n");
  if (m.faults.empty()) {
    out->append("<p>None.</p>\n</section>\n");
    return;
  }
  out->append(
      "<table>\n<thead><tr><th>fault</th><th>node</th><th>from</th><th>to</th>"
      "<th>what</th><th>during op ");
  absl::StrAppend(out, m.violation->stuck.id,
                  "</th><th>trace line</th></tr></thead>\n<tbody>\n");
  for (const Fault& f : m.faults) {
    absl::StrAppend(out, "<tr><td>", internal::failure::FaultKindName(f.kind), "</td><td>",
                    Esc(f.node.empty() ? "-" : f.node), "</td><td class=\"n\">",
                    Esc(TimeText(m, f.begin)), "</td><td class=\"n\">",
                    f.instant ? std::string("-")
                    : f.end   ? Esc(TimeText(m, *f.end))
                              : std::string("end of trace"),
                    "</td><td>", Esc(f.text));
    if (!f.end_text.empty()) {
      absl::StrAppend(out, f.text.empty() ? "" : "; ", "ended by ", Esc(f.end_text));
    }
    absl::StrAppend(out, "</td><td>", DuringStuck(m, f) ? "yes" : "no", "</td><td class=\"n\">",
                    f.line, "</td></tr>\n");
  }
  out->append("</tbody>\n</table>\n</section>\n");
}

std::string Role(const ViewOp& o) {
  std::vector<std::string> roles;
  if (o.stuck) roles.push_back("CANNOT BE PLACED");
  if (o.prefix_pos > 0) roles.push_back(absl::StrCat("prefix, number ", o.prefix_pos));
  if (o.concurrent) roles.push_back("concurrent");
  std::string s;
  for (const std::string& r : roles) absl::StrAppend(&s, s.empty() ? "" : "; ", r);
  return s;
}

void AppendOpRow(std::string* out, const ViewOp& o, bool show_key) {
  const ReportOp& op = *o.op;
  const char* cls = o.stuck ? "stuck" : o.concurrent ? "conc" : "prefix";
  absl::StrAppend(out, "<tr id=\"row-", op.id, "\" class=\"", cls, "\" data-op=\"", op.id,
                  "\"><td class=\"n\">", o.prefix_pos > 0 ? absl::StrCat(o.prefix_pos) : "",
                  "</td><td class=\"n\"><a href=\"#op-", op.id, "\">", op.id,
                  "</a></td><td class=\"n\">", Esc(ProcessName(op)), "</td><td>", Esc(op.f),
                  "</td>");
  if (show_key) absl::StrAppend(out, "<td class=\"v\">", Esc(op.key), "</td>");
  const bool reads = internal::failure::ReadsAValue(op);
  std::string input = reads && op.input == "null" ? "-" : ValueText(op.input);
  if (op.input2) absl::StrAppend(&input, " -> ", ValueText(*op.input2));
  absl::StrAppend(out, "<td class=\"v\">", Esc(input), "</td>");
  if (!reads && op.output.value_or("null") == "null") {
    out->append("<td class=\"v\">-</td>");
  } else if (op.output) {
    absl::StrAppend(out, "<td class=\"v\">", Esc(ValueText(*op.output)), "</td>");
  } else {
    out->append("<td class=\"v unseen\" title=\"nobody saw the result\">?</td>");
  }
  absl::StrAppend(out, "<td class=\"n\">", op.call, "</td><td class=\"n\">",
                  op.ret ? absl::StrCat(*op.ret) : std::string("-"), "</td><td class=\"",
                  Esc(op.status), "\">", Esc(op.status), "</td><td class=\"n\">", op.line,
                  "</td><td>", Esc(Role(o)), "</td></tr>\n");
}

void AppendOpTable(std::string* out, const FailureModel& m) {
  bool show_key = false;
  for (const ViewOp& o : m.ops) show_key = show_key || o.op->key != m.violation->key;
  const char* unit = m.times_ns ? " (ns)" : " (position)";
  absl::StrAppend(out, "<section id=\"ops\">\n<h2>Operations</h2>\n<p>The ", m.ops.size(),
                  " operation(s) of the evidence on ", Esc(KeyTitle(m.violation->key)),
                  ", in history order: the prefix, the op that cannot be placed and the ops "
                  "concurrent with it. Fail ops (they did not happen) and later ops are left "
                  "out.</p>\n<table>\n<thead><tr>"
                  "<th>prefix</th><th>op</th><th>process</th><th>f</th>",
                  show_key ? "<th>key</th>" : "", "<th>input</th><th>output</th><th>call", unit,
                  "</th><th>ret", unit,
                  "</th><th>status</th><th>line</th><th>role</th></tr></thead>\n<tbody>\n");
  for (const ViewOp& o : m.ops) AppendOpRow(out, o, show_key);
  out->append("</tbody>\n</table>\n</section>\n");
}

}  // namespace

std::string RenderFailureView(const CheckReport& report, const TraceEvents* trace) {
  return RenderFailureView(report, trace, nullptr);
}

std::string RenderFailureView(const CheckReport& report, const TraceEvents* trace,
                              const FailureViewStory* story) {
  if (!report.violation) return NoViolationPage(report, trace);
  const FailureModel m = internal::failure::BuildFailureModel(report, trace);
  std::string out;
  const std::string key = KeyTitle(report.violation->key);
  AppendHead(&out, absl::StrCat("Not linearizable: ", key));
  absl::StrAppend(&out, "<header>\n<h1>Not linearizable: ", Esc(key), "</h1>\n");
  AppendMeta(&out, report);
  out.append("</header>\n");
  AppendVerdict(&out, m);
  const bool with_story = story != nullptr && story->diagram != nullptr && story->trace != nullptr;
  if (with_story) internal::failure::AppendStorySection(&out, *story, report.violation->key);
  AppendTimeline(&out, m);
  out.append(kHowToRead);
  AppendFaultTable(&out, m);
  AppendOpTable(&out, m);
  AppendFooter(&out, report, trace);
  out.append(internal::failure::kOpLinkScript);
  if (with_story) internal::failure::AppendStoryScript(&out);
  out.append("</body>\n</html>\n");
  return out;
}

}  // namespace faultline::viz
