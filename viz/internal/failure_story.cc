#include "viz/internal/failure_story.h"

#include <map>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "nlohmann/json.hpp"
#include "viz/internal/failure_scripts.h"
#include "viz/internal/svg_embed.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::failure {
namespace {

constexpr int kFieldsPerNode = 5;  // role, note, value, from, flags

std::string Esc(std::string_view text) { return XmlEscaped(text); }

// A string table: each distinct string once, in order of first use.
class Strings {
 public:
  int Id(const std::string& s) {
    const auto [it, added] = ids_.try_emplace(s, static_cast<int>(list_.size()));
    if (added) list_.push_back(s);
    return it->second;
  }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::map<std::string, int> ids_;
  std::vector<std::string> list_;
};

// JSON text safe inside <script>: '<', '>' and '&' only occur in strings, as \u escapes.
std::string ScriptSafe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<':
        out.append("\\u003c");
        break;
      case '>':
        out.append("\\u003e");
        break;
      case '&':
        out.append("\\u0026");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RoleShown(const StoryNodeState& n) {
  std::string role = n.role;
  if (n.paused) role = absl::StrCat("paused; ", role);
  if (n.down) role = absl::StrCat("down; ", role);
  return role.empty() ? "-" : role;
}

// The node table at the first step (the script redraws it for the others).
void AppendNodeTable(std::string* out, const StorySteps& steps) {
  absl::StrAppend(out,
                  "<table class=\"replicas\" id=\"replicas\">\n<thead><tr><th>node</th>"
                  "<th>role (its last note naming one)</th><th>last value of ",
                  Esc(steps.key), " it received</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < steps.nodes.size(); ++i) {
    const StoryNodeState* n = steps.steps.empty() ? nullptr : &steps.steps.front().nodes[i];
    const std::string& node = steps.nodes[i];
    absl::StrAppend(out, "<tr data-node=\"", Esc(node), "\"><td>", Esc(node),
                    "</td><td title=\"", Esc(n ? n->note : ""), "\">",
                    Esc(n ? RoleShown(*n) : "-"), "</td><td class=\"v\" title=\"",
                    Esc(n ? n->value_from : ""), "\">",
                    Esc(n && !n->value.empty() ? n->value : "-"), "</td></tr>\n");
  }
  out->append("</tbody>\n</table>\n");
}

}  // namespace

const char kStoryStyle[] = R"(<style>
.story-wrap{display:flex;gap:16px;align-items:flex-start}
.story-scroll{overflow:auto;max-height:85vh;border:1px solid #e4e4e4;flex:0 1 auto}
.stepper{flex:1 1 360px;min-width:300px;position:sticky;top:8px}
.stepper input{width:100%}
#step-text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px;min-height:3em;overflow-wrap:anywhere}
table.replicas{width:100%}
table.replicas tr.changed td{background:#fff59d}
svg.story .cursor{stroke:#ff6f00;stroke-width:2;stroke-opacity:.8}
svg.story rect[data-op]{cursor:pointer}
svg.story rect[data-op].hov{stroke-width:3}
svg.story rect[data-op].hl{stroke:#ff6f00;stroke-width:4}
.tl .op{cursor:pointer}
.tl .op.hov rect{stroke-width:3}
.tl .op.hl rect{stroke:#ff6f00;stroke-width:3}
tr[data-op]{cursor:pointer}
tr.hov td{background:#fffde7}
</style>
)";

std::string StepsJson(const StorySteps& steps, const SvgGeometry& geometry) {
  Strings strings;
  std::string rows;
  for (size_t r = 0; r < steps.steps.size(); ++r) {
    const StoryStep& s = steps.steps[r];
    absl::StrAppend(&rows, r ? "," : "", "[", geometry.Y(s.at), ",", strings.Id(s.text));
    for (const StoryNodeState& n : s.nodes) {
      absl::StrAppend(&rows, ",", strings.Id(n.role), ",", strings.Id(n.note), ",",
                      strings.Id(n.value), ",", strings.Id(n.value_from), ",",
                      (n.down ? 1 : 0) + (n.paused ? 2 : 0));
    }
    rows.push_back(']');
  }
  // Texts from the trace are cleaned, but a node name or a partition's text may still
  // hold stray bytes: they become U+FFFD rather than an exception.
  const auto dump = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  const std::string json =
      absl::StrCat("{\"key\":", dump(steps.key), ",\"nodes\":", dump(steps.nodes),
                   ",\"s\":", dump(strings.list()), ",\"steps\":[", rows, "]}");
  static_assert(kFieldsPerNode == 5, "the script reads 5 fields per node");
  return ScriptSafe(json);
}

void AppendStorySection(std::string* out, const FailureViewStory& story, const std::string& key) {
  SvgGeometry geometry;
  const std::string svg = RenderSvg(*story.diagram, story.options, &geometry);
  const StorySteps steps = BuildStorySteps(*story.diagram, *story.trace, key);
  std::string embedded = EmbeddableSvg(svg, "story", "st-");
  // The cursor, on the first step, drawn over everything.
  std::string cursor = "<line id=\"st-step-cursor\" class=\"cursor\" x1=\"";
  const int64_t y0 = steps.steps.empty() ? geometry.first_y : geometry.Y(steps.steps[0].at);
  AppendTenths(&cursor, geometry.lanes_left);
  cursor.append("\" x2=\"");
  AppendTenths(&cursor, geometry.lanes_right);
  cursor.append("\" y1=\"");
  AppendTenths(&cursor, y0);
  cursor.append("\" y2=\"");
  AppendTenths(&cursor, y0);
  cursor.append("\"/>\n");
  const size_t end = embedded.rfind("</svg>");
  if (end != std::string::npos) embedded.insert(end, cursor);

  const size_t n = steps.steps.size();
  absl::StrAppend(out, "<section id=\"story\">\n<h2>The story, step by step</h2>\n<p>",
                  story.diagram->story ? Esc(story.diagram->story->caption) : std::string(),
                  "</p>\n<p class=\"note noprint\">The events of the run that explain the "
                  "violation, one row each (the rest are left out, with gap marks). Move the "
                  "slider (or press the left and right arrow keys) to step through them: the "
                  "table shows what the trace says of each node at that row. Click an op bar "
                  "here or in the timeline below to find it in the other.</p>\n"
                  "<div class=\"story-wrap\">\n<div class=\"story-scroll\" id=\"story-scroll\">\n",
                  embedded, "</div>\n<div class=\"stepper\">\n<label for=\"step\">step</label> "
                  "<input type=\"range\" id=\"step\" min=\"1\" max=\"", n, "\" value=\"1\"/>\n"
                  "<p id=\"step-text\">step 1 of ", n, ": ",
                  n > 0 ? Esc(steps.steps.front().text) : std::string(), "</p>\n");
  AppendNodeTable(out, steps);
  absl::StrAppend(out, "<p class=\"note\">Role: the node's last note that names one (\"promoted "
                  "to primary in epoch 2\", \"became leader in term 3\"); hover for the whole "
                  "note. Value: the last value of ", Esc(key), " it received in a message, or "
                  "acknowledged to a client, as the trace shows it up to this row; hover for "
                  "where it came from. A yellow row changed at this step.</p>\n</div>\n</div>\n"
                  "</section>\n<script type=\"application/json\" id=\"steps-data\">",
                  StepsJson(steps, geometry), "</script>\n");
}

void AppendStoryScript(std::string* out) { out->append(kStepScript); }

}  // namespace faultline::viz::internal::failure
