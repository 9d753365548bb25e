// `faultline check HISTORY [--checkers LIST] --model NAME [--format F] [--semantics S]
// [--initial V] [--time-limit 60s] [--memory-limit 1GiB] [--no-split] [--report FILE]
// [--html FILE]` (`--spec` is an alias of `--model`): checks a recorded history
// (faultline's history.jsonl, a Jepsen etcd log, a porcupine kv file or Jepsen's
// history.edn) for linearizability against a sequential spec (checkers/spec.h), and, with
// --checkers, for session guarantees, lost writes, staleness and convergence
// (checkers/consistency/, checkers/convergence.h); prints the verdicts with their
// evidence, and optionally writes them as JSON and the linearizability failure as the
// failure view (a self-contained HTML page).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/strings.h"
#include "base/suggest.h"
#include "base/time.h"
#include "base/units.h"
#include "boost/program_options.hpp"
#include "checkers/consistency/kv_view.h"
#include "checkers/history_reader.h"
#include "checkers/initial_value_spec.h"
#include "checkers/linearizability.h"
#include "checkers/semantics.h"
#include "checkers/spec.h"
#include "cli/check_flags.h"
#include "cli/check_linearizability.h"
#include "cli/check_other_histories.h"
#include "cli/check_report.h"
#include "cli/check_sharding.h"
#include "cli/commands.h"
#include "cli/consistency_report.h"
#include "cli/convergence_report.h"
#include "cli/exit_codes.h"
#include "cli/lock_report.h"
#include "cli/ordering_report.h"
#include "cli/output_file.h"
#include "cli/staleness_flags.h"

namespace faultline::cli {
namespace po = boost::program_options;
namespace {

constexpr char kCheckUsage[] = R"(usage: faultline check HISTORY --model NAME [options]
       faultline check HISTORY --checkers session,lost-writes,staleness [options]

Checks a history for linearizability: is there one order of the operations, each taking
effect between its invocation and its completion, that the sequential spec accepts? Reads
faultline's history.jsonl, Jepsen etcd logs, porcupine kv histories and Jepsen's own
history.edn (as Knossos reads it). A history without keys is one register.
--semantics says what a fail cas and an ok read of nil mean; each format defaults to its
own tool's reading: jepsen-edn knossos (a fail op did not happen, a nil read constrains
nothing), jepsen-etcd and porcupine-kv porcupine (a fail cas found another value, a nil
read read nil), faultline faultline (a fail op did not happen, a nil read read nil);
docs/history-formats.md compares them.
--initial VALUE starts the register (or every key) at VALUE instead of nil, as Knossos'
cas-register tests start at 0.
--model names a sequential spec (the checker's word, as in Porcupine and Knossos), not
one of the simulator's models of `faultline list models`; --spec is the same flag. A
scenario's run picks the spec from its workload (a kv store's: kv).
--checkers picks what is checked (default linearizability): session (read-your-writes,
monotonic-reads, monotonic-writes, writes-follow-reads), lost-writes and staleness judge
kv histories (read / write / cas) and need no --model (docs/consistency-checkers.md);
convergence judges the replica reads (read-local) a run makes when its scenario lists
it: did every node's copy of every key end up the same, and how long did that take.
ordering and exactly-once judge a messaging history (send / poll / pending ops and the
nodes' apply / requeue / redeliver / dead-letter observations; or Maelstrom's kafka
history.edn, --format maelstrom-kafka): per-key apply order, lost and unseen messages and
Jepsen's kafka anomalies, each counted with evidence (docs/ordering-checker.md);
exactly-once also fails on a duplicate.
mutual-exclusion and mutex judge a lock history (request ops and the lock.redis model's
acquire / release / pause / grant / load / write observations): two holders at once, a
stale token the resource accepted, and the load test's metrics; mutex checks the
acquire/release ops with the linearizability search (docs/lock-checker.md).
sharding judges a sharded store's migrations from its router's observe lines (phases in
order, each done by the end) and measures load imbalance, the hot shard, keys moved per
topology change and cutover holds (docs/sharding-checker.md); alone or beside the kv
checkers, which skip those lines.
read-atomic judges kv.sharded's multi-key ops (the kv-multi workload): a multi-read that saw
part of a multi-write (a fractured read), and the cross-shard latency; alone or with
sharding (docs/sharding-checker.md).
Exit 0 valid, 1 a checker found a violation (with evidence), 2 unknown (out of time or
memory), 64 bad flags, 65 a malformed history (FILE:LINE and what was expected), 73
--report or --html cannot be written. --report FILE writes the verdict and evidence as JSON
(docs/check-report.md), the same object a scenario run puts in results.json; with
--checkers other than linearizability alone, {"valid", "history", "checkers": {NAME: ...}}.
--html FILE draws the linearizability evidence as one self-contained HTML page: the key's ops as bars per process, the
longest linearizable prefix numbered, the op that cannot be placed and the ops concurrent
with it, and how to read it (docs/failure-view.md).

)";

