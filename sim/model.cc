#include "sim/model.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "base/time.h"
#include "base/units.h"

namespace faultline::sim {

ModelParam ChoiceParam(std::string name, std::string default_value,
                       std::vector<std::string> choices, std::string help) {
  return ModelParam{.name = std::move(name),
                    .type = ModelParam::Type::kChoice,
                    .default_value = std::move(default_value),
                    .choices = std::move(choices),
                    .help = std::move(help)};
}

ModelParam IntegerParam(std::string name, std::string default_value, int64_t min, int64_t max,
                        std::string help) {
  return ModelParam{.name = std::move(name),
                    .type = ModelParam::Type::kInteger,
                    .default_value = std::move(default_value),
                    .choices = {},
                    .help = std::move(help),
                    .min = min,
                    .max = max};
}

ModelParam DurationParam(std::string name, std::string default_value, Nanos min, Nanos max,
                         std::string help) {
  return ModelParam{.name = std::move(name),
                    .type = ModelParam::Type::kDuration,
                    .default_value = std::move(default_value),
                    .choices = {},
                    .help = std::move(help),
                    .min = min,
                    .max = max};
}
namespace {

std::vector<std::string> ParamNames(const ModelInfo& model) {
  std::vector<std::string> names;
  for (const ModelParam& p : model.params) names.push_back(p.name);
  return names;
}

}  // namespace

void ModelRegistry::Add(ModelInfo info) {
  FL_CHECK_MSG(info.create != nullptr, "a model needs a create function");
  std::string name = info.name;
  const std::string twice = absl::StrCat("model '", name, "' registered twice");
  const bool inserted = models_.emplace(std::move(name), std::move(info)).second;
  FL_CHECK_MSG(inserted, twice.c_str());
}

const WorkloadInfo* ModelInfo::FindWorkload(std::string_view name) const {
  if (workloads.empty()) return nullptr;
  if (name.empty()) return &workloads.front();
  for (const WorkloadInfo& w : workloads) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

const ModelInfo* ModelRegistry::Find(std::string_view name) const {
  auto it = models_.find(name);
  return it == models_.end() ? nullptr : &it->second;
}

std::string UnknownParamHint(std::string_view name, const ModelInfo& model) {
  const std::vector<std::string> names = ParamNames(model);
  std::string hint = DidYouMean(name, names);
  if (!hint.empty()) return hint;
  if (names.empty()) return absl::StrCat("model ", model.name, " takes no parameters");
  return absl::StrCat("model ", model.name, " takes: ", absl::StrJoin(names, ", "));
}

std::optional<std::string> ApplyModelParam(const ModelParam& param, std::string_view value,
                                           ModelConfig* config) {
  switch (param.type) {
    case ModelParam::Type::kChoice: {
      for (const std::string& c : param.choices) {
        if (c == value) {
          config->choices[param.name] = c;
          return std::nullopt;
        }
      }
      std::string hint = DidYouMean(value, param.choices);
      return absl::StrCat("expected one of ", absl::StrJoin(param.choices, ", "), ", got '",
                          std::string(value), "'", hint.empty() ? "" : "; ", hint);
    }
    case ModelParam::Type::kDuration: {
      absl::StatusOr<Nanos> d = ParseDuration(value);
      if (!d.ok()) return std::string(d.status().message());
      if (*d < param.min) {
        return absl::StrCat("expected a duration of at least ", FormatDuration(param.min),
                            ", got '", std::string(value), "'",
                            param.min > 0 ? " (it is a period that schedules work)" : "");
      }
      if (*d > param.max) {
        return absl::StrCat("expected a duration of at most ", FormatDuration(param.max), ", got '",
                            std::string(value), "'");
      }
      config->durations[param.name] = *d;
      return std::nullopt;
    }
    case ModelParam::Type::kInteger: {
      absl::StatusOr<int64_t> n = ParseInteger(value);
      if (!n.ok()) return std::string(n.status().message());
      if (*n < param.min || *n > param.max) {
        return absl::StrCat("expected an integer from ", param.min, " to ", param.max, ", got ",
                            *n);
      }
      config->integers[param.name] = *n;
      return std::nullopt;
    }
  }
  return std::string("unknown parameter type");
}

absl::StatusOr<ModelConfig> MakeModelConfig(const ClusterSpec& cluster, const ModelInfo& model) {
  ModelConfig config;
  config.node_count = cluster.nodes;
  for (const auto& [name, value] : cluster.params) {
    bool known = false;
    for (const ModelParam& p : model.params) known = known || p.name == name;
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat("cluster.params: unknown parameter '", name,
                                                     "' for model ", model.name, "; ",
                                                     UnknownParamHint(name, model)));
    }
  }
  for (const ModelParam& p : model.params) {
    auto it = cluster.params.find(p.name);
    const std::string& value = it == cluster.params.end() ? p.default_value : it->second;
    if (std::optional<std::string> problem = ApplyModelParam(p, value, &config)) {
      return absl::InvalidArgumentError(absl::StrCat("cluster.params.", p.name, ": ", *problem));
    }
  }
  if (model.check_config) {
    if (std::optional<std::string> problem = model.check_config(config)) {
      return absl::InvalidArgumentError(absl::StrCat("cluster.params: ", *problem));
    }
  }
  return config;
}

}  // namespace faultline::sim
