// `faultline sweep SCENARIO --vary PATH=v1,v2,... [--vary ...] [--seeds N]`: the scenario
// over the cartesian product of the values, on the same seeds, with a line chart per
// metric (cli/batch_command.h, cli/batch_charts.h).
#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/batch_command.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kSweepUsage[] =
    R"(usage: faultline sweep SCENARIO.yaml --vary PATH=v1,v2,... [--vary ...] [options]

Runs the scenario at every point of a parameter grid (the cartesian product of the --vary
values, each point the scenario with those --set overrides) on the same seeds, in this
process, and prints the table `faultline compare` prints, one row per point.

Writes into --out: sweep.csv, sweep.json, runs/<point>-seed<N>/ and a line chart per
metric (sweep-p50-<op>.svg, sweep-p99-<op>.svg, sweep-ok-in-faults.svg,
sweep-ok-outside-faults.svg, sweep-messages-per-op.svg, sweep-invalid-<checker>.svg,
sweep-stale-read-ratio.svg with the staleness checker): x is the first --vary (durations
and numbers on a numeric axis, other values as names), one line per combination of the
other --vary values, the shaded band min..max over seeds. --out must be new, empty or a
previous compare's or sweep's, whose files this one replaces (exit 73 otherwise). Exit 0
when every run ran.

)";

constexpr size_t kMaxPoints = 1000;

int Usage(const std::string& message) {
  std::fprintf(stderr, "faultline sweep: %s\nsee: faultline sweep --help\n", message.c_str());
  return kExitUsage;
}

struct Dimension {
  std::string path;
  std::vector<std::string> values;
};

int ParseVary(const std::string& text, std::vector<Dimension>* dims) {
  const size_t eq = text.find('=');
  const std::string example = "write --vary PATH=v1,v2,..., e.g. --vary workload.rate=100/s,400/s";
  if (eq == std::string::npos || eq == 0) {
    return Usage(absl::StrCat("--vary '", text, "' is not PATH=v1,v2,...; ", example));
  }
  Dimension d{text.substr(0, eq), SplitTopLevelCommas(text.substr(eq + 1))};
  for (const std::string& v : d.values) {
    if (v.empty()) {
      return Usage(absl::StrCat("--vary ", d.path, ": an empty value in '", text.substr(eq + 1),
                                "'; ", example));
    }
    if (std::count(d.values.begin(), d.values.end(), v) > 1) {
      return Usage(absl::StrCat("--vary ", d.path, ": the value '", v, "' is given twice"));
    }
  }
  for (const Dimension& other : *dims) {
    if (other.path == d.path) {
      return Usage(absl::StrCat("--vary ", d.path,
                                " is given twice; list all its values in one "
                                "--vary"));
    }
  }
  dims->push_back(std::move(d));
  return 0;
}

// A run directory name for a point: its number, then its values made file-name safe.
std::string PointName(size_t index, const std::vector<std::string>& values) {
  std::string name = absl::StrFormat("p%02d", index + 1);
  for (const std::string& v : values) {
    name += '-';
    for (char c : v.substr(0, 24)) {
      const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
      name.push_back(ok ? c : '_');
    }
  }
  return name;
}

int SweepGroups(const std::string&, const std::string&, std::vector<GroupRequest>* groups,
                void* context) {
  const auto& dims = *static_cast<std::vector<Dimension>*>(context);
  size_t points = 1;
  for (const Dimension& d : dims) {
    points *= d.values.size();
    if (points > kMaxPoints) {
      return Usage(
          absl::StrCat("the grid has more than ", kMaxPoints, " points; vary fewer values"));
    }
  }
  // The first --vary changes slowest, so rows come grouped by the x axis's value.
  for (size_t i = 0; i < points; ++i) {
    GroupRequest r;
    std::vector<std::string> values;
    size_t rest = i;
    std::vector<size_t> index(dims.size());
    for (size_t d = dims.size(); d-- > 0;) {
      index[d] = rest % dims[d].values.size();
      rest /= dims[d].values.size();
    }
    for (size_t d = 0; d < dims.size(); ++d) {
      const std::string& v = dims[d].values[index[d]];
      values.push_back(v);
      r.overrides.push_back(absl::StrCat(dims[d].path, "=", v));
      r.params.emplace_back(dims[d].path, v);
    }
    r.name = PointName(i, values);
    groups->push_back(std::move(r));
  }
  return 0;
}

}  // namespace

int SweepCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  std::vector<std::string> vary;
  BatchFlags flags;
  bool log_x = false;
  visible.add_options()("help,h", "show this help")(
      "vary", po::value(&vary)->composing(),
      "PATH=v1,v2,...: a scenario field and its values (repeatable; the first is the x axis)")(
      "log-x", po::bool_switch(&log_x), "a log scale for a numeric x axis");
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
    std::cout << kSweepUsage << visible
              << "\nexample: faultline sweep scenarios/quickstart.yaml --seeds 3 \\\n"
                 "           --vary workload.rate=50/s,100/s,200/s \\\n"
                 "           --vary cluster.params.replication=async,sync\n";
    return kExitOk;
  }
  if (scenario_path.empty()) return Usage("missing SCENARIO.yaml");
  if (vary.empty()) {
    return Usage("give at least one --vary PATH=v1,v2,..., e.g. --vary workload.rate=100/s,400/s");
  }
  if (vm.count("out") && flags.out_dir.empty()) {
    return Usage("--out is empty; give a directory or leave the flag out");
  }
  std::vector<Dimension> dims;
  for (const std::string& v : vary) {
    if (int code = ParseVary(v, &dims); code != 0) return code;
  }
  return RunBatchCommand("sweep", scenario_path, flags, &SweepGroups, &dims, log_x);
}

}  // namespace faultline::cli
