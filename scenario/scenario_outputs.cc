// `outputs:` of a scenario: the data files a run writes, and the diagrams it draws from
// its trace afterwards, each either a file name or a mapping with selection options:
//
//   outputs:
//     - results.json
//     - trace.jsonl
//     - diagram.svg
//     - {file: failure.svg, around_violation: true, hide_kinds: [heartbeat], scale: time}
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/strings.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

const std::vector<std::string> kDataOutputs = {"results.json", "trace.jsonl", "history.jsonl"};
const std::vector<std::string> kDiagramKeys = {"file",         "from",  "to",
                                               "nodes",        "kinds", "hide_kinds",
                                               "max_events",   "scale", "around_violation",
                                               "around_events"};

bool Lists(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What an output name may be, for messages.
std::string Expected(const std::vector<std::string>& extensions) {
  std::string s = absl::StrCat("one of ", absl::StrJoin(kDataOutputs, ", "));
  if (extensions.empty()) return absl::StrCat(s, " (this build draws no diagrams)");
  return absl::StrCat(s, ", or a diagram file ending in ", absl::StrJoin(extensions, ", "));
}

// A diagram's file name: a plain name (it is written into the run directory) with an
// extension that names a format.
absl::StatusOr<std::string> ReadDiagramFile(const YamlValue& value,
                                            const std::vector<std::string>& extensions) {
  FL_ASSIGN_OR_RETURN(std::string name, value.String());
  const bool known = std::any_of(extensions.begin(), extensions.end(),
                                 [&](const std::string& e) { return EndsWith(name, e); });
  if (!known) {
    return value.Error(absl::StrCat("unknown output '", name, "'"),
                       absl::StrCat("expected ", Expected(extensions)));
  }
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
      name[0] == '.') {
    return value.Error(absl::StrCat("output '", name, "' is not a plain file name"),
                       "outputs are written into the run directory: give a name like "
                       "diagram.svg, without a directory");
  }
  return name;
}

absl::StatusOr<std::vector<std::string>> ReadNames(const YamlValue& value) {
  FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, value.Items());
  std::vector<std::string> names;
  for (const YamlValue& item : items) {
    FL_ASSIGN_OR_RETURN(std::string name, item.String());
    names.push_back(std::move(name));
  }
  return names;
}

absl::Status ReadSelection(const YamlMap& m, const Endpoints& endpoints, DiagramOutput* d) {
  FL_RETURN_IF_ERROR(m.ReadDuration("from", 0, &d->from_ns));
  FL_RETURN_IF_ERROR(m.ReadDuration("to", 0, &d->to_ns));
  if (d->from_ns > d->to_ns) {
    return m.Get("to")->Error("`to` is before `from`", "give a `to` at or after `from`");
  }
  if (std::optional<YamlValue> v = m.Get("nodes")) {
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, v->Items());
    for (const YamlValue& item : items) {
      FL_ASSIGN_OR_RETURN(std::string name, ReadEndpoint(item, endpoints, kNodes | kClients));
      d->nodes.push_back(std::move(name));
    }
  }
  if (std::optional<YamlValue> v = m.Get("kinds")) {
    FL_ASSIGN_OR_RETURN(d->kinds, ReadNames(*v));
  }
  if (std::optional<YamlValue> v = m.Get("hide_kinds")) {
    FL_ASSIGN_OR_RETURN(d->hide_kinds, ReadNames(*v));
  }
  if (std::optional<YamlValue> v = m.Get("max_events")) {
    FL_ASSIGN_OR_RETURN(d->max_events, v->Integer(0, 1'000'000'000));
  }
  if (std::optional<YamlValue> v = m.Get("around_events")) {
    FL_ASSIGN_OR_RETURN(d->around_events, v->Integer(0, 1'000'000'000));
  }
  FL_RETURN_IF_ERROR(m.ReadBool("around_violation", &d->around_violation));
  if (std::optional<YamlValue> v = m.Get("scale")) {
    FL_ASSIGN_OR_RETURN(d->scale, v->Choice({"compact", "time"}));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadOutputs(const YamlValue& value, const Endpoints& endpoints,
                         const std::vector<std::string>& diagram_extensions, ScenarioSpec* spec) {
  FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, value.Items());
  std::vector<std::string> names;
  std::vector<DiagramOutput> diagrams;
  std::optional<YamlValue> first_diagram;
  for (const YamlValue& item : items) {
    std::string name;
    if (item.IsMap()) {
      FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(item, kDiagramKeys));
      FL_ASSIGN_OR_RETURN(YamlValue file, m.Require("file", "file: diagram.svg"));
      DiagramOutput d;
      FL_ASSIGN_OR_RETURN(d.file, ReadDiagramFile(file, diagram_extensions));
      FL_RETURN_IF_ERROR(ReadSelection(m, endpoints, &d));
      if (d.around_violation && !Lists(spec->checkers, "linearizability")) {
        return m.Get("around_violation")
            ->Error("around_violation centres on a checker's violation, and no checker runs",
                    "add `checkers: [linearizability]`, or remove around_violation");
      }
      name = d.file;
      diagrams.push_back(std::move(d));
    } else {
      FL_ASSIGN_OR_RETURN(name, item.String());
      if (!Lists(kDataOutputs, name)) {
        FL_ASSIGN_OR_RETURN(name, ReadDiagramFile(item, diagram_extensions));
        diagrams.emplace_back().file = name;
      }
    }
    if (Lists(names, name)) return item.Error(absl::StrCat("output '", name, "' is listed twice"));
    if (!Lists(kDataOutputs, name) && !first_diagram) first_diagram = item;
    names.push_back(std::move(name));
  }
  if (first_diagram && !Lists(names, "trace.jsonl")) {
    return first_diagram->Error("diagrams are drawn from the run's trace",
                                "add trace.jsonl to outputs");
  }
  spec->outputs = std::move(names);
  spec->diagrams = std::move(diagrams);
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
