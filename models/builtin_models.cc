#include "models/builtin_models.h"

#include "models/primary_backup/kv_primary_backup.h"

namespace faultline::models {

void RegisterBuiltinModels(sim::ModelRegistry& registry) { registry.Add(PrimaryBackupModelInfo()); }

}  // namespace faultline::models
