#include "models/builtin_models.h"

namespace faultline::models {

void RegisterBuiltinModels(sim::ModelRegistry& registry) {
  (void)registry;  // kv.primary-backup registers here
}

}  // namespace faultline::models
