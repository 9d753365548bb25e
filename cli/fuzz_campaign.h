// A fuzz campaign: many runs of one scenario, each with its own seed (and with --swarm its
// own mix of features, scenario/swarm.h), on a pool of threads, each simulation
// single-threaded and deterministic. Results come back in run order whatever the thread
// count, so a campaign's output is the same with --jobs 1 and --jobs 8.
//
// The run space is numbered: run i has seed first_seed + i. `--shard I/N` takes the runs
// with i mod N = I - 1, so N machines running shards 1..N together run exactly the runs of
// the unsharded campaign, and their records merge into its results (cli/fuzz_report.h).
//
// The determinism sentinel re-runs a sample of runs (picked by seed, so the same ones
// whatever the jobs or shards) with their traces and compares the trace hashes; on a
// difference it names the first differing trace line of the two runs.
#ifndef FAULTLINE_CLI_FUZZ_CAMPAIGN_H_
#define FAULTLINE_CLI_FUZZ_CAMPAIGN_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/time.h"
#include "scenario/scenario_loader.h"

namespace faultline::cli {

struct CampaignConfig {
  std::string scenario_path;
  std::string scenario_text;
  std::vector<std::string> user_overrides;            // --set
  std::vector<scenario::ScenarioVariant> variants;     // drawn from with swarm
  uint64_t first_seed = 1;
  uint64_t runs = 0;           // runs in the whole (unsharded) campaign; 0: until the budget
  double time_budget_s = 0;    // wall seconds; 0: no budget
  int jobs = 1;
  uint64_t shard = 0;          // 0-based here; --shard I/N gives shard = I - 1
  uint64_t shards = 1;
  bool swarm = false;
  uint32_t sentinel_permille = 50;  // re-run this share of runs (FoundationDB: 5%)
  std::string work_dir;             // scratch: work_dir/job<K>/
  Nanos check_time_limit = 30 * kSecond;
  // Set (by a signal handler) to stop handing out runs; runs under way finish.
  const std::atomic<bool>* stop = nullptr;
};

// What a campaign keeps of one run: a line of campaign.jsonl.
struct CampaignRun {
  uint64_t index = 0;
  uint64_t seed = 0;
  std::string verdict;  // valid | invalid | unknown | error
  std::map<std::string, std::string> verdicts;  // checker -> valid | invalid | unknown
  std::vector<std::string> failed;              // checkers with verdict invalid
  std::string trace_hash;
  uint64_t trace_events = 0;
  uint64_t faults = 0;  // faults applied
  double wall_s = 0;
  // With --swarm: the mix (overrides after the user's), its features and variant.
  std::vector<std::string> swarm_overrides;
  std::vector<std::pair<std::string, bool>> features;
  std::string variant;
  std::vector<std::string> variant_overrides;
  std::string mix;
  std::string error;  // verdict error: why the run could not run
  bool sentinel_checked = false;
  bool sentinel_diverged = false;
  std::string sentinel_detail;  // the rerun's hash and the first differing trace lines
};

// The overrides run `run` was loaded with: the variant's, the user's, then the swarm's.
std::vector<std::string> RunOverrides(const CampaignConfig& config, const CampaignRun& run);

// True when the sentinel re-runs the run with this seed.
bool SentinelPicks(uint64_t seed, uint32_t permille);

struct CampaignProgress {
  uint64_t done = 0;
  uint64_t failed = 0;
  uint64_t planned = 0;  // runs this shard will do; 0 with a time budget
  double elapsed_s = 0;
};

// Runs the campaign. `on_run` gets each run's record in run order, on the calling thread;
// `on_tick` is called about every 200 ms with the counts so far, on the calling thread.
void RunCampaign(const CampaignConfig& config, const std::function<void(const CampaignRun&)>& on_run,
                 const std::function<void(const CampaignProgress&)>& on_tick);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_CAMPAIGN_H_
