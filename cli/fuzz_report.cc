#include "cli/fuzz_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "sim/rng.h"

namespace faultline::cli {
namespace {

using nlohmann::json;

// Reads a field of `j` as T, or fails naming it.
template <typename T>
absl::Status Get(const json& j, const char* key, T* out) {
  if (!j.contains(key)) return absl::InvalidArgumentError(absl::StrCat("missing \"", key, "\""));
  try {
    *out = j.at(key).get<T>();
  } catch (const json::exception&) {
    return absl::InvalidArgumentError(absl::StrCat("\"", key, "\" has the wrong type"));
  }
  return absl::OkStatus();
}

std::string Ratio(uint64_t failed, uint64_t runs) {
  if (runs == 0) return "-";
  return absl::StrFormat("%d/%d (%.1f%%)", failed, runs,
                         100.0 * static_cast<double>(failed) / static_cast<double>(runs));
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control bytes other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string Seconds(double s) {
  if (s < 0) s = 0;
  if (s < 60) return absl::StrFormat("%.0fs", s);
  if (s < 3600) return absl::StrFormat("%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return absl::StrFormat("%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) % 3600 / 60);
}

// Time left: by the plan's rate, or by the budget.
std::string Left(const CampaignProgress& p, double budget_s) {
  if (budget_s > 0) return Seconds(budget_s - p.elapsed_s);
  if (p.planned == 0 || p.done == 0) return "?";
  return Seconds(p.elapsed_s / static_cast<double>(p.done) * static_cast<double>(p.planned - p.done));
}

double Rate(const CampaignProgress& p) {
  return p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
}

}  // namespace

std::string FuzzToolVersion() { return absl::StrCat("faultline ", FAULTLINE_VERSION); }

std::string ScenarioTextHash(const std::string& text) {
  return absl::StrFormat("%016x", sim::StableHash(text));
}

json HeaderJson(const CampaignHeader& h) {
  return json{{"campaign",
               {{"scenario", h.scenario},
                {"scenario_path", h.scenario_path},
                {"scenario_hash", h.scenario_hash},
                {"version", h.version},
                {"model", h.model},
                {"params", h.params},
                {"checkers", h.checkers},
                {"set", h.user_overrides},
                {"first_seed", h.first_seed},
                {"runs", h.runs},
                {"swarm", h.swarm},
                {"shard", absl::StrCat(h.shard + 1, "/", h.shards)}}}};
}

absl::StatusOr<CampaignHeader> HeaderFromJson(const json& line) {
  if (!line.is_object() || !line.contains("campaign") || !line["campaign"].is_object()) {
    return absl::InvalidArgumentError("the first line is not a campaign header ({\"campaign\": ...})");
  }
  const json& j = line["campaign"];
  CampaignHeader h;
  std::string shard;
  for (absl::Status st :
       {Get(j, "scenario", &h.scenario), Get(j, "scenario_path", &h.scenario_path),
        Get(j, "scenario_hash", &h.scenario_hash), Get(j, "version", &h.version),
        Get(j, "model", &h.model), Get(j, "params", &h.params), Get(j, "checkers", &h.checkers),
        Get(j, "set", &h.user_overrides),
        Get(j, "first_seed", &h.first_seed), Get(j, "runs", &h.runs), Get(j, "swarm", &h.swarm),
        Get(j, "shard", &shard)}) {
    if (!st.ok()) return st;
  }
  unsigned long long i = 0, n = 0;  // NOLINT(runtime/int): sscanf's type
  char extra = 0;
  if (std::sscanf(shard.c_str(), "%llu/%llu%c", &i, &n, &extra) != 2 || n == 0 || i == 0 || i > n) {
    return absl::InvalidArgumentError(absl::StrCat("\"shard\" must be I/N, not '", shard, "'"));
  }
  h.shard = i - 1;
  h.shards = n;
  return h;
}

json RunJson(const CampaignRun& run) {
  json j = {{"run", run.index},          {"seed", run.seed},
            {"verdict", run.verdict},    {"failed", run.failed},
            {"checkers", run.verdicts},  {"trace_hash", run.trace_hash},
            {"events", run.trace_events}, {"faults", run.faults},
            {"wall_s", run.wall_s}};
  if (!run.mix.empty() || !run.features.empty()) {
    json features = json::object();
    for (const auto& [name, on] : run.features) features[name] = on;
    j["swarm"] = {{"mix", run.mix},
                  {"variant", run.variant},
                  {"variant_set", run.variant_overrides},
                  {"features", features},
                  {"feature_order", json::array()},
                  {"set", run.swarm_overrides}};
    for (const auto& [name, on] : run.features) j["swarm"]["feature_order"].push_back(name);
  }
  if (!run.error.empty()) j["error"] = run.error;
  if (run.sentinel_checked) {
    j["sentinel"] = {{"diverged", run.sentinel_diverged}, {"detail", run.sentinel_detail}};
  }
  return j;
}

absl::StatusOr<CampaignRun> RunFromJson(const json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("a run record must be a JSON object");
  CampaignRun run;
  for (absl::Status st :
       {Get(j, "run", &run.index), Get(j, "seed", &run.seed), Get(j, "verdict", &run.verdict),
        Get(j, "failed", &run.failed), Get(j, "checkers", &run.verdicts),
        Get(j, "trace_hash", &run.trace_hash), Get(j, "events", &run.trace_events),
        Get(j, "faults", &run.faults), Get(j, "wall_s", &run.wall_s)}) {
    if (!st.ok()) return st;
  }
  static const char* kVerdicts[] = {"valid", "invalid", "unknown", "error"};
  if (std::find(std::begin(kVerdicts), std::end(kVerdicts), run.verdict) == std::end(kVerdicts)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"verdict\" must be valid, invalid, unknown or error, not '", run.verdict, "'"));
  }
  if (j.contains("swarm")) {
    const json& s = j["swarm"];
    std::map<std::string, bool> features;
    std::vector<std::string> order;
    for (absl::Status st : {Get(s, "mix", &run.mix), Get(s, "variant", &run.variant),
                            Get(s, "variant_set", &run.variant_overrides),
                            Get(s, "features", &features), Get(s, "feature_order", &order),
                            Get(s, "set", &run.swarm_overrides)}) {
      if (!st.ok()) return absl::InvalidArgumentError(absl::StrCat("swarm: ", st.message()));
    }
    for (const std::string& name : order) {
      auto it = features.find(name);
      if (it == features.end()) {
        return absl::InvalidArgumentError(absl::StrCat("swarm: feature '", name, "' has no value"));
      }
      run.features.emplace_back(name, it->second);
    }
  }
  if (j.contains("error")) {
    if (absl::Status st = Get(j, "error", &run.error); !st.ok()) return st;
  }
  if (j.contains("sentinel")) {
    run.sentinel_checked = true;
    const json& s = j["sentinel"];
    for (absl::Status st :
         {Get(s, "diverged", &run.sentinel_diverged), Get(s, "detail", &run.sentinel_detail)}) {
      if (!st.ok()) return absl::InvalidArgumentError(absl::StrCat("sentinel: ", st.message()));
    }
  }
  return run;
}

