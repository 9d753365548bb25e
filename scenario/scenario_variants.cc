// `variants:`: named sets of overrides for `faultline compare`, each the scenario with
// those `--set PATH=VALUE` edits:
//
//   variants:
//     async: {cluster.params.replication: async}
//     sync:  {cluster.params.replication: sync, workload.timeout: 1s}
//
// `faultline run` ignores the section after checking its shape; compare loads each variant
// with LoadScenarioText(text, ..., overrides) so a bad path or value is reported exactly as
// a --set would be.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario {
namespace internal {
namespace {

constexpr size_t kMaxVariants = 64;
constexpr size_t kMaxVariantNameBytes = 60;

// A value as one line of YAML: a scalar as written, a list or mapping in flow style.
std::string FlowText(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

bool IsVariantName(std::string_view name) {
  if (name.empty() || name.size() > kMaxVariantNameBytes) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

absl::StatusOr<std::vector<ScenarioVariant>> ReadVariants(const YamlValue& value) {
  FL_ASSIGN_OR_RETURN(YamlMap variants, YamlMap::ReadAny(value));
  if (variants.entries().empty()) {
    return value.Error("no variants",
                       "write variants: {NAME: {PATH: VALUE}, ...}, e.g. "
                       "variants: {sync: {cluster.params.replication: sync}}");
  }
  if (variants.entries().size() > kMaxVariants) {
    return value.Error(
        absl::StrCat(variants.entries().size(), " variants; the limit is ", kMaxVariants),
        "split the comparison into several");
  }
  std::vector<ScenarioVariant> out;
  for (const YamlMap::Entry& e : variants.entries()) {
    if (!IsVariantName(e.key)) {
      return e.key_value.Error(
          absl::StrCat("variant name '", e.key, "' is not a plain name"),
          "use letters, digits, '-', '_' and '.', at most 60 characters (it names files)");
    }
    FL_ASSIGN_OR_RETURN(YamlMap sets, YamlMap::ReadAny(e.value));
    ScenarioVariant variant{e.key, {}};
    for (const YamlMap::Entry& s : sets.entries()) {
      if (s.key.find('=') != std::string::npos || s.key.front() == '.' || s.key.back() == '.' ||
          s.key.find("..") != std::string::npos) {
        return s.key_value.Error(absl::StrCat("'", s.key, "' is not a scenario path"),
                                 "write PATH: VALUE, e.g. cluster.params.replication: sync");
      }
      if (s.value.IsNull()) {
        return s.value.Error("no value", absl::StrCat("write ", s.key, ": VALUE"));
      }
      variant.overrides.push_back(absl::StrCat(s.key, "=", FlowText(s.value.node())));
    }
    out.push_back(std::move(variant));
  }
  return out;
}

}  // namespace internal

absl::StatusOr<std::vector<ScenarioVariant>> LoadScenarioVariants(std::string_view text,
                                                                  std::string_view file_name) {
  const std::string file(file_name);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap() || !root["variants"].IsDefined()) return std::vector<ScenarioVariant>();
    YamlSource source(file);
    const YamlValue top = YamlValue::Root(source, root);
    FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::ReadAny(top));
    std::optional<YamlValue> v = m.Get("variants");
    if (!v) return std::vector<ScenarioVariant>();
    return internal::ReadVariants(*v);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ":", e.mark.line + 1, ":",
                                                   e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
}

}  // namespace faultline::scenario
