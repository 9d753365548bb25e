// Swarm testing (Groce, Zhang, Eide, Chen, Regehr, ISSTA 2012) for `faultline fuzz --swarm`:
// each run draws from its seed which features of a test configuration are switched on, so
// a campaign tries many narrow configurations instead of one broad one. A feature left out
// cannot suppress a bug (a partition-heavy mix is not diluted by crashes that reset the
// state the bug needs), and the per-feature failure counts say which features matter.
//
// A mix is a list of `--set` overrides on top of the scenario as written (the scenario is
// the baseline: its own fault schedule and settings stay), so a mix is validated by the
// loader exactly as a user's --set would be and is rerun by hand with the same flags:
//
//   SwarmMix mix = DrawSwarmMix(spec, /*seed=*/17, variants);
//   // mix.overrides: {"faults.random={interval: ..., kinds: [partition, pause]}",
//   //                 "network.loss=0.02", "workload.ops={read: 1, write: 1, cas: 0}"}
//   // mix.features:  {{"partition", true}, {"crash", false}, ..., {"loss", true}, ...}
#ifndef FAULTLINE_SCENARIO_SWARM_H_
#define FAULTLINE_SCENARIO_SWARM_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario_loader.h"
#include "sim/scenario.h"

namespace faultline::scenario {

struct SwarmMix {
  // "PATH=VALUE" edits, as `--set` takes them, applied after the user's own.
  std::vector<std::string> overrides;
  // Every feature the draw decided on, on or off, in a fixed order for a given scenario:
  // the fault kinds ("partition", "crash", "pause", "clock", "link"), "frequent-faults",
  // "loss", "duplicate", "reorder", "slow-network", "clock-skew", "clock-drift",
  // "few-keys", "more-clients", and "op:NAME" for each op kind the scenario issues.
  std::vector<std::pair<std::string, bool>> features;
  // The scenario variant drawn (its `variants:` section), or "" when it has none, and its
  // overrides, which go before the user's own (so a user's --set still wins).
  std::string variant;
  std::vector<std::string> variant_overrides;
};

// The mix of the run with `seed`: a function of the seed, the scenario and its variants
// only (its own random stream, apart from the simulator's). `base` is the scenario
// loaded with the user's overrides.
SwarmMix DrawSwarmMix(const sim::ScenarioSpec& base, uint64_t seed,
                      const std::vector<ScenarioVariant>& variants);

// "partition+pause, loss, op:read+op:write, variant sync": the features that are on.
std::string DescribeSwarmMix(const SwarmMix& mix);

}  // namespace faultline::scenario

#endif  // FAULTLINE_SCENARIO_SWARM_H_
