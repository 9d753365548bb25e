#include "sim/model.h"

#include "sim/check.h"

namespace faultline::sim {

void ModelRegistry::Add(ModelInfo info) {
  FL_CHECK_MSG(info.create != nullptr, "a model needs a create function");
  std::string name = info.name;
  const bool inserted = models_.emplace(std::move(name), std::move(info)).second;
  FL_CHECK_MSG(inserted, "model registered twice");
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

}  // namespace faultline::sim
