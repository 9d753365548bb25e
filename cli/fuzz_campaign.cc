#include "cli/fuzz_campaign.h"

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/fuzz_run.h"
#include "cli/run_scenario.h"
#include "cli/scenario_checkers.h"
#include "scenario/swarm.h"
#include "sim/rng.h"
#include "viz/formats.h"

namespace faultline::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The first line where two trace files differ: "line N: <a> | rerun: <b>".
std::string FirstTraceDifference(const std::string& a_path, const std::string& b_path) {
  std::ifstream a(a_path), b(b_path);
  std::string la, lb;
  for (uint64_t line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "the trace files are identical (the hash differs only)";
    if (!more_a || !more_b || la != lb) {
      return absl::StrCat("first differing trace event, line ", line, ": first run ",
                          more_a ? Abbreviate(la, 300) : "(ended)", "; rerun ",
                          more_b ? Abbreviate(lb, 300) : "(ended)");
    }
  }
}

// Runs one numbered run of the campaign in `scratch`.
// `base`: the scenario with the user's overrides (the run's scenario unless it is a swarm's).
CampaignRun RunOne(const CampaignConfig& config, const sim::ScenarioSpec& base, uint64_t index,
                   const std::string& scratch) {
  CampaignRun run;
  run.index = index;
  run.seed = config.first_seed + index;
  sim::ScenarioSpec spec;
  if (config.swarm) {
    scenario::SwarmMix mix = scenario::DrawSwarmMix(base, run.seed, config.variants);
    run.swarm_overrides = mix.overrides;
    run.features = mix.features;
    run.variant = mix.variant;
    run.variant_overrides = mix.variant_overrides;
    run.mix = scenario::DescribeSwarmMix(mix);
    const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(),
                                          viz::FormatExtensions()};
    absl::StatusOr<sim::ScenarioSpec> loaded = scenario::LoadScenarioText(
        config.scenario_text, config.scenario_path, context, RunOverrides(config, run));
    if (!loaded.ok()) {
      run.verdict = "error";
      run.error = absl::StrCat("the swarm mix does not load: ", loaded.status().message());
      return run;
    }
    spec = *std::move(loaded);
  } else {
    spec = base;
  }
  const bool sentinel = SentinelPicks(run.seed, config.sentinel_permille);
  const sim::ScenarioSpec run_spec = FuzzRunSpec(spec, /*with_trace=*/sentinel);
  absl::StatusOr<FuzzRunResult> result =
      RunFuzzCase(run_spec, run.seed, scratch + "/a", config.check_time_limit);
  if (!result.ok()) {
    run.verdict = "error";
    run.error = std::string(result.status().message());
    return run;
  }
  run.verdict = OverallVerdict(*result);
  run.verdicts = result->verdicts;
  run.failed = FailedCheckers(*result);
  run.trace_hash = HashHex(result->trace_hash);
  run.trace_events = result->trace_events;
  run.faults = result->faults_applied.size();
  run.wall_s = result->wall_s;
  if (sentinel) {
    run.sentinel_checked = true;
    absl::StatusOr<FuzzRunResult> again =
        RunFuzzCase(run_spec, run.seed, scratch + "/b", config.check_time_limit);
    if (!again.ok()) {
      run.sentinel_diverged = true;
      run.sentinel_detail = absl::StrCat("the rerun failed: ", again.status().message());
    } else if (again->trace_hash != result->trace_hash) {
      run.sentinel_diverged = true;
      run.sentinel_detail =
          absl::StrCat("rerun trace_hash=", HashHex(again->trace_hash), "; ",
                       FirstTraceDifference(scratch + "/a/trace.jsonl", scratch + "/b/trace.jsonl"));
    }
  }
  return run;
}

}  // namespace

std::vector<std::string> RunOverrides(const CampaignConfig& config, const CampaignRun& run) {
  std::vector<std::string> all = run.variant_overrides;
  all.insert(all.end(), config.user_overrides.begin(), config.user_overrides.end());
  all.insert(all.end(), run.swarm_overrides.begin(), run.swarm_overrides.end());
  return all;
}

