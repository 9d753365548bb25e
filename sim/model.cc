#include "sim/model.h"

#include "base/check.h"

namespace faultline::sim {

void ModelRegistry::Add(ModelInfo info) {
  FL_CHECK_MSG(info.create != nullptr, "a model needs a create function");
  std::string name = info.name;
  const bool inserted = models_.emplace(std::move(name), std::move(info)).second;
  FL_CHECK_MSG(inserted, "model registered twice");
}

const ModelInfo* ModelRegistry::Find(std::string_view name) const {
  auto it = models_.find(name);
  return it == models_.end() ? nullptr : &it->second;
}

}  // namespace faultline::sim