void AddRun(const CampaignRun& run, CampaignSummary* s) {
  ++s->runs;
  const bool failed = run.verdict == "invalid";
  if (run.verdict == "valid") ++s->valid;
  if (failed) ++s->invalid;
  if (run.verdict == "unknown") ++s->unknown;
  if (run.verdict == "error") {
    ++s->errors;
    if (s->errored.size() < 5) s->errored.push_back(run);
  }
  for (const std::string& c : run.failed) {
    ++s->failed_by_checker[c];
    s->first_seed_by_checker.emplace(c, run.seed);
  }
  for (const auto& [name, on] : run.features) {
    auto [it, fresh] = s->by_feature.try_emplace(name);
    if (fresh) s->feature_order.push_back(name);
    FeatureCount& f = it->second;
    (on ? f.on_runs : f.off_runs) += 1;
    if (failed) (on ? f.on_failed : f.off_failed) += 1;
  }
  if (!run.variant.empty()) {
    auto& [v_failed, v_runs] = s->by_variant[run.variant];
    ++v_runs;
    if (failed) ++v_failed;
  }
  if (run.sentinel_checked) ++s->sentinel_checked;
  if (run.sentinel_diverged) {
    ++s->sentinel_diverged;
    s->diverged.push_back(run);
  }
}

