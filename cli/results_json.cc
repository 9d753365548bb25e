#include "cli/results_json.h"

#include <filesystem>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/text_file.h"
#include "cli/run_metrics.h"
#include "sim/run_stats.h"

namespace faultline::cli {
namespace {

std::string& ProgramName() {
  static std::string* name = new std::string("faultline");
  return *name;
}

}  // namespace

// Single quotes for the shell, unless the word is plainly safe.
std::string ShellQuote(const std::string& word) {
  bool safe = !word.empty();
  for (char c : word) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) ||
                    std::string_view("-_./=:,+@%").find(c) != std::string_view::npos;
    safe = safe && ok;
  }
  if (safe) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

void SetProgramName(std::string name) { ProgramName() = std::move(name); }

std::string RunCommandLine(const std::string& scenario_path) {
  return absl::StrCat(ShellQuote(ProgramName()), " run ", ShellQuote(scenario_path));
}

std::string ReproduceCommand(const RunRecord& record) {
  std::string cmd = absl::StrCat(ShellQuote(ProgramName()), " run ",
                                 ShellQuote(record.scenario_path), " --seed ", record.seed);
  for (const std::string& o : record.overrides) absl::StrAppend(&cmd, " --set ", ShellQuote(o));
  if (record.limits.max_events != RunLimits::kDefaultMaxEvents) {
    absl::StrAppend(&cmd, " --max-events ", record.limits.max_events);
  }
  if (record.limits.max_trace_bytes != RunLimits::kDefaultMaxTraceBytes) {
    absl::StrAppend(&cmd, " --max-trace-bytes ", record.limits.max_trace_bytes);
  }
  return cmd;
}

nlohmann::json ResultsJson(const RunRecord& record) {
  const sim::RunResult& r = record.run->result;
  const sim::RunStats& s = r.stats;
  nlohmann::json j;
  j["tool"] = "faultline";
  j["version"] = FAULTLINE_VERSION;
  j["scenario"] = {{"name", record.spec->name},
                   {"file", record.scenario_path},
                   {"model", record.spec->cluster.model},
                   {"nodes", record.spec->cluster.nodes}};
  j["seed"] = record.seed;
  j["trace_hash"] = HashHex(r.trace_hash);
  j["overrides"] = record.overrides;
  j["reproduce"] = ReproduceCommand(record);
  j["limits"] = {{"max_events", record.limits.max_events},
                 {"max_trace_bytes", record.limits.max_trace_bytes}};
  if (!r.stopped_early.empty()) j["stopped_early"] = r.stopped_early;
  if (!r.stopped_early.empty()) {
    j["valid"] = "unknown";  // the run stopped early: nothing can be concluded
  } else {
    j["valid"] = record.checkers != nullptr ? record.checkers->valid : nlohmann::json(true);
  }
  j["checkers"] =
      record.checkers != nullptr ? record.checkers->results : nlohmann::json::object();
  j["completed"] = r.stopped_early.empty();
  j["chosen"] = r.chosen;
  j["final_node_states"] = r.node_states;
  j["stats"] = {
      {"events", s.events},
      {"trace_events", r.trace_events},
      {"simulated_ns", r.end_ns},
      {"wall_s", record.run->wall_s},
      {"messages",
       {{"sent", s.messages_sent},
        {"delivered", s.messages_delivered},
        {"duplicated", s.duplicated},
        {"dropped_loss", s.dropped_loss},
        {"dropped_partition", s.dropped_partition},
        {"dropped_node_down", s.dropped_node_down},
        {"dropped_overload", s.dropped_overload},
        {"in_flight_at_end", s.in_flight_at_end}}},
      {"timers_fired", s.timers_fired},
      {"faults",
       {{"crashes", s.crashes},
        {"restarts", s.restarts},
        {"pauses", s.pauses},
        {"partitions", s.partitions},
        {"clock_changes", s.clock_changes},
        {"link_faults", s.link_faults}}},
      {"ops",
       {{"invoked", s.ops_invoked},
        {"ok", s.ops_ok},
        {"fail", s.ops_fail},
        {"info", s.ops_info},
        {"final_ops", s.final_ops},
        {"arrivals_skipped", s.arrivals_skipped},
        {"probes", s.probe_ops},
        {"probe_messages", s.probe_messages}}},
      {"max_cpu_queue", s.max_cpu_queue},
      // From a log-linear histogram: each percentile within 1/64 of the exact value.
      {"latency_ok_ns",
       {{"count", s.ok_latency.count()},
        {"p50", s.ok_latency.Percentile(0.50)},
        {"p90", s.ok_latency.Percentile(0.90)},
        {"p99", s.ok_latency.Percentile(0.99)},
        {"max", s.ok_latency.Percentile(1.0)}}}};
  j["metrics"] = MetricsJson(s);
  j["outputs"] = record.spec->outputs;
  return j;
}

