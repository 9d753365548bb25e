#include "scenario/swarm.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/rng.h"

namespace faultline::scenario {
namespace {

// The nemesis kinds the loader knows, in its order (scenario_faults.cc).
constexpr const char* kFaultKinds[] = {"partition", "crash", "pause", "clock", "link"};

// One coin per feature, drawn in a fixed order whether or not the scenario can use the
// feature, so the same seed gives the same mix when a scenario changes elsewhere.
class Coins {
 public:
  explicit Coins(uint64_t seed) : rng_(sim::Rng(seed).Fork("swarm")) {}
  bool Flip(const std::string& feature, SwarmMix* mix) {
    const bool on = rng_.Below(2) == 1;
    mix->features.emplace_back(feature, on);
    return on;
  }
  uint64_t Below(uint64_t n) { return rng_.Below(n); }

 private:
  sim::Rng rng_;
};

}  // namespace

SwarmMix DrawSwarmMix(const sim::ScenarioSpec& base, uint64_t seed,
                      const std::vector<ScenarioVariant>& variants) {
  SwarmMix mix;
  Coins coins(seed);

  // Faults: the nemesis draws only the kinds that are on; none on means no nemesis (the
  // scenario's explicit schedule still runs). Short faults often, or longer ones rarely.
  std::vector<std::string> kinds;
  for (const char* kind : kFaultKinds) {
    if (coins.Flip(kind, &mix)) kinds.emplace_back(kind);
  }
  const bool frequent = coins.Flip("frequent-faults", &mix);
  // Without a fault kind the rate does nothing: the feature is off for the summary.
  if (kinds.empty()) mix.features.back().second = false;
  if (kinds.empty()) {
    if (base.faults.random.enabled) mix.overrides.emplace_back("faults.random={enabled: false}");
  } else {
    mix.overrides.push_back(absl::StrCat(
        "faults.random={interval: {dist: exponential, mean: ", frequent ? "400ms" : "2s",
        "}, duration: {dist: uniform, min: ", frequent ? "100ms" : "500ms", ", max: ",
        frequent ? "1s" : "3s", "}, kinds: [", absl::StrJoin(kinds, ", "), "]}"));
  }

  // The network and clocks: each adds to what the scenario has.
  if (coins.Flip("loss", &mix)) {
    mix.overrides.emplace_back(coins.Below(2) == 0 ? "network.loss=0.01" : "network.loss=0.05");
  }
  if (coins.Flip("duplicate", &mix)) mix.overrides.emplace_back("network.duplicate=0.01");
  if (coins.Flip("reorder", &mix)) mix.overrides.emplace_back("network.reorder=true");
  if (coins.Flip("slow-network", &mix)) {
    mix.overrides.emplace_back("network.latency={dist: lognormal, median: 5ms, p99: 80ms}");
  }
  if (coins.Flip("clock-skew", &mix)) {
    mix.overrides.emplace_back("clocks.skew={dist: uniform, min: -200ms, max: 200ms}");
  }
  if (coins.Flip("clock-drift", &mix)) {
    mix.overrides.emplace_back("clocks.drift_ppm={dist: uniform, min: -1000, max: 1000}");
  }

  // The workload: contention on fewer keys, more clients, and a subset of the op kinds
  // (an op kind left out cannot interleave with, and so hide, another's anomaly).
  if (coins.Flip("few-keys", &mix)) {
    if (base.workload.keys.count > 2) {
      mix.overrides.push_back(absl::StrCat("workload.keys.count=2"));
    } else {
      mix.features.back().second = false;  // already as few: the feature changes nothing
    }
  }
  if (coins.Flip("more-clients", &mix)) {
    mix.overrides.push_back(absl::StrCat("workload.clients=", base.workload.clients * 2));
  }
  std::vector<std::pair<std::string, double>> ops;
  bool any_on = false;
  const size_t first_op = mix.features.size();
  for (const auto& [name, weight] : base.workload.ops) {
    const bool on = coins.Flip("op:" + name, &mix) && weight > 0;
    ops.emplace_back(name, on ? weight : 0.0);
    any_on = any_on || on;
  }
  // What runs is what the summary credits: with every op coin off the mix keeps the
  // scenario's ops, and an op of weight 0 never runs.
  for (size_t i = 0; i < base.workload.ops.size(); ++i) {
    const double weight = base.workload.ops[i].second;
    mix.features[first_op + i].second = any_on ? ops[i].second > 0 : weight > 0;
  }
  if (any_on && ops != base.workload.ops) {
    std::vector<std::string> parts;
    for (const auto& [name, weight] : ops) parts.push_back(absl::StrCat(name, ": ", weight));
    mix.overrides.push_back(absl::StrCat("workload.ops={", absl::StrJoin(parts, ", "), "}"));
  }

  // A variant of the scenario (a model parameter setting), drawn last so the features
  // above do not depend on how many variants there are.
  if (!variants.empty()) {
    const ScenarioVariant& v = variants[coins.Below(variants.size())];
    mix.variant = v.name;
    mix.variant_overrides = v.overrides;
  }
  return mix;
}

std::string DescribeSwarmMix(const SwarmMix& mix) {
  std::vector<std::string> faults, other, ops;
  for (const auto& [feature, on] : mix.features) {
    if (!on) continue;
    if (std::find(std::begin(kFaultKinds), std::end(kFaultKinds), feature) !=
        std::end(kFaultKinds)) {
      faults.push_back(feature);
    } else if (feature.starts_with("op:")) {
      ops.push_back(feature.substr(3));
    } else {
      other.push_back(feature);
    }
  }
  std::vector<std::string> parts;
  parts.push_back(faults.empty() ? "no random faults" : absl::StrJoin(faults, "+"));
  for (const std::string& f : other) parts.push_back(f);
  if (!ops.empty()) parts.push_back("ops " + absl::StrJoin(ops, "+"));
  if (!mix.variant.empty()) parts.push_back("variant " + mix.variant);
  return absl::StrJoin(parts, ", ");
}

}  // namespace faultline::scenario