int CampaignExitCode(const CampaignSummary& s) {
  if (s.sentinel_diverged > 0) return 3;
  if (s.invalid > 0) return 1;
  if (s.errors > 0) return 70;
  // A campaign searches for violations: a run a checker could not decide (a history too
  // hard for the linearizability search) found none, and is counted in the summary. Only a
  // campaign that decided nothing is unknown.
  if (s.runs > 0 && s.unknown == s.runs) return 2;
  return 0;
}

std::string SummaryTable(const CampaignSummary& s, const std::vector<ReproRecord>& repros) {
  const CampaignHeader& h = s.header;
  std::string out = absl::StrCat("fuzz summary: ", h.scenario, " (", h.model, "), ", s.runs, " runs");
  if (s.runs > 0) absl::StrAppend(&out, h.shards > 1 ? " of shard " : "",
                                  h.shards > 1 ? absl::StrCat(h.shard + 1, "/", h.shards) : "");
  if (h.swarm) absl::StrAppend(&out, ", swarm");
  if (s.wall_s > 0) {
    absl::StrAppend(&out, absl::StrFormat(", %.1fs, %.1f runs/s with %d job%s", s.wall_s,
                                          static_cast<double>(s.runs) / s.wall_s, s.jobs,
                                          s.jobs == 1 ? "" : "s"));
  }
  absl::StrAppend(&out, "\n");
  if (!h.params.empty()) {
    std::vector<std::string> p;
    for (const auto& [k, v] : h.params) p.push_back(absl::StrCat(k, "=", v));
    absl::StrAppend(&out, "model params  ", absl::StrJoin(p, ", "), "\n");
  }
  absl::StrAppend(&out, "verdicts      valid ", s.valid, ", invalid ", s.invalid, ", unknown ",
                  s.unknown, ", error ", s.errors, "\n");
  absl::StrAppend(&out, "sentinel      ", s.sentinel_checked, " runs re-run, ", s.sentinel_diverged,
                  " diverged", s.sentinel_diverged > 0 ? "  <-- NONDETERMINISM" : "", "\n");
  for (const CampaignRun& r : s.diverged) {
    absl::StrAppend(&out, "  seed ", r.seed, ": trace_hash=", r.trace_hash, ", ", r.sentinel_detail,
                    "\n");
  }
  for (const CampaignRun& r : s.errored) {
    absl::StrAppend(&out, "error         seed ", r.seed, ": ", r.error, "\n");
  }
  if (!s.failed_by_checker.empty()) {
    absl::StrAppend(&out, "\nfailures by checker\n",
                    absl::StrFormat("  %-22s %-18s %s\n", "checker", "failed runs", "first seed"));
    for (const auto& [c, n] : s.failed_by_checker) {
      absl::StrAppend(&out, absl::StrFormat("  %-22s %-18s %d\n", c, Ratio(n, s.runs),
                                            s.first_seed_by_checker.at(c)));
    }
  }
  if (!s.by_variant.empty()) {
    absl::StrAppend(&out, "\nfailures by variant (model parameters)\n");
    for (const auto& [v, counts] : s.by_variant) {
      absl::StrAppend(&out, absl::StrFormat("  %-22s %s\n", v, Ratio(counts.first, counts.second)));
    }
  }
  if (!s.by_feature.empty()) {
    absl::StrAppend(&out, "\nfailures by swarm feature (runs with it on / off)\n",
                    absl::StrFormat("  %-22s %-18s %s\n", "feature", "on", "off"));
    for (const std::string& name : s.feature_order) {
      const FeatureCount& f = s.by_feature.at(name);
      absl::StrAppend(&out, absl::StrFormat("  %-22s %-18s %s\n", name, Ratio(f.on_failed, f.on_runs),
                                            Ratio(f.off_failed, f.off_runs)));
    }
  }
  for (const ReproRecord& r : repros) {
    if (!r.error.empty()) {
      absl::StrAppend(&out, "\nno repro for ", r.checker, " (seed ", r.seed, "): ", r.error, "\n");
      continue;
    }
    absl::StrAppend(&out, "\nrepro (", r.checker, ", seed ", r.seed, ")  ", r.path, "\n");
    if (r.shrunk) {
      absl::StrAppend(&out, "  shrunk       ", r.events_before, " -> ", r.events_after,
                      " trace events, ", r.faults_before, " -> ", r.faults_after, " faults\n");
    } else {
      absl::StrAppend(&out, "  not shrunk   ", r.events_before, " trace events, ", r.faults_before,
                      " faults (--no-shrink)\n");
    }
    if (!r.diagram.empty()) absl::StrAppend(&out, "  diagram      ", r.diagram, "\n");
    absl::StrAppend(&out, "  rerun        ", r.command, "\n");
  }
  return out;
}

