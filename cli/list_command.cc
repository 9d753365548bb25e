// `faultline list models|checkers|faults`
#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/consistency_report.h"
#include "cli/exit_codes.h"
#include "cli/run_scenario.h"

namespace faultline::cli {
namespace {

const char* TypeName(sim::ModelParam::Type t) {
  switch (t) {
    case sim::ModelParam::Type::kChoice:
      return "choice";
    case sim::ModelParam::Type::kDuration:
      return "duration";
    case sim::ModelParam::Type::kInteger:
      return "integer";
  }
  return "?";
}

void ListModels() {
  for (const auto& [name, info] : RegisteredModels().all()) {
    std::cout << name << "\n  " << info.summary << "\n  nodes: at least " << info.min_nodes
              << "\n  workloads (workload.type; the first is the default):\n";
    for (const sim::WorkloadInfo& w : info.workloads) {
      std::vector<std::string> checks;
      for (const sim::CheckerUse& c : w.checkers) {
        checks.push_back(c.spec.empty() ? c.checker
                                        : absl::StrCat(c.checker, " (", c.spec, " spec)"));
      }
      std::cout << "    " << w.name << ": " << w.summary << "\n      ops: "
                << absl::StrJoin(w.functions, ", ") << "; checkers: "
                << (checks.empty() ? "none" : absl::StrJoin(checks, ", ")) << "\n";
    }
    std::cout << "  params (cluster.params):\n";
    for (const sim::ModelParam& p : info.params) {
      std::cout << "    " << p.name << ": " << TypeName(p.type);
      if (!p.choices.empty()) std::cout << " (" << absl::StrJoin(p.choices, " | ") << ")";
      std::cout << ", default " << p.default_value << "\n      " << p.help << "\n";
    }
  }
}

void ListFaults() {
  std::cout << R"(Scheduled faults (faults.schedule, one action per entry):
  partition   cut the network: shape halves | isolate | majority-ring | bridge | groups | one-way
              e.g. {at: 5s, partition: {shape: isolate, target: primary}, for: 4s}
  heal        remove every partition and link degradation: {at: 9s, heal: true}
  crash       kill a node (volatile state and queued work lost, disk kept)
              e.g. {at: 12s, crash: {target: n2}, restart_after: 2s}
  restart     restart a crashed node: {at: 14s, restart: {target: n2}}
  pause       stop a node (GC pause) while time runs on: {at: 3s, pause: {target: n1}, for: 1s}
  resume      resume a paused node: {at: 4s, resume: {target: n1}}
  clock       jump or change the drift of a node's clock
              e.g. {at: 2s, clock: {target: n3, jump: -300ms}}, {at: 2s, clock: {target: n3, drift_ppm: 500}}
  link        degrade links: {at: 1s, link: {from: n1, to: "*", latency: 100ms, loss: 0.2}, for: 3s}
Targets: n1..nN, primary / leader (the node that leads now), random.

Random nemesis (faults.random): kinds partition | crash | pause | clock | link, at intervals drawn
from `interval`, each undone after a time drawn from `duration`.
)";
}

}  // namespace

int ListCommand(const std::vector<std::string>& args) {
  const std::string what = args.empty() ? "" : args[0];
  if (args.size() != 1 || what == "--help" || what == "-h") {
    std::ostream& out = (what == "--help" || what == "-h") ? std::cout : std::cerr;
    out << "usage: faultline list models|checkers|faults\n";
    return (what == "--help" || what == "-h") ? kExitOk : kExitUsage;
  }
  if (what == "models") {
    ListModels();
  } else if (what == "faults") {
    ListFaults();
  } else if (what == "checkers") {
    const std::vector<std::string> checkers = KnownCheckers();
    if (checkers.empty()) {
      std::cout << "No checkers are built into this version yet; scenarios must leave "
                   "`checkers:` empty.\n";
    }
    for (const std::string& c : checkers) {
      const std::string help = CheckerHelp(c);
      std::cout << c << (help.empty() ? "" : std::string(c.size() < 20 ? 20 - c.size() : 1, ' '))
                << help << "\n";
    }
  } else {
    std::fprintf(stderr, "faultline list: unknown list '%s'; expected models, checkers or faults\n",
                 what.c_str());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace faultline::cli
