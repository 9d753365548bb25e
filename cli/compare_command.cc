// `faultline compare SCENARIO --variant NAME:PATH=VALUE[,PATH=VALUE]... [--seeds N]`: the
// scenario under each variant on the same seeds, side by side (cli/batch_command.h).
#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/batch_command.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "scenario/scenario_loader.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kCompareUsage[] =
    R"(usage: faultline compare SCENARIO.yaml --variant NAME:PATH=VALUE[,PATH=VALUE]... [options]

Runs the scenario under each variant (the scenario with those --set overrides) on the same
seeds, in this process, and prints one table: per variant, each checker's verdicts over
the seeds (valid/invalid/unknown), ok-op latency p50/p99 per op kind (median over seeds),
the share of ops that ended ok when invoked during a fault and outside one, messages per
op and, when the runs have the staleness checker, the stale read ratio.

Writes into --out: compare.csv, compare.json, latency-cdf.svg, cap-table.svg,
t-visibility.svg (with the staleness checker) and runs/<variant>-seed<N>/, one run
directory per run (`faultline replay` reruns it). --out must be new, empty or a previous
compare's or sweep's, whose files this one replaces (exit 73 otherwise). Without --variant,
the scenario's `variants:` section is used (docs/scenario-format.md). A variant with no
overrides (`--variant base`) is the scenario as written. Exit 0 when every run ran:
violations are what a comparison shows, not an error.

)";

struct CompareContext {
  std::vector<std::string> variant_flags;
};

int Usage(const std::string& message) {
  std::fprintf(stderr, "faultline compare: %s\nsee: faultline compare --help\n", message.c_str());
  return kExitUsage;
}

// "NAME", "NAME:" or "NAME:PATH=VALUE,PATH=VALUE".
int ParseVariantFlag(const std::string& text, GroupRequest* out) {
  const size_t colon = text.find(':');
  const std::string name = text.substr(0, colon);
  if (!scenario::IsVariantName(name)) {
    return Usage(absl::StrCat("--variant '", text, "': the name '", name,
                              "' must be letters, digits, '-', '_' or '.' (at most 60); write "
                              "--variant NAME:PATH=VALUE[,PATH=VALUE]..., e.g. --variant "
                              "sync:cluster.params.replication=sync"));
  }
  out->name = name;
  if (colon == std::string::npos || colon + 1 == text.size()) return 0;
  for (const std::string& part : SplitTopLevelCommas(text.substr(colon + 1))) {
    const size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == part.size()) {
      return Usage(absl::StrCat("--variant ", name, ": '", part,
                                "' is not PATH=VALUE; write e.g. --variant ", name,
                                ":cluster.params.replication=sync,workload.rate=200/s"));
    }
    out->overrides.push_back(part);
  }
  return 0;
}

int CompareGroups(const std::string& scenario_path, const std::string& text,
                  std::vector<GroupRequest>* groups, void* context) {
  const auto& flags = static_cast<CompareContext*>(context)->variant_flags;
  if (flags.empty()) {
    absl::StatusOr<std::vector<scenario::ScenarioVariant>> variants =
        scenario::LoadScenarioVariants(text, scenario_path);
    if (!variants.ok()) return ReportError(variants.status());
    if (variants->empty()) {
      return Usage(absl::StrCat(
          "no variants: give --variant NAME:PATH=VALUE[,PATH=VALUE]... (repeatable), or add a "
          "variants: section to ",
          scenario_path, " (docs/scenario-format.md)"));
    }
    for (const scenario::ScenarioVariant& v : *variants) {
      groups->push_back({v.name, v.overrides, {}});
    }
    return 0;
  }
  for (const std::string& f : flags) {
    GroupRequest r;
    if (int code = ParseVariantFlag(f, &r); code != 0) return code;
    for (const GroupRequest& other : *groups) {
      if (other.name == r.name) {
        return Usage(absl::StrCat("--variant ", r.name, " is given twice; name each variant once"));
      }
    }
    groups->push_back(std::move(r));
  }
  return 0;
}

}  // namespace

int CompareCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  CompareContext context;
  BatchFlags flags;
  visible.add_options()("help,h", "show this help")(
      "variant", po::value(&context.variant_flags)->composing(),
      "NAME:PATH=VALUE[,PATH=VALUE]...: a variant (repeatable); default: the scenario's "
      "variants: section");
  AddBatchOptions(visible, &flags);
  po::options_description all;
  std::string scenario_path;
  all.add(visible).add_options()("scenario", po::value(&scenario_path));
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return Usage(e.what());
  }
  if (vm.count("help")) {
    std::cout << kCompareUsage << visible
              << "\nexample: faultline compare scenarios/quickstart.yaml --seeds 3 \\\n"
                 "           --variant async:cluster.params.replication=async \\\n"
                 "           --variant sync:cluster.params.replication=sync\n";
    return kExitOk;
  }
  if (scenario_path.empty()) return Usage("missing SCENARIO.yaml");
  if (vm.count("out") && flags.out_dir.empty()) {
    return Usage("--out is empty; give a directory or leave the flag out");
  }
  return RunBatchCommand("compare", scenario_path, flags, &CompareGroups, &context,
                         /*log_x=*/false);
}

}  // namespace faultline::cli