json SummaryJson(const CampaignSummary& s, const std::vector<ReproRecord>& repros) {
  json j = HeaderJson(s.header);
  j["runs"] = s.runs;
  j["verdicts"] = {{"valid", s.valid}, {"invalid", s.invalid}, {"unknown", s.unknown},
                   {"error", s.errors}};
  j["sentinel"] = {{"checked", s.sentinel_checked}, {"diverged", s.sentinel_diverged}};
  j["failed_by_checker"] = json::object();
  for (const auto& [c, n] : s.failed_by_checker) {
    j["failed_by_checker"][c] = {{"runs", n}, {"first_seed", s.first_seed_by_checker.at(c)}};
  }
  j["by_variant"] = json::object();
  for (const auto& [v, counts] : s.by_variant) {
    j["by_variant"][v] = {{"failed", counts.first}, {"runs", counts.second}};
  }
  j["by_feature"] = json::object();
  for (const auto& [name, f] : s.by_feature) {
    j["by_feature"][name] = {{"on_runs", f.on_runs}, {"on_failed", f.on_failed},
                             {"off_runs", f.off_runs}, {"off_failed", f.off_failed}};
  }
  j["repros"] = json::array();
  for (const ReproRecord& r : repros) {
    j["repros"].push_back({{"checker", r.checker}, {"seed", r.seed}, {"path", r.path},
                           {"shrunk", r.shrunk},
                           {"command", r.command}, {"diagram", r.diagram},
                           {"events_before", r.events_before}, {"events_after", r.events_after},
                           {"faults_before", r.faults_before}, {"faults_after", r.faults_after},
                           {"error", r.error}});
  }
  j["exit_code"] = CampaignExitCode(s);
  return j;
}

std::string JUnitXml(const CampaignSummary& s, const std::vector<ReproRecord>& repros) {
  // One test case per checker the scenario runs, one for the sentinel and one for runs that
  // could not run: CI report tools show each as passed or failed, with the repro to rerun.
  std::map<std::string, bool> checkers;
  for (const auto& [c, n] : s.failed_by_checker) checkers[c] = true;
  for (const std::string& c : s.header.checkers) checkers.emplace(c, false);
  int failures = 0;
  std::string cases;
  const std::string suite = absl::StrCat("faultline fuzz ", s.header.scenario);
  for (const auto& [c, failed] : checkers) {
    absl::StrAppend(&cases, "    <testcase classname=\"", XmlEscape(suite), "\" name=\"",
                    XmlEscape(c), "\">\n");
    if (failed) {
      ++failures;
      std::string text = absl::StrCat(s.failed_by_checker.at(c), " of ", s.runs,
                                      " runs failed; first seed ", s.first_seed_by_checker.at(c));
      for (const ReproRecord& r : repros) {
        if (r.checker == c && r.error.empty()) absl::StrAppend(&text, "\nrerun: ", r.command);
      }
      absl::StrAppend(&cases, "      <failure message=\"", XmlEscape(c), " found a violation\">",
                      XmlEscape(text), "</failure>\n");
    }
    absl::StrAppend(&cases, "    </testcase>\n");
  }
  absl::StrAppend(&cases, "    <testcase classname=\"", XmlEscape(suite),
                  "\" name=\"determinism sentinel\">\n");
  if (s.sentinel_diverged > 0) {
    ++failures;
    std::string text;
    for (const CampaignRun& r : s.diverged) absl::StrAppend(&text, "seed ", r.seed, ": ", r.sentinel_detail, "\n");
    absl::StrAppend(&cases, "      <failure message=\"a rerun gave another trace hash\">",
                    XmlEscape(text), "</failure>\n");
  }
  absl::StrAppend(&cases, "    </testcase>\n");
  int errors = 0;
  if (s.errors > 0) {
    errors = 1;
    std::string text;
    for (const CampaignRun& r : s.errored) absl::StrAppend(&text, "seed ", r.seed, ": ", r.error, "\n");
    absl::StrAppend(&cases, "    <testcase classname=\"", XmlEscape(suite),
                    "\" name=\"runs that could not run\">\n      <error message=\"", s.errors,
                    " runs could not run\">", XmlEscape(text), "</error>\n    </testcase>\n");
  }
  const size_t tests = checkers.size() + 1 + (s.errors > 0 ? 1 : 0);
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"",
                      XmlEscape(suite), "\" tests=\"", tests, "\" failures=\"", failures,
                      "\" errors=\"", errors, "\" time=\"", absl::StrFormat("%.3f", s.wall_s),
                      "\">\n", cases, "  </testsuite>\n</testsuites>\n");
}

