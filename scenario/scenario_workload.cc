// Reading `workload:`: clients, arrival, op mix, keys, timeouts and routing.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

absl::StatusOr<RoutePolicy> ReadRoute(const YamlValue& value) {
  FL_ASSIGN_OR_RETURN(std::string route, value.Choice({"leader", "random", "sticky"}));
  if (route == "leader") return RoutePolicy::kLeader;
  if (route == "random") return RoutePolicy::kRandom;
  return RoutePolicy::kSticky;
}

absl::Status ReadOps(const YamlValue& value, const ModelInfo& model,
                     std::vector<std::pair<OpFunction, double>>* ops) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::ReadAny(value));
  if (m.entries().empty())
    return value.Error("expected at least one op", "write {read: 0.5, write: 0.5}");
  std::vector<std::string> all_names;
  for (int i = 0; i < kOpFunctionCount; ++i) {
    all_names.emplace_back(OpFunctionName(static_cast<OpFunction>(i)));
  }
  std::vector<std::string> served;
  for (OpFunction f : model.functions) served.emplace_back(OpFunctionName(f));
  ops->clear();
  double total = 0;
  for (const YamlMap::Entry& e : m.entries()) {
    std::optional<OpFunction> f = ParseOpFunction(e.key);
    if (!f) {
      std::string hint = DidYouMean(e.key, all_names);
      absl::StrAppend(&hint, hint.empty() ? "" : " ", "ops are: ", absl::StrJoin(all_names, ", "));
      return e.key_value.Error(absl::StrCat("unknown op '", e.key, "'"), hint);
    }
    if (std::find(model.functions.begin(), model.functions.end(), *f) == model.functions.end()) {
      return e.key_value.Error(absl::StrCat("model ", model.name, " does not serve '", e.key, "'"),
                               absl::StrCat("it serves: ", absl::StrJoin(served, ", ")));
    }
    FL_ASSIGN_OR_RETURN(double weight, e.value.Number());
    if (weight < 0) return e.value.Error("expected a weight of at least 0, like 0.5");
    total += weight;
    ops->emplace_back(*f, weight);
  }
  if (!(total > 0))
    return value.Error("every op weight is 0", "give at least one op a weight above 0");
  // Op order must not depend on how the mapping was written: sort by the shared vocabulary.
  std::sort(ops->begin(), ops->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return absl::OkStatus();
}

absl::Status ReadKeys(const YamlValue& value, KeysSpec* keys) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"count", "dist", "theta"}));
  FL_RETURN_IF_ERROR(m.ReadInteger("count", 1, 1'000'000, &keys->count));
  if (std::optional<YamlValue> v = m.Get("dist")) {
    FL_ASSIGN_OR_RETURN(std::string dist, v->Choice({"uniform", "zipfian"}));
    keys->dist = dist == "uniform" ? KeysSpec::Dist::kUniform : KeysSpec::Dist::kZipfian;
  }
  if (std::optional<YamlValue> v = m.Get("theta")) {
    FL_ASSIGN_OR_RETURN(keys->theta, v->Number());
    if (!(keys->theta > 0 && keys->theta < 1)) {
      return v->Error("expected theta between 0 and 1 (exclusive), like 0.99");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadWorkload(const YamlValue& value, const ModelInfo& model, WorkloadSpec* workload) {
  FL_ASSIGN_OR_RETURN(YamlMap m,
                      YamlMap::Read(value, {"clients", "rate", "think", "ops", "keys", "timeout",
                                            "route", "read_route", "final_reads"}));
  FL_RETURN_IF_ERROR(m.ReadInteger("clients", 1, kMaxClients, &workload->clients));
  if (std::optional<YamlValue> v = m.Get("rate")) {
    FL_ASSIGN_OR_RETURN(workload->rate_per_s, v->Rate());
  }
  FL_RETURN_IF_ERROR(m.ReadDuration("think", 0, &workload->think_ns));
  if (std::optional<YamlValue> v = m.Get("ops")) {
    FL_RETURN_IF_ERROR(ReadOps(*v, model, &workload->ops));
  } else {
    // The default mix must also be one the model serves.
    for (const auto& [f, weight] : workload->ops) {
      if (std::find(model.functions.begin(), model.functions.end(), f) == model.functions.end()) {
        return value.Error(absl::StrCat("model ", model.name, " does not serve the default op '",
                                        std::string(OpFunctionName(f)), "'"),
                           "set workload.ops to ops the model serves");
      }
    }
  }
  if (std::optional<YamlValue> v = m.Get("keys")) FL_RETURN_IF_ERROR(ReadKeys(*v, &workload->keys));
  FL_RETURN_IF_ERROR(m.ReadDuration("timeout", 1, &workload->timeout_ns));
  if (std::optional<YamlValue> v = m.Get("route")) {
    FL_ASSIGN_OR_RETURN(workload->route, ReadRoute(*v));
  }
  if (std::optional<YamlValue> v = m.Get("read_route")) {
    FL_ASSIGN_OR_RETURN(workload->read_route, ReadRoute(*v));
  }
  FL_RETURN_IF_ERROR(m.ReadBool("final_reads", &workload->final_reads));
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
