// `faultline check HISTORY --model NAME [--format F] [--time-limit 60s]`: checks a recorded
// history (faultline's history.jsonl, a Jepsen etcd log or a porcupine kv file) for
// linearizability against a sequential model, and prints the verdict with its evidence.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/program_options.hpp"
#include "checkers/history_reader.h"
#include "checkers/linearizability.h"
#include "checkers/model.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "sim/strings.h"
#include "sim/units.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kCheckUsage[] = R"(usage: faultline check HISTORY --model NAME [options]

Checks a history for linearizability: is there one order of the operations, each taking
effect between its invocation and its completion, that the model accepts? Reads
faultline's history.jsonl, Jepsen etcd logs and porcupine kv histories.
Exit 0 linearizable, 1 not linearizable (with evidence), 2 unknown (out of time or memory).

)";

// The prefix can be long; every op is printed so the evidence is complete, one per line.
void PrintOps(const checkers::History& history, const std::vector<size_t>& ops) {
  for (size_t i : ops) std::cout << "  " << checkers::DescribeOp(history.ops[i]) << "\n";
}

void PrintCounts(const checkers::History& history) {
  size_t ok = 0, fail = 0, info = 0;
  for (const checkers::Operation& op : history.ops) {
    switch (op.status) {
      case checkers::Status::kOk:
        ++ok;
        break;
      case checkers::Status::kFail:
        ++fail;
        break;
      case checkers::Status::kInfo:
        ++info;
        break;
    }
  }
  std::cout << "history: " << history.source << " ("
            << (history.format.empty() ? "empty" : history.format) << ", " << history.ops.size()
            << " ops: " << ok << " ok, " << fail << " fail, " << info << " info)\n";
}

void PrintViolation(const checkers::History& history, const checkers::Violation& v) {
  std::cout << "key: " << (v.key.empty() ? "(the single object)" : v.key) << "\n";
  std::cout << "longest linearizable prefix (" << v.longest_prefix.size() << " ops):\n";
  PrintOps(history, v.longest_prefix);
  std::cout << "cannot be placed next:\n";
  PrintOps(history, {v.stuck_op});
  std::cout << "concurrent with it (" << v.concurrent.size() << " ops):\n";
  PrintOps(history, v.concurrent);
  if (!v.explanation.empty()) std::cout << v.explanation << "\n";
}

}  // namespace

int CheckCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  std::string model_name;
  std::string format_name = "auto";
  std::string time_limit_text = "60s";
  bool no_split = false;
  visible.add_options()("help,h", "show this help")(
      "model", po::value(&model_name),
      absl::StrCat("the sequential specification: ", absl::StrJoin(checkers::ModelNames(), ", "))
          .c_str())("format", po::value(&format_name),
                    "auto (default), faultline, jepsen-etcd or porcupine-kv")(
      "time-limit", po::value(&time_limit_text),
      "give up (verdict unknown, exit 2) after this long; default 60s")(
      "no-split", po::bool_switch(&no_split),
      "check all keys as one object instead of key by key: the same verdict, a much larger "
      "search (for comparisons with checkers that do not split)");
  po::options_description all;
  std::string history_path;
  all.add(visible).add_options()("history", po::value(&history_path));
  po::positional_options_description positional;
  positional.add("history", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "faultline check: %s\nsee: faultline check --help\n", e.what());
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout
        << kCheckUsage << visible
        << "\nexample: faultline check runs/quickstart-seed1/history.jsonl --model register\n";
    return kExitOk;
  }
  if (history_path.empty()) {
    std::fprintf(stderr, "faultline check: missing HISTORY\nsee: faultline check --help\n");
    return kExitUsage;
  }
  const std::string names = absl::StrJoin(checkers::ModelNames(), ", ");
  if (model_name.empty()) {
    std::fprintf(stderr, "faultline check: --model is required (one of: %s)\n", names.c_str());
    return kExitUsage;
  }
  const checkers::Model* model = checkers::FindModel(model_name);
  if (model == nullptr) {
    std::fprintf(stderr, "faultline check: unknown model '%s'; expected one of: %s\n",
                 model_name.c_str(), names.c_str());
    return kExitUsage;
  }
  absl::StatusOr<checkers::HistoryFormat> format = checkers::ParseHistoryFormat(format_name);
  if (!format.ok()) {
    std::fprintf(stderr, "faultline check: --format: %s\n",
                 std::string(format.status().message()).c_str());
    return kExitUsage;
  }
  absl::StatusOr<sim::Nanos> time_limit_ns = sim::ParseDuration(time_limit_text);
  if (!time_limit_ns.ok() || *time_limit_ns <= 0) {
    std::fprintf(stderr,
                 "faultline check: --time-limit must be a positive duration such as "
                 "10s or 500ms, not '%s'\n",
                 time_limit_text.c_str());
    return kExitUsage;
  }

  absl::StatusOr<checkers::History> history = checkers::ReadHistoryFile(history_path, *format);
  if (!history.ok()) return ReportError(history.status());
  PrintCounts(*history);
  std::cout << "model: " << model->name() << "\n";

  // The only wall clock in a check: the budget. The search itself stays deterministic.
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::nanoseconds(*time_limit_ns);
  checkers::CheckOptions options;
  options.out_of_budget = [deadline] { return std::chrono::steady_clock::now() >= deadline; };
  options.split_partitions = !no_split;
  const checkers::CheckResult result = checkers::CheckLinearizability(*history, *model, options);
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();

  std::cout << "verdict: " << checkers::VerdictName(result.verdict) << " ("
            << result.states_explored << " states explored, " << elapsed_ms << " ms)\n";
  switch (result.verdict) {
    case checkers::Verdict::kLinearizable:
      return kExitOk;
    case checkers::Verdict::kNotLinearizable:
      if (result.violation) PrintViolation(*history, *result.violation);
      return kExitViolation;
    case checkers::Verdict::kUnknown:
      std::cout << "reason: " << result.unknown_reason << "\n";
      return kExitUnknown;
  }
  return kExitInternal;
}

}  // namespace faultline::cli
