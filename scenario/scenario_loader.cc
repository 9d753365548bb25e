#include "scenario/scenario_loader.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "base/text_file.h"
#include "scenario/scenario_sections.h"
#include "scenario/yaml_reader.h"

namespace faultline::scenario {
namespace internal {
namespace {

const std::vector<std::string> kTopLevelKeys = {
    "version", "name",   "description", "seed",     "duration", "recovery", "cluster",
    "network", "clocks", "faults",      "workload", "checkers", "outputs",  "variants"};

absl::StatusOr<std::vector<std::string>> ReadCheckers(const YamlValue& value,
                                                      const std::vector<std::string>& known) {
  FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, value.Items());
  std::vector<std::string> names;
  for (const YamlValue& item : items) {
    FL_ASSIGN_OR_RETURN(std::string name, item.String());
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      if (known.empty()) {
        return item.Error(
            absl::StrCat("unknown checker '", name, "': no checkers are available in this version"),
            "remove the checkers key");
      }
      std::string hint = DidYouMean(name, known);
      absl::StrAppend(&hint, hint.empty() ? "" : " ",
                      "run `faultline list checkers` to see the checkers");
      return item.Error(absl::StrCat("unknown checker '", name, "'"), hint);
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return item.Error(absl::StrCat("checker '", name, "' is listed twice"));
    }
    names.push_back(std::move(name));
  }
  return names;
}

// A section's value, or an empty one located at the top of the file when it is absent,
// so sections whose defaults still need checking can be read the same way.
YamlValue SectionOrEmpty(const YamlMap& top, std::string_view key) {
  if (std::optional<YamlValue> v = top.Get(key)) return *v;
  return top.self().Child(YAML::Node(), key, YAML::Mark());
}

}  // namespace

absl::StatusOr<ScenarioSpec> ReadScenario(const YamlValue& root, const std::string& file,
                                          const ModelRegistry& models,
                                          const std::vector<std::string>& checkers,
                                          const std::vector<std::string>& diagram_extensions) {
  ScenarioSpec spec;
  spec.file = file;
  FL_ASSIGN_OR_RETURN(YamlMap top, YamlMap::Read(root, kTopLevelKeys));

  FL_ASSIGN_OR_RETURN(YamlValue version, top.Require("version", "version: 1"));
  FL_ASSIGN_OR_RETURN(int64_t version_number, version.Integer(INT64_MIN, INT64_MAX));
  if (version_number != 1) {
    return version.Error(
        absl::StrCat("unsupported version ", version_number, "; this faultline reads version 1"),
        "write version: 1 (and check the file against docs/scenario-format.md)");
  }
  spec.version = 1;
  FL_ASSIGN_OR_RETURN(YamlValue name, top.Require("name", "name: my-scenario"));
  FL_ASSIGN_OR_RETURN(spec.name, name.String());
  // The name goes into run directory names, summaries and diagram titles.
  constexpr size_t kMaxNameBytes = 200;
  if (spec.name.size() > kMaxNameBytes) {
    return name.Error(absl::StrCat("the name is ", spec.name.size(), " bytes long; the limit is ",
                                   kMaxNameBytes),
                      "put the long text in `description:`");
  }
  FL_RETURN_IF_ERROR(top.ReadString("description", &spec.description));
  if (std::optional<YamlValue> v = top.Get("seed")) {
    FL_ASSIGN_OR_RETURN(spec.seed, v->Unsigned64());
  }
  FL_ASSIGN_OR_RETURN(YamlValue duration, top.Require("duration", "duration: 20s"));
  FL_ASSIGN_OR_RETURN(spec.duration_ns, duration.Duration(1));
  FL_RETURN_IF_ERROR(top.ReadDuration("recovery", 0, &spec.recovery_ns));

  FL_ASSIGN_OR_RETURN(YamlValue cluster,
                      top.Require("cluster", "cluster: {model: NAME, nodes: 3}"));
  const ModelInfo* model = nullptr;
  FL_RETURN_IF_ERROR(ReadCluster(cluster, models, &spec.cluster, &model));
  FL_RETURN_IF_ERROR(ReadWorkload(SectionOrEmpty(top, "workload"), *model, &spec.workload));

  const Endpoints endpoints{spec.cluster.nodes, spec.workload.clients};
  if (std::optional<YamlValue> v = top.Get("network")) {
    FL_RETURN_IF_ERROR(ReadNetwork(*v, endpoints, &spec.network));
  }
  if (std::optional<YamlValue> v = top.Get("clocks")) {
    FL_RETURN_IF_ERROR(ReadClocks(*v, &spec.clocks));
  }
  if (std::optional<YamlValue> v = top.Get("faults")) {
    FL_RETURN_IF_ERROR(ReadFaults(*v, endpoints, spec.duration_ns, &spec.faults));
  }
  if (std::optional<YamlValue> v = top.Get("checkers")) {
    FL_ASSIGN_OR_RETURN(spec.checkers, ReadCheckers(*v, checkers));
    // A checker must judge what this workload produces: the workload declares which.
    const WorkloadInfo* workload = model->FindWorkload(spec.workload.type);
    std::vector<std::string> judged_by;
    if (workload != nullptr) {
      for (const CheckerUse& use : workload->checkers) judged_by.push_back(use.checker);
    }
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, v->Items());
    for (size_t i = 0; i < spec.checkers.size(); ++i) {
      if (std::find(judged_by.begin(), judged_by.end(), spec.checkers[i]) != judged_by.end()) {
        continue;
      }
      return items[i].Error(
          absl::StrCat("checker '", spec.checkers[i], "' does not apply to the ",
                       workload != nullptr ? workload->name : std::string("(none)"),
                       " workload of ", model->name),
          judged_by.empty() ? std::string("remove it: this workload declares no checkers")
                            : absl::StrCat("its histories are judged by: ",
                                           absl::StrJoin(judged_by, ", ")));
    }
  }
  if (std::optional<YamlValue> v = top.Get("outputs")) {
    FL_RETURN_IF_ERROR(ReadOutputs(*v, endpoints, diagram_extensions, &spec));
  }
  // Only `faultline compare` uses the variants; a run checks their shape, so a mistake
  // there shows up at once rather than at the first comparison.
  if (std::optional<YamlValue> v = top.Get("variants")) {
    FL_RETURN_IF_ERROR(ReadVariants(*v).status());
  }
  return spec;
}

