// The whole `faultline` command line as a function, for a binary of your own that adds
// models to the built-in ones (Google Benchmark's BENCHMARK_MAIN style). Every subcommand
// (run, replay, check, viz, list) then sees your models as it sees kv.primary-backup.
//
//   // my_sim.cc, linked with faultline::cli (find_package(faultline)):
//   #include "cli/faultline_main.h"
//   void RegisterMyModels(faultline::sim::ModelRegistry& registry) {
//     registry.Add(MyCounterModelInfo());
//   }
//   FAULTLINE_MAIN(RegisterMyModels)
//
//   $ my_sim list models          # the built-in models and yours
//   $ my_sim run my_scenario.yaml
//
// docs/writing-a-model.md walks through a model from scratch; examples/out_of_tree_model/
// is one built against the installed package.
#ifndef FAULTLINE_CLI_FAULTLINE_MAIN_H_
#define FAULTLINE_CLI_FAULTLINE_MAIN_H_

#include <functional>

#include "sim/model.h"

namespace faultline::cli {

// Adds models to a registry that already holds the built-in ones. A name registered
// twice stops the program (exit 70) before any command runs.
using RegisterModelsFn = std::function<void(sim::ModelRegistry&)>;

// Registers the built-in models, then `register_models`' (may be empty), then runs the
// command line `argv` and returns the process exit code (cli/exit_codes.h).
// REQUIRES: called once per process, before anything else of cli/ runs.
int FaultlineMain(int argc, char** argv, RegisterModelsFn register_models);

}  // namespace faultline::cli

// Defines main() as FaultlineMain with `register_models`: a function
// `void(faultline::sim::ModelRegistry&)`, or nullptr for the built-in models only.
#define FAULTLINE_MAIN(register_models)                                    \
  int main(int argc, char** argv) {                                        \
    return ::faultline::cli::FaultlineMain(argc, argv, (register_models)); \
  }

#endif  // FAULTLINE_CLI_FAULTLINE_MAIN_H_