void PrintCounts(const checkers::History& history) {
  if (history.ops.empty()) {
    // Say so plainly: "linearizable" alone would read as if something had been checked.
    std::cout << "history: " << history.source
              << " (0 operations: the file holds no ops, so nothing is checked)\n";
    return;
  }
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

// An optional '-' then digits, nothing else (SimpleAtoi alone also takes "+1" and " 1").
bool IsDecimal(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "session,lost-writes" -> the names, each known; "" when one is not (with the message
// printed).
std::optional<std::vector<std::string>> ParseCheckers(const std::string& text) {
  const std::vector<std::string> known = CheckerNames();
  std::vector<std::string> names;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    const std::string name(absl::StripAsciiWhitespace(part));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string hint = DidYouMean(name, known);
      if (!hint.empty()) hint = "; " + hint;
      std::fprintf(stderr,
                   "faultline check: --checkers: unknown checker '%s'%s; expected one of: %s\n",
                   name.c_str(), hint.c_str(), absl::StrJoin(known, ", ").c_str());
      return std::nullopt;
    }
    names.push_back(name);
  }
  return ExpandCheckerNames(names);
}

bool Lists(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

int CheckCommand(const std::vector<std::string>& args) {
  po::options_description visible("options");
  std::string spec_name;
  std::string spec_alias;  // --spec, the same as --model
  std::string format_name = "auto";
  std::string semantics_name;  // empty: the format's default
  std::string initial_text;
  std::string time_limit_text = "60s";
  std::string memory_limit_text = "1GiB";
  std::string report_path;
  std::string html_path;
  bool no_split = false;
  std::string checkers_text = "linearizability";
  std::string t_bucket_text = "1ms";
  std::string t_horizon_text = "100ms";
  visible.add_options()("help,h", "show this help")(
      "checkers", po::value(&checkers_text),
      absl::StrCat("what to check, comma-separated: ", absl::StrJoin(CheckerNames(), ", "),
                   "; default linearizability")
          .c_str())("model", po::value(&spec_name),
                    absl::StrCat("the sequential spec to check against: ",
                                 absl::StrJoin(checkers::SpecNames(), ", "))
                        .c_str())("spec", po::value(&spec_alias), "the same as --model")(
      "format", po::value(&format_name),
      "auto (default), faultline, jepsen-etcd, porcupine-kv or jepsen-edn; for --checkers "
      "ordering: auto, faultline or maelstrom-kafka")(
      "semantics", po::value(&semantics_name),
      "faultline, knossos or porcupine: how a fail cas and an ok read of nil read; default: "
      "the format's own (jepsen-edn knossos, jepsen-etcd and porcupine-kv porcupine)")(
      "initial", po::value(&initial_text),
      "the register's (every key's) initial value, an integer or nil; default nil")(
      "time-limit", po::value(&time_limit_text),
      "give up (verdict unknown, exit 2) after this long; default 60s")(
      "memory-limit", po::value(&memory_limit_text),
      "give up on a key (verdict unknown, exit 2) when its search memo grows past this size, "
      "e.g. 512MB or 2GiB; default 1GiB")(
      "no-split", po::bool_switch(&no_split),
      "check all keys as one object instead of key by key: the same verdict, a much larger "
      "search (for comparisons with checkers that do not split)")(
      "report", po::value(&report_path),
      "also write the verdict and evidence as JSON to this file (docs/check-report.md)")(
      "html", po::value(&html_path),
      "also draw the evidence as a self-contained HTML page (the failure view) in this file")(
      "t-bucket", po::value(&t_bucket_text),
      "staleness: the width of the t-visibility curve's buckets; default 1ms")(
      "t-horizon", po::value(&t_horizon_text),
      "staleness: pairs at or beyond this t share the curve's last bucket, a whole number of "
      "buckets; default 100 buckets (100ms)");
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
    std::cout << kCheckUsage << visible
              << "\nexamples:\n"
                 "  faultline check runs/quickstart-seed1/history.jsonl --model kv\n"
                 "  faultline check runs/x/history.jsonl --checkers session,lost-writes,staleness\n"
                 "  faultline check etcd_000.log --model register --report evidence.json\n"
                 "  faultline check etcd_000.log --model register --html failure.html\n"
                 "  faultline check c10-ok.txt --model kv --no-split --memory-limit 4GiB\n"
                 "  faultline check history.edn --model register --initial 0\n"
                 "  faultline check runs/roulette/history.jsonl --checkers ordering\n"
                 "  faultline check kafka-history.edn --checkers ordering --format "
                 "maelstrom-kafka\n"
                 "  faultline check runs/lock-pause/history.jsonl --checkers "
                 "mutual-exclusion,mutex\n"
                 "  faultline check runs/shard-move/history.jsonl --checkers "
                 "linearizability,sharding --model kv\n"
                 "  faultline check runs/shard-multi/history.jsonl --checkers "
                 "read-atomic,sharding\n";
    return kExitOk;
  }
  if (history_path.empty()) {
    std::fprintf(stderr, "faultline check: missing HISTORY\nsee: faultline check --help\n");
    return kExitUsage;
  }
  const std::string names = absl::StrJoin(checkers::SpecNames(), ", ");
  if (!spec_alias.empty()) {
    if (!spec_name.empty() && spec_name != spec_alias) {
      std::fprintf(stderr, "faultline check: --model %s and --spec %s disagree; give one\n",
                   spec_name.c_str(), spec_alias.c_str());
      return kExitUsage;
    }
    spec_name = spec_alias;
  }
  const std::optional<std::vector<std::string>> checker_names = ParseCheckers(checkers_text);
  if (!checker_names) return kExitUsage;
  if (std::optional<int> code =
          CheckOtherHistories(vm, history_path, format_name, report_path, time_limit_text,
                              memory_limit_text, *checker_names)) {
    return *code;
  }
  const bool linearizability = Lists(*checker_names, "linearizability");
  // The report keeps today's shape when linearizability is all that is checked.
  const bool multi = *checker_names != std::vector<std::string>{"linearizability"};
  const checkers::Spec* spec = nullptr;
  if (linearizability) {
    if (spec_name.empty()) {
      std::fprintf(stderr, "faultline check: --model is required (one of: %s)\n", names.c_str());
      return kExitUsage;
    }
    spec = checkers::FindSpec(spec_name);
    if (spec == nullptr) {
      std::fprintf(stderr, "faultline check: unknown model '%s'; expected one of: %s\n",
                   spec_name.c_str(), names.c_str());
      return kExitUsage;
    }
  } else if (!spec_name.empty() || vm.count("html")) {
    std::fprintf(stderr,
                 "faultline check: %s applies to the linearizability checker only; add "
                 "linearizability to --checkers or leave it out\n",
                 spec_name.empty() ? "--html" : "--model");
    return kExitUsage;
  }
  if ((vm.count("t-bucket") || vm.count("t-horizon")) && !Lists(*checker_names, "staleness")) {
    std::fprintf(stderr,
                 "faultline check: --t-bucket and --t-horizon shape the staleness checker's "
                 "curve; add staleness to --checkers or leave them out\n");
    return kExitUsage;
  }
  const std::optional<checkers::consistency::StalenessOptions> staleness = ParseStalenessOptions(
      t_bucket_text, vm.count("t-horizon") || !vm.count("t-bucket") ? t_horizon_text : "");
  if (!staleness) return kExitUsage;
  if (format_name == "maelstrom-kafka") {
    std::fprintf(stderr,
                 "faultline check: --format maelstrom-kafka is a messaging history, read by the "
                 "ordering checkers: add --checkers ordering\n");
    return kExitUsage;
  }
  absl::StatusOr<checkers::HistoryFormat> format = checkers::ParseHistoryFormat(format_name);
  if (!format.ok()) {
    std::fprintf(stderr, "faultline check: --format: %s\n",
                 std::string(format.status().message()).c_str());
    return kExitUsage;
  }
  std::optional<checkers::Semantics> semantics;
  if (vm.count("semantics")) {
    absl::StatusOr<checkers::Semantics> s = checkers::ParseSemantics(semantics_name);
    if (!s.ok()) {
      std::fprintf(stderr, "faultline check: --semantics: %s\n",
                   std::string(s.status().message()).c_str());
      return kExitUsage;
    }
    semantics = *s;
  }
  std::optional<checkers::Value> initial;
  if (vm.count("initial")) {
    int64_t v = 0;
    if (initial_text == "nil") {
      initial = checkers::Value::Nil();
    } else if (IsDecimal(initial_text) && absl::SimpleAtoi(initial_text, &v)) {
      initial = checkers::Value::Int(v);
    } else {
      std::fprintf(stderr,
                   "faultline check: --initial must be an integer of at most 64 bits or nil "
                   "(the register's starting value, e.g. --initial 0), not '%s'\n",
                   initial_text.c_str());
      return kExitUsage;
    }
    if (spec == nullptr) {
      std::fprintf(stderr,
                   "faultline check: --initial applies to the linearizability checker (a "
                   "register's starting value); add linearizability to --checkers or drop "
                   "--initial\n");
      return kExitUsage;
    }
    if (!checkers::TakesInitialValue(*spec)) {
      std::fprintf(stderr,
                   "faultline check: --initial applies to --model register or kv (a register's "
                   "starting value); model %s starts from its own initial state: drop "
                   "--initial\n",
                   std::string(spec->name()).c_str());
      return kExitUsage;
    }
  }
  const std::optional<CheckBudget> budget = ParseCheckBudget(time_limit_text, memory_limit_text);
  if (!budget) return kExitUsage;
  CheckLimits limits;
  limits.time_limit_ns = budget->time_limit_ns;
  limits.memory_limit_bytes = budget->memory_limit_bytes;
  limits.split_partitions = !no_split;
  if (vm.count("report") && report_path.empty()) {
    std::fprintf(stderr,
                 "faultline check: --report needs a file name, e.g. --report "
                 "evidence.json\n");
    return kExitUsage;
  }
  if (vm.count("html") && html_path.empty()) {
    std::fprintf(stderr, "faultline check: --html needs a file name, e.g. --html failure.html\n");
    return kExitUsage;
  }

  absl::StatusOr<checkers::History> history = checkers::ReadHistoryFile(history_path, *format);
  if (!history.ok()) return ReportError(history.status());
  const checkers::Semantics chosen =
      semantics.value_or(checkers::DefaultSemantics(history->format));
  checkers::ApplySemantics(chosen, &*history);
  // Replica reads (read-local) are for the convergence checker alone; every other checker
  // judges the clients' ops without them.
  std::optional<checkers::History> with_replica_reads;
  if (Lists(*checker_names, "convergence")) with_replica_reads = *history;
  *history = ClientOpsOnly(*history);
  // A bad --report path fails now, not after a check that may take minutes.
  if (!report_path.empty()) {
    if (absl::Status st = CheckWritable(report_path, "--report"); !st.ok()) {
      return ReportError(st);
    }
  }
  if (!html_path.empty()) {
    if (absl::Status st = CheckWritable(html_path, "--html"); !st.ok()) return ReportError(st);
  }
  // An output must not replace the history it reports on, nor the other output.
  for (const auto& [flag, path] : {std::pair{"--report", &report_path}, {"--html", &html_path}}) {
    if (path->empty()) continue;
    if (absl::Status st = CheckNotInput(*path, flag, history_path); !st.ok()) {
      return ReportError(st);
    }
  }
  if (!report_path.empty() && !html_path.empty() && SameOutputPath(report_path, html_path)) {
    return ReportError(absl::PermissionDeniedError(
        absl::StrCat("--report ", report_path, " and --html ", html_path, " name the same file")));
  }
  // An op the spec does not know means the wrong --model, not a violation.
  if (spec != nullptr) {
    if (absl::Status st = checkers::ValidateHistory(*history, *spec); !st.ok()) {
      return ReportError(st);
    }
  }
  // Likewise an op other than read / write / cas for the consistency checkers.
  std::optional<checkers::consistency::KvView> view;
  if (std::any_of(checker_names->begin(), checker_names->end(), IsConsistencyChecker)) {
    absl::StatusOr<checkers::consistency::KvView> built =
        checkers::consistency::KvView::Build(*history);
    if (!built.ok()) return ReportError(built.status());
    view = *std::move(built);
  }
  PrintCounts(with_replica_reads ? *with_replica_reads : *history);
  if (view && view->ambiguous_values() > 0) {
    // Say so: a history of repeated values gives these checkers little to go on.
    std::cout << "note: " << view->ambiguous_values()
              << " value(s) written by more than one op name no write; reads of them are no "
                 "evidence for the consistency checkers\n";
  }

  std::cout << "semantics: " << checkers::SemanticsName(chosen)
            << (semantics ? "" : " (the format's default)") << "\n";
  for (const std::string& note : history->notes) std::cout << "note: " << note << "\n";

  nlohmann::json results = nlohmann::json::object();
  bool violation = false;
  bool unknown = false;
  for (const std::string& name : *checker_names) {
    if (name == "linearizability") {
      absl::StatusOr<nlohmann::json> report =
          CheckLinearizability(*history, *spec, initial, chosen, limits, history_path, html_path);
      if (!report.ok()) return ReportError(report.status());
      violation = violation || report->at("valid") == false;
      unknown = unknown || report->at("valid") == "unknown";
      results[name] = *std::move(report);
      continue;
    }
    if (name == kShardingChecker) {
      // The same file, read for the router's records beside the kv checkers' ops.
      if (history->format != "faultline") {
        std::fprintf(stderr,
                     "faultline check: the sharding checker reads faultline's history.jsonl "
                     "(the router's observe lines); this history is %s\n",
                     history->format.empty() ? "empty" : history->format.c_str());
        return kExitUsage;
      }
      absl::StatusOr<ShardingOutcome> o = RunShardingOnFile(history_path);
      if (!o.ok()) return ReportError(o.status());
      for (const std::string& line : o->lines) std::cout << line << "\n";
      violation = violation || o->violation;
      results[name] = std::move(o->report);
      continue;
    }
    if (name == "convergence") {
      bool undecided = false;
      ConsistencyOutcome c = RunConvergenceChecker(*with_replica_reads, undecided);
      std::cout << c.details;
      violation = violation || c.violation;
      unknown = unknown || undecided;
      results[name] = std::move(c.report);
      continue;
    }
    ConsistencyOutcome c = RunConsistencyChecker(name, *view, *staleness);
    std::cout << c.details;
    violation = violation || c.violation;
    results[name] = std::move(c.report);
  }
  const nlohmann::json valid = violation ? nlohmann::json(false)
                               : unknown ? nlohmann::json("unknown")
                                         : nlohmann::json(true);
  if (!report_path.empty()) {
    nlohmann::json report;
    if (!multi) {
      report = results.at("linearizability");
    } else {
      report = {{"valid", valid},
                {"history",
                 {{"source", history->source},
                  {"format", history->format.empty() ? "empty" : history->format},
                  {"ops", history->ops.size()}}},
                {"checkers", results}};
    }
    const std::string text =
        report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (absl::Status st = WriteFileAtomically(report_path, text); !st.ok()) {
      return ReportError(st);
    }
    std::cout << "report: " << report_path << "\n";
  }
  if (violation) return kExitViolation;
  return unknown ? kExitUnknown : kExitOk;
}

}  // namespace faultline::cli
