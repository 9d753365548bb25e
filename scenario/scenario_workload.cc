// Reading `workload:`: clients, arrival, op mix, keys, timeouts and routing.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

absl::StatusOr<Route> ReadRoute(const YamlValue& value) {
  FL_ASSIGN_OR_RETURN(std::string route, value.String());
  if (route == "leader") return Route{RoutePolicy::kLeader, ""};
  if (route == "random") return Route{RoutePolicy::kRandom, ""};
  if (route == "sticky") return Route{RoutePolicy::kSticky, ""};
  if (route.starts_with("role:") && route.size() > 5) {
    return Route{RoutePolicy::kRole, route.substr(5)};
  }
  return value.Error(absl::StrCat("unknown route '", route, "'"),
                     "expected leader, random, sticky or role:NAME (like role:follower)");
}

absl::Status ReadOps(const YamlValue& value, const ModelInfo& model, const WorkloadInfo& workload,
                     std::vector<std::pair<std::string, double>>* ops) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::ReadAny(value));
  const std::vector<std::string>& served = workload.functions;
  if (m.entries().empty()) {
    return value.Error("expected at least one op",
                       absl::StrCat("the ", workload.name, " workload of ", model.name,
                                    " issues: ", absl::StrJoin(served, ", ")));
  }
  ops->clear();
  double total = 0;
  for (const YamlMap::Entry& e : m.entries()) {
    if (std::find(served.begin(), served.end(), e.key) == served.end()) {
      std::string hint = DidYouMean(e.key, served);
      absl::StrAppend(&hint, hint.empty() ? "" : " ", "it issues: ", absl::StrJoin(served, ", "));
      return e.key_value.Error(absl::StrCat("the ", workload.name, " workload of ", model.name,
                                            " has no op '", e.key, "'"),
                               hint);
    }
    FL_ASSIGN_OR_RETURN(double weight, e.value.Number());
    if (weight < 0) return e.value.Error("expected a weight of at least 0, like 0.5");
    total += weight;
    ops->emplace_back(e.key, weight);
  }
  if (!(total > 0))
    return value.Error("every op weight is 0", "give at least one op a weight above 0");
  // Op order must not depend on how the mapping was written: the workload's order.
  auto rank = [&](const std::string& f) {
    return std::find(served.begin(), served.end(), f) - served.begin();
  };
  std::sort(ops->begin(), ops->end(),
            [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
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
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"type", "clients", "rate", "think", "ops",
                                                       "keys", "timeout", "route", "read_route",
                                                       "final_reads"}));
  std::vector<std::string> types;
  for (const WorkloadInfo& w : model.workloads) types.push_back(w.name);
  if (std::optional<YamlValue> v = m.Get("type")) {
    FL_ASSIGN_OR_RETURN(workload->type, v->String());
    if (model.FindWorkload(workload->type) == nullptr || workload->type.empty()) {
      std::string hint = DidYouMean(workload->type, types);
      absl::StrAppend(&hint, hint.empty() ? "" : " ", model.name,
                      " serves the workloads: ", absl::StrJoin(types, ", "));
      return v->Error(absl::StrCat("model ", model.name, " has no workload '", workload->type, "'"),
                      hint);
    }
  }
  const WorkloadInfo* info = model.FindWorkload(workload->type);
  if (info == nullptr) {
    return value.Error(absl::StrCat("model ", model.name, " serves no client workload"),
                       "remove the workload section, or set workload.clients: 0");
  }
  FL_RETURN_IF_ERROR(m.ReadInteger("clients", 1, kMaxClients, &workload->clients));
  if (std::optional<YamlValue> v = m.Get("rate")) {
    FL_ASSIGN_OR_RETURN(workload->rate_per_s, v->Rate());
  }
  FL_RETURN_IF_ERROR(m.ReadDuration("think", 0, &workload->think_ns));
  if (std::optional<YamlValue> v = m.Get("ops")) {
    FL_RETURN_IF_ERROR(ReadOps(*v, model, *info, &workload->ops));
  } else {
    workload->ops = info->default_ops;
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