namespace {

// What ResultsJson writes for a trace hash: HashHex's 16 lowercase hex digits.
bool IsTraceHash(const std::string& text) {
  if (text.size() != 16) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

absl::Status MissingRunDir(const std::string& dir) {
  return absl::NotFoundError(absl::StrCat(
      dir, ": no such run directory; `faultline run SCENARIO --out ", dir, "` creates one"));
}

}  // namespace

absl::StatusOr<RecordedRun> ReadRecordedRun(const std::string& run_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(run_dir, ec)) return MissingRunDir(run_dir);
  if (!std::filesystem::is_directory(run_dir, ec)) {
    return absl::InvalidArgumentError(absl::StrCat(
        run_dir, ": not a directory; give a run directory written by `faultline run --out`"));
  }
  const std::string results_path = run_dir + "/results.json";
  if (!std::filesystem::exists(results_path, ec)) {
    return absl::NotFoundError(absl::StrCat(
        run_dir, ": has no results.json; is this a run directory written by `faultline run`?"));
  }
  absl::StatusOr<std::string> text =
      ReadTextFile(results_path, "results file", "RUN_DIR/results.json");
  if (!text.ok()) return text.status();
  const std::string_view body = StripUtf8Bom(*text);
  if (absl::Status st = CheckJsonDepth(body, {results_path, 1}); !st.ok()) return st;
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(
        absl::StrCat(results_path, ": not valid JSON; rerun `faultline run` to rewrite it"));
  }
  if (!j.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(
        results_path, ": expected a JSON object as `faultline run` writes; rerun it"));
  }
  RecordedRun rec;
  if (!j.contains("seed") || !j["seed"].is_number_unsigned()) {
    return absl::InvalidArgumentError(
        absl::StrCat(results_path, ": field \"seed\" missing or not a non-negative integer"));
  }
  rec.seed = j["seed"].get<uint64_t>();
  if (!j.contains("trace_hash") || !j["trace_hash"].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(results_path, ": field \"trace_hash\" missing or not a string"));
  }
  rec.trace_hash = j["trace_hash"].get<std::string>();
  if (!IsTraceHash(rec.trace_hash)) {
    // Not a hash a run could have written: comparing would report a false divergence.
    return absl::InvalidArgumentError(absl::StrCat(
        results_path, ": field \"trace_hash\" must be 16 lowercase hex digits as `faultline run` "
        "writes, found '", rec.trace_hash.substr(0, 40), rec.trace_hash.size() > 40 ? "..." : "",
        "'; rerun `faultline run` to rewrite it"));
  }
  if (j.contains("overrides")) {
    if (!j["overrides"].is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat(results_path, ": field \"overrides\" must be a list of strings"));
    }
    for (const auto& o : j["overrides"]) {
      if (!o.is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat(results_path, ": field \"overrides\" must be a list of strings"));
      }
      rec.overrides.push_back(o.get<std::string>());
    }
  }
  // Older runs record no limits: they ran to the end or under the default event limit.
  const nlohmann::json* events = nullptr;
  if (j.contains("stats") && j["stats"].is_object() && j["stats"].contains("events")) {
    events = &j["stats"]["events"];
  }
  if (events != nullptr && j["stats"].contains("trace_events") &&
      j["stats"]["trace_events"].is_number_unsigned()) {
    rec.trace_events = j["stats"]["trace_events"].get<uint64_t>();
  }
  // A run of an older faultline that stopped at its event limit says only completed: false.
  const bool stopped = j.contains("stopped_early") ||
                       (j.contains("completed") && j["completed"].is_boolean() &&
                        !j["completed"].get<bool>());
  if (stopped) {
    if (events == nullptr || !events->is_number_unsigned()) {
      return absl::InvalidArgumentError(absl::StrCat(
          results_path, ": the run stopped early but \"stats.events\" is missing or not a "
                        "non-negative integer, so replay cannot stop where it did"));
    }
    rec.max_events = events->get<uint64_t>();
  } else if (j.contains("limits") && j["limits"].is_object() &&
             j["limits"].contains("max_events")) {
    const nlohmann::json& m = j["limits"]["max_events"];
    if (!m.is_number_unsigned()) {
      return absl::InvalidArgumentError(absl::StrCat(
          results_path, ": field \"limits.max_events\" must be a non-negative integer"));
    }
    rec.max_events = m.get<uint64_t>();
  }
  return rec;
}

}  // namespace faultline::cli
