#include "models/builtin_models.h"

#include "models/kv_primary_backup.h"

namespace faultline::models {

void RegisterBuiltinModels(sim::ModelRegistry& registry) { registry.Add(PrimaryBackupModelInfo()); }

}  // namespace faultline::models
