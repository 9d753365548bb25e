// Reading `cluster:` (model, nodes, params, cpu). Params are checked with the model's own
// rules (sim/model.h: ApplyModelParam); the simulator builds the ModelConfig from them.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "base/check.h"
#include "base/suggest.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

absl::Status ReadParams(const YamlValue& value, const ModelInfo& model,
                        std::map<std::string, std::string>* params) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::ReadAny(value));
  sim::ModelConfig scratch;  // ApplyModelParam validates by parsing; the result is rebuilt later
  for (const YamlMap::Entry& e : m.entries()) {
    const ModelParam* param = nullptr;
    for (const ModelParam& p : model.params) {
      if (p.name == e.key) param = &p;
    }
    if (param == nullptr) {
      return e.key_value.Error(
          absl::StrCat("unknown parameter '", e.key, "' for model ", model.name),
          sim::UnknownParamHint(e.key, model));
    }
    FL_ASSIGN_OR_RETURN(std::string text, e.value.String());
    if (std::optional<std::string> problem = sim::ApplyModelParam(*param, text, &scratch)) {
      return e.value.Error(*problem);
    }
    (*params)[e.key] = std::move(text);
  }
  return absl::OkStatus();
}

absl::Status ReadCpu(const YamlValue& value, CpuSpec* cpu) {
  FL_ASSIGN_OR_RETURN(
      YamlMap m, YamlMap::Read(value, {"workers", "queue_limit", "service", "service_by_kind"}));
  FL_RETURN_IF_ERROR(m.ReadInteger("workers", 1, 1024, &cpu->workers));
  FL_RETURN_IF_ERROR(m.ReadInteger("queue_limit", 1, 1'000'000'000, &cpu->queue_limit));
  if (std::optional<YamlValue> v = m.Get("service")) {
    FL_ASSIGN_OR_RETURN(cpu->service_ns, ReadDistribution(*v, Quantity::kDuration, false));
  }
  if (std::optional<YamlValue> v = m.Get("service_by_kind")) {
    FL_ASSIGN_OR_RETURN(YamlMap kinds, YamlMap::ReadAny(*v));
    for (const YamlMap::Entry& e : kinds.entries()) {
      FL_ASSIGN_OR_RETURN(cpu->service_by_kind[e.key],
                          ReadDistribution(e.value, Quantity::kDuration, false));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadCluster(const YamlValue& value, const ModelRegistry& models, ClusterSpec* cluster,
                         const ModelInfo** model) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"model", "nodes", "params", "cpu"}));
  FL_ASSIGN_OR_RETURN(YamlValue model_value, m.Require("model", "model: kv.primary-backup"));
  FL_ASSIGN_OR_RETURN(cluster->model, model_value.String());
  cluster->model_loc = {model_value.node().Mark().line + 1, model_value.node().Mark().column + 1};
  *model = models.Find(cluster->model);
  if (*model == nullptr) {
    std::vector<std::string> names;
    for (const auto& [name, info] : models.all()) names.push_back(name);
    std::string hint = DidYouMean(cluster->model, names);
    absl::StrAppend(&hint, hint.empty() ? "" : " ",
                    "run `faultline list models` to see the models");
    return model_value.Error(absl::StrCat("unknown model '", cluster->model, "'"), hint);
  }
  if (std::optional<YamlValue> v = m.Get("nodes")) {
    FL_ASSIGN_OR_RETURN(cluster->nodes, v->Integer(1, kMaxNodes));
    if (cluster->nodes < (*model)->min_nodes) {
      return v->Error(absl::StrCat("model ", cluster->model, " needs at least ",
                                   (*model)->min_nodes, " nodes, got ", cluster->nodes));
    }
  } else if (cluster->nodes < (*model)->min_nodes) {
    cluster->nodes = (*model)->min_nodes;
  }
  std::optional<YamlValue> params = m.Get("params");
  if (params) FL_RETURN_IF_ERROR(ReadParams(*params, **model, &cluster->params));
  if ((*model)->check_config) {
    // Parameters that are each valid may still not fit together or the node count.
    absl::StatusOr<sim::ModelConfig> config = sim::MakeModelConfig(*cluster, **model);
    if (!config.ok()) {
      const YamlValue& at = params ? *params : m.Get("nodes") ? *m.Get("nodes") : model_value;
      // MakeModelConfig's message starts with the key path the location already names.
      return at.Error(std::string(absl::StripPrefix(config.status().message(), "cluster.params: ")));
    }
  }
  if (std::optional<YamlValue> v = m.Get("cpu")) FL_RETURN_IF_ERROR(ReadCpu(*v, &cluster->cpu));
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