int SecondDocumentLine(std::string_view text) {
  auto is_marker = [](std::string_view line, std::string_view marker) {
    return line.substr(0, 3) == marker &&
           (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
  };
  bool content = false;
  int number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if ((content && is_marker(line, "---")) || is_marker(line, "...")) return number;
    const size_t i = line.find_first_not_of(" \t\r");
    if (i != std::string_view::npos && line[i] != '#') content = true;
    start = end + 1;
  }
  return 0;
}

}  // namespace internal

bool IsVariantName(std::string_view name) { return internal::IsVariantName(name); }

namespace {

absl::Status PositionError(std::string_view file, int line, int column, std::string_view what,
                           std::string_view fix) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(file), ":", line, ":", column, ": ",
                                                 std::string(what), "; ", std::string(fix)));
}

struct Position {
  int line = 0;  // 0: none
  int column = 0;
};

// Lines of `text` with their 1-based numbers, for the small pre-parse scans below.
template <typename F>
void ForEachLine(std::string_view text, F f) {
  int number = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!f(text.substr(start, end - start), number)) return;
    start = end + 1;
    ++number;
  }
}

// Where the first character that is neither blank nor a comment is.
Position FirstContent(std::string_view text) {
  Position p;
  ForEachLine(text, [&](std::string_view line, int number) {
    const size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string_view::npos || line[i] == '#') return true;
    p = {number, static_cast<int>(i) + 1};
    return false;
  });
  return p;
}

absl::Status CheckSingleDocument(std::string_view text, const std::string& file) {
  const int line = internal::SecondDocumentLine(text);
  if (line == 0) return absl::OkStatus();
  return PositionError(file, line, 1, "more than one YAML document",
                       "a scenario file holds one document; remove this marker");
}

