#include "cli/faultline_main.h"

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/results_json.h"
#include "cli/run_scenario.h"

namespace faultline::cli {
namespace {

constexpr char kUsage[] = R"(usage: faultline <command> [args]

commands:
  run SCENARIO.yaml [--seed N] [--set path=value]... [--out DIR] [--format text|json]
                      run a scenario; prints seed=<n> trace_hash=<hex>, writes a run directory
  replay RUN_DIR      re-run a recorded run; exit 3 if the trace hash differs
  check HISTORY --model register|kv|... [--format F] [--semantics S] [--initial V]
        [--time-limit D] [--checkers linearizability,session,lost-writes,staleness,...]
                      check a history (faultline, Jepsen etcd, Porcupine kv or Jepsen's
                      history.edn) for linearizability, session guarantees, lost writes,
                      staleness or convergence: exit 0 valid, 1 a violation (with
                      evidence), 2 unknown
  viz TRACE.jsonl --format svg|dot|mermaid|perfetto|shiviz [--out FILE]
        [--from T --to T] [--nodes a,b] [--kinds k,..] [--hide-kinds k,..]
        [--max-events N] [--scale compact|time] [--around-violation RUN_DIR|REPORT]
                      draw a run's trace as a space-time (Lamport) diagram
  compare SCENARIO.yaml --variant NAME:PATH=VALUE[,PATH=VALUE]... [--seeds N] [--out DIR]
                      run variants of a scenario on the same seeds; a table, CSV, JSON and
                      SVG charts (latency CDF, availability vs consistency)
  sweep SCENARIO.yaml --vary PATH=v1,v2,... [--vary ...] [--seeds N] [--out DIR]
                      run a parameter grid; a table, CSV, JSON and a chart per metric
  fuzz SCENARIO.yaml (--runs N | --time-budget D) [--swarm] [--jobs N] [--shard I/N]
                      search many seeds (and with --swarm, fault mixes) for a violation;
                      shrinks each failure to a repro.yaml that `faultline run` fails
  list models|checkers|faults
                      what scenarios can use

`faultline <command> --help` describes each command.
exit codes: 0 ok, 1 violation, 2 unknown, 3 replay diverged, 64 usage, 65 bad input,
            70 internal error, 73 cannot write output
)";

}  // namespace

int FaultlineMain(int argc, char** argv, RegisterModelsFn register_models) {
  // Built now, so a model registered twice stops the program before any command runs.
  SetExtraModels(std::move(register_models));
  RegisteredModels();
  if (argc > 0 && argv[0] != nullptr) {
    // The path it was run as (build/faultline, or a bare name found on PATH): the
    // reproduce line reruns this binary, whose models the stock `faultline` may lack,
    // and a bare `faultline` would not be found when it is not on PATH.
    SetProgramName(argv[0]);
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  // Results go to stdout: a failed write there (a full disk, a closed pipe) must not look
  // like success.
  auto finish = [](int code) {
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0) {
      std::fprintf(stderr, "faultline: cannot write to standard output\n");
      return code == kExitOk ? kExitCantCreate : code;
    }
    return code;
  };
  try {
    if (command == "run") return finish(RunCommand(args));
    if (command == "replay") return finish(ReplayCommand(args));
    if (command == "check") return finish(CheckCommand(args));
    if (command == "viz") return finish(VizCommand(args));
    if (command == "list") return finish(ListCommand(args));
    if (command == "compare") return finish(CompareCommand(args));
    if (command == "sweep") return finish(SweepCommand(args));
    if (command == "fuzz") return finish(FuzzCommand(args));
    if (command == "--help" || command == "-h" || command == "help") {
      std::fputs(kUsage, stdout);
      return finish(kExitOk);
    }
    if (command == "--version") {
      std::printf("faultline %s\n", FAULTLINE_VERSION);
      return finish(kExitOk);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "faultline: internal error: %s\nplease report it with the command line\n",
                 e.what());
    return kExitInternal;
  }
  std::fprintf(stderr, "faultline: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return kExitUsage;
}

}  // namespace faultline::cli
