// Registers every model that ships with faultline. The CLI calls this once; tests that
// need a model registry call it too. Explicit registration (rather than static
// initialisers) keeps the linker from dropping models out of the static library.
#ifndef FAULTLINE_MODELS_BUILTIN_MODELS_H_
#define FAULTLINE_MODELS_BUILTIN_MODELS_H_

#include "sim/model.h"

namespace faultline::models {

void RegisterBuiltinModels(sim::ModelRegistry& registry);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_BUILTIN_MODELS_H_
