// counter_sim: the whole faultline command line (run, replay, check, viz, list) with
// example.counter registered beside the built-in models.
//
//   counter_sim list models
//   counter_sim run scenario.yaml --out runs/counter
#include "cli/faultline_main.h"
#include "counter.h"

namespace {

void RegisterExampleModels(faultline::sim::ModelRegistry& registry) {
  registry.Add(example::CounterModelInfo());
}

}  // namespace

FAULTLINE_MAIN(RegisterExampleModels)