bool SentinelPicks(uint64_t seed, uint32_t permille) {
  // A hash of the seed, not the seed itself: seeds 1..N would otherwise pick every 20th.
  return permille > 0 && (sim::Rng(seed).Fork("sentinel").Next() % 1000) < permille;
}

void RunCampaign(const CampaignConfig& config, const std::function<void(const CampaignRun&)>& on_run,
                 const std::function<void(const CampaignProgress&)>& on_tick) {
  const scenario::LoaderContext context{RegisteredModels(), KnownCheckers(),
                                        viz::FormatExtensions()};
  // The base spec: the scenario with the user's overrides. The caller checked it loads.
  const sim::ScenarioSpec base =
      *scenario::LoadScenarioText(config.scenario_text, config.scenario_path, context,
                                  config.user_overrides);
  const auto start = Clock::now();
  auto out_of_time = [&] {
    return config.time_budget_s > 0 &&
           std::chrono::duration<double>(Clock::now() - start).count() >= config.time_budget_s;
  };
  // Runs this shard does: indices shard, shard + shards, ... below `runs`.
  const uint64_t planned =
      config.runs == 0 ? 0
                       : (config.runs > config.shard
                              ? (config.runs - config.shard + config.shards - 1) / config.shards
                              : 0);

  std::mutex mu;
  std::condition_variable cv;
  std::map<uint64_t, CampaignRun> finished;  // by the shard's own run number k
  uint64_t next_k = 0;   // guarded by mu: the next run number to hand out
  uint64_t emitted = 0;  // guarded by mu: runs handed to on_run, in order
  // Runs handed out ahead of the last one emitted, at most: a slow run holds the others
  // back instead of letting finished records pile up unreported behind it.
  const uint64_t window = 4 * static_cast<uint64_t>(config.jobs);
  std::condition_variable room;
  bool workers_done = false;
  int active = config.jobs;

  auto worker = [&](int job) {
    const std::string scratch = absl::StrCat(config.work_dir, "/job", job);
    for (;;) {
      uint64_t k;
      {
        std::unique_lock<std::mutex> lock(mu);
        room.wait(lock, [&] {
          return next_k < emitted + window || (config.stop != nullptr && config.stop->load());
        });
        if ((planned > 0 && next_k >= planned) || (planned == 0 && config.runs > 0) ||
            out_of_time() || (config.stop != nullptr && config.stop->load())) {
          break;
        }
        k = next_k++;
      }
      CampaignRun run = RunOne(config, base, config.shard + k * config.shards, scratch);
      std::lock_guard<std::mutex> lock(mu);
      finished.emplace(k, std::move(run));
      cv.notify_one();
    }
    std::lock_guard<std::mutex> lock(mu);
    if (--active == 0) workers_done = true;
    cv.notify_one();
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(config.jobs));
  for (int j = 0; j < config.jobs; ++j) threads.emplace_back(worker, j);

  CampaignProgress progress;
  progress.planned = planned;
  std::unique_lock<std::mutex> lock(mu);
  for (;;) {
    cv.wait_for(lock, std::chrono::milliseconds(200));
    // Hand out finished runs in order, without holding the lock while the caller writes.
    std::vector<CampaignRun> ready;
    while (!finished.empty() && finished.begin()->first == emitted) {
      ready.push_back(std::move(finished.begin()->second));
      finished.erase(finished.begin());
      ++emitted;
    }
    room.notify_all();  // runs were emitted, or a stop was asked for

    const bool done = workers_done && finished.empty();
    lock.unlock();
    for (const CampaignRun& run : ready) {
      ++progress.done;
      if (run.verdict == "invalid") ++progress.failed;
      on_run(run);
    }
    progress.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    on_tick(progress);
    lock.lock();
    if (done) break;
  }
  lock.unlock();
  for (std::thread& t : threads) t.join();
}

}  // namespace faultline::cli