std::string GithubSummaryMarkdown(const CampaignSummary& s, const std::vector<ReproRecord>& repros) {
  const int code = CampaignExitCode(s);
  std::string out = absl::StrCat("## faultline fuzz: ", s.header.scenario, " ",
                                 code == 0 ? "passed" : "FAILED", "\n\n",
                                 "| runs | valid | invalid | unknown | error | sentinel re-runs | diverged |\n",
                                 "|---:|---:|---:|---:|---:|---:|---:|\n| ", s.runs, " | ", s.valid,
                                 " | ", s.invalid, " | ", s.unknown, " | ", s.errors, " | ",
                                 s.sentinel_checked, " | ", s.sentinel_diverged, " |\n");
  if (!s.failed_by_checker.empty()) {
    absl::StrAppend(&out, "\n| checker | failed runs | first seed |\n|---|---:|---:|\n");
    for (const auto& [c, n] : s.failed_by_checker) {
      absl::StrAppend(&out, "| ", c, " | ", Ratio(n, s.runs), " | ", s.first_seed_by_checker.at(c),
                      " |\n");
    }
  }
  for (const ReproRecord& r : repros) {
    if (!r.error.empty()) continue;
    absl::StrAppend(&out, "\n**Repro** (", r.checker, ", seed ", r.seed, "): ",
                    r.shrunk ? absl::StrCat("shrunk from ", r.events_before, " to ", r.events_after,
                                            " trace events and from ", r.faults_before, " to ",
                                            r.faults_after, " faults.")
                             : absl::StrCat("not shrunk: ", r.events_before, " trace events, ",
                                            r.faults_before, " faults."),
                    "\n\n```\n", r.command, "\n```\n");
  }
  for (const CampaignRun& r : s.diverged) {
    absl::StrAppend(&out, "\n**Nondeterminism** at seed ", r.seed, ": ", r.sentinel_detail, "\n");
  }
  return out;
}

std::string ProgressBar(const CampaignProgress& p, double budget_s) {
  constexpr int kWidth = 24;
  double fraction = 0;
  if (p.planned > 0) fraction = static_cast<double>(p.done) / static_cast<double>(p.planned);
  if (budget_s > 0) fraction = p.elapsed_s / budget_s;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * kWidth);
  return absl::StrFormat("[%s%s] %d%s runs  %.1f runs/s  %d failed  ~%s left",
                         std::string(static_cast<size_t>(filled), '#'),
                         std::string(static_cast<size_t>(kWidth - filled), '.'), p.done,
                         p.planned > 0 ? absl::StrCat("/", p.planned) : "", Rate(p), p.failed,
                         Left(p, budget_s));
}

std::string ProgressLine(const CampaignProgress& p, double budget_s) {
  return absl::StrFormat("fuzz: %d%s runs, %.1f runs/s, %d failed, %.1fs elapsed, ~%s left", p.done,
                         p.planned > 0 ? absl::StrCat("/", p.planned) : "", Rate(p), p.failed,
                         p.elapsed_s, Left(p, budget_s));
}

}  // namespace faultline::cli