// yaml-cpp's message for a tab is "illegal map value" or similar; say what is wrong instead.
absl::Status CheckNoTabIndent(std::string_view text, std::string_view file) {
  absl::Status status;
  ForEachLine(text, [&](std::string_view line, int number) {
    const size_t indent = line.find_first_not_of(" \t");
    if (indent == std::string_view::npos || line[indent] == '\r') return true;
    const size_t tab = line.substr(0, indent).find('\t');
    if (tab == std::string_view::npos) return true;
    status = PositionError(file, number, static_cast<int>(tab) + 1, "a tab in the indentation",
                           "YAML indents with spaces only");
    return false;
  });
  return status;
}

absl::StatusOr<sim::ScenarioSpec> LoadUnguarded(std::string_view text, const std::string& file,
                                           const LoaderContext& context,
                                           const std::vector<std::string>& overrides) {
  FL_RETURN_IF_ERROR(CheckNoTabIndent(text, file));
  // YAML::LoadAll can loop forever allocating on a stray ',' (yaml-cpp #1040, fixed after
  // 0.7), so load one document with Load and find further documents ourselves.
  FL_RETURN_IF_ERROR(CheckSingleDocument(text, file));
  if (const size_t deep = internal::FindYamlFlowDepthOverflow(text, internal::kMaxYamlFlowDepth);
      deep != std::string_view::npos) {
    const std::string_view before = text.substr(0, deep);
    const size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0 on the first line
    return PositionError(
        file, static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
        static_cast<int>(deep - line_start) + 1,
        absl::StrCat("[ and { nested more than ", internal::kMaxYamlFlowDepth, " levels deep"),
        "a scenario needs a few levels; close the brackets opened before here");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return PositionError(file, e.mark.line + 1, e.mark.column + 1,
                         absl::StrCat("invalid YAML: ", e.msg),
                         "check the indentation, quotes and brackets here and just above");
  }
  if (!root.IsDefined() || root.IsNull()) {
    const Position content = FirstContent(text);
    if (content.line == 0) {
      return PositionError(file, 1, 1, "the scenario is empty",
                           "a scenario needs at least version, name, duration and cluster.model");
    }
    return PositionError(file, content.line, content.column,
                         "expected a mapping at the top level, got nothing readable",
                         "start with keys like `version: 1` and `name: ...`");
  }
  if (!root.IsMap()) {
    const std::string got = root.IsSequence() ? "a list" : "a single value";
    return PositionError(file, root.Mark().line + 1, root.Mark().column + 1,
                         absl::StrCat("expected a mapping at the top level, got ", got),
                         "start with keys like `version: 1` and `name: ...`");
  }
  YamlSource source(file);
  FL_RETURN_IF_ERROR(internal::ApplyOverrides(overrides, root, source));
  return internal::ReadScenario(YamlValue::Root(source, root), file, context.models,
                                         context.checkers, context.diagram_extensions);
}

}  // namespace

absl::StatusOr<sim::ScenarioSpec> LoadScenarioText(std::string_view text, std::string_view file_name,
                                              const LoaderContext& context,
                                              const std::vector<std::string>& overrides) {
  const std::string file(file_name);
  if (text.size() > kMaxScenarioBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": the scenario is ", text.size(), " bytes; the limit is ", kMaxScenarioBytes,
        " (1 MiB); describe long fault mixes with faults.random, not a long schedule"));
  }
  // yaml-cpp reports problems by throwing, including from accessors deep in the tree; no
  // exception may leave the loader.
  try {
    return LoadUnguarded(text, file, context, overrides);
  } catch (const YAML::Exception& e) {
    return PositionError(file, e.mark.line + 1, e.mark.column + 1,
                         absl::StrCat("invalid YAML: ", e.msg), "fix the YAML here");
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": cannot read the scenario: ", e.what()));
  }
}

absl::StatusOr<sim::ScenarioSpec> LoadScenarioFile(const std::string& path, const LoaderContext& context,
                                              const std::vector<std::string>& overrides) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "scenario file", "scenarios/*.yaml", kMaxScenarioBytes);
  if (!text.ok()) return text.status();
  return LoadScenarioText(*text, path, context, overrides);
}

}  // namespace faultline::scenario
