// A fuzz campaign's records and what is made of them: the JSON line of each run
// (campaign.jsonl, --format json), the summary (table, summary.json), JUnit XML and a
// GitHub Actions step summary, and `--merge` of the records of several shards.
#ifndef FAULTLINE_CLI_FUZZ_REPORT_H_
#define FAULTLINE_CLI_FUZZ_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/fuzz_campaign.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {

// "faultline 0.1.0".
std::string FuzzToolVersion();
// A stable hash of a scenario file's text, hex.
std::string ScenarioTextHash(const std::string& text);

// What identifies a campaign: shards of one campaign share it (only `shard` differs), and
// --merge refuses records of different campaigns.
struct CampaignHeader {
  std::string scenario;  // its `name`
  std::string scenario_path;
  std::string scenario_hash;  // of the file's text: an edited scenario is another campaign
  std::string version = FuzzToolVersion();  // the faultline that ran it
  std::vector<std::string> user_overrides;
  std::map<std::string, std::string> params;  // the model's parameters, as loaded
  std::string model;
  std::vector<std::string> checkers;  // the scenario's `checkers:`
  uint64_t first_seed = 1;
  uint64_t runs = 0;  // 0: a time budget
  bool swarm = false;
  uint64_t shard = 0, shards = 1;
};

// A repro the campaign wrote, for the reports.
struct ReproRecord {
  std::string checker;
  uint64_t seed = 0;
  std::string path;     // repro.yaml
  std::string command;  // faultline run PATH
  std::string diagram;  // its diagram, or ""
  bool shrunk = true;  // false: written as it failed (--no-shrink)
  uint64_t events_before = 0, events_after = 0;
  size_t faults_before = 0, faults_after = 0;  // faults the runs applied
  std::string error;  // why no repro could be written, or ""
};

nlohmann::json HeaderJson(const CampaignHeader& header);
absl::StatusOr<CampaignHeader> HeaderFromJson(const nlohmann::json& j);
nlohmann::json RunJson(const CampaignRun& run);
absl::StatusOr<CampaignRun> RunFromJson(const nlohmann::json& j);

// Counts over a campaign's runs.
struct FeatureCount {
  uint64_t on_runs = 0, on_failed = 0, off_runs = 0, off_failed = 0;
};
struct CampaignSummary {
  CampaignHeader header;
  uint64_t runs = 0, valid = 0, invalid = 0, unknown = 0, errors = 0;
  uint64_t sentinel_checked = 0, sentinel_diverged = 0;
  std::map<std::string, uint64_t> failed_by_checker;
  std::map<std::string, uint64_t> first_seed_by_checker;
  std::map<std::string, FeatureCount> by_feature;  // swarm features
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_variant;  // (failed, runs)
  std::vector<std::string> feature_order;  // as the runs list them
  std::vector<CampaignRun> diverged;       // sentinel alarms, in run order
  std::vector<CampaignRun> errored;        // first few runs that could not run
  double wall_s = 0;
  int jobs = 1;
};

void AddRun(const CampaignRun& run, CampaignSummary* summary);

// 3 on a sentinel alarm, else 1 if a run failed, else 70 if a run could not run, else 2 if
// every run was unknown, else 0 (runs left unknown are counted in the summary).
int CampaignExitCode(const CampaignSummary& summary);

std::string SummaryTable(const CampaignSummary& summary, const std::vector<ReproRecord>& repros);
nlohmann::json SummaryJson(const CampaignSummary& summary, const std::vector<ReproRecord>& repros);
std::string JUnitXml(const CampaignSummary& summary, const std::vector<ReproRecord>& repros);
std::string GithubSummaryMarkdown(const CampaignSummary& summary,
                                  const std::vector<ReproRecord>& repros);

// "[#######.............] 412/1000 runs  37.2 runs/s  1 failed  ~16s left"
std::string ProgressBar(const CampaignProgress& p, double budget_s);
// "fuzz: 412/1000 runs, 37.2 runs/s, 1 failed, 11.1s elapsed"
std::string ProgressLine(const CampaignProgress& p, double budget_s);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_REPORT_H_
