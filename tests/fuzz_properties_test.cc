// Properties of fuzzing with faultline's scenario generators (tests/scenario_generators.h):
// a strong configuration keeps its guarantee under arbitrary faults and swarm mixes; a
// planted bug and a known-weak configuration are found, and the counterexample RapidCheck
// shrinks to is a small fault schedule.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "absl/strings/str_replace.h"
#include "cli/commands.h"
#include "cli/fuzz_run.h"
#include "cli/run_scenario.h"
#include "scenario/scenario_loader.h"
#include "tests/scenario_generators.h"
#include "viz/formats.h"

namespace faultline::testing {
namespace {

// Short runs (2 s of workload) so a property's hundred cases take seconds.
constexpr char kRaft[] = R"(version: 1
name: raft-property
duration: 2s
recovery: 500ms
cluster: {model: kv.raft, nodes: 3, params: {bug: BUG}}
network: {latency: {dist: lognormal, median: 1ms, p99: 8ms}}
workload: {clients: 3, think: 10ms, ops: {read: 0.4, write: 0.4, cas: 0.2}, keys: {count: 2}, timeout: 300ms}
checkers: [linearizability]
)";
constexpr char kQuorumR1W1[] = R"(version: 1
name: quorum-r1-w1-property
duration: 2s
recovery: 500ms
cluster: {model: kv.quorum, nodes: 3, params: {n: 3, r: 1, w: 1}}
network: {latency: {dist: lognormal, median: 1ms, p99: 8ms}}
workload: {clients: 3, think: 10ms, ops: {read: 0.5, write: 0.5}, keys: {count: 2}, timeout: 300ms}
checkers: [linearizability]
)";

sim::ScenarioSpec Load(const std::string& text, const std::vector<std::string>& overrides) {
  const scenario::LoaderContext context{cli::RegisteredModels(), cli::KnownCheckers(),
                                        viz::FormatExtensions()};
  absl::StatusOr<sim::ScenarioSpec> spec =
      scenario::LoadScenarioText(text, "property.yaml", context, overrides);
  RC_ASSERT(spec.ok());
  return *spec;
}

// Runs `text` with a swarm mix and an arbitrary fault schedule; true when linearizable
// (or undecided: a history past the search's budget says nothing either way).
bool Linearizable(const std::string& text, uint64_t seed, size_t* faults) {
  const sim::ScenarioSpec base = Load(text, {});
  const scenario::SwarmMix mix = *GenSwarmMix(base);
  sim::ScenarioSpec spec = Load(text, mix.overrides);
  spec.faults.schedule = *GenFaultSchedule(spec.cluster.nodes, spec.duration_ns);
  *faults = spec.faults.schedule.size();
  const std::string scratch = ::testing::TempDir() + "/fuzz_properties";
  absl::StatusOr<cli::FuzzRunResult> run =
      cli::RunFuzzCase(cli::FuzzRunSpec(spec, false), seed, scratch, 1 * kSecond);
  RC_ASSERT(run.ok());
  return cli::OverallVerdict(*run) != "invalid";
}

RC_GTEST_PROP(FuzzProperties, RaftStaysLinearizableUnderArbitraryFaults, (uint64_t seed)) {
  size_t faults = 0;
  RC_ASSERT(Linearizable(absl::StrReplaceAll(kRaft, {{"BUG", "none"}}), seed, &faults));
}

// RapidCheck must falsify `text`'s linearizability; the last failing case it ran is the
// one it shrank to, whose schedule must be small.
void ExpectFoundAndSmall(const std::string& text, size_t max_faults) {
  size_t last_failing_faults = 0;
  const bool held = rc::check("linearizable", [&](uint64_t seed) {
    size_t faults = 0;
    const bool ok = Linearizable(text, seed, &faults);
    if (!ok) last_failing_faults = faults;
    RC_ASSERT(ok);
  });
  EXPECT_FALSE(held) << "no counterexample found";
  EXPECT_LE(last_failing_faults, max_faults) << "the shrunk counterexample has "
                                             << last_failing_faults << " faults";
}

TEST(FuzzProperties, PlantedBugIsFoundAndShrinksToAFewFaults) {
  ExpectFoundAndSmall(absl::StrReplaceAll(kRaft, {{"BUG", "commit-without-quorum"}}), 4);
}

TEST(FuzzProperties, KnownWeakConfigurationIsFound) {
  ExpectFoundAndSmall(kQuorumR1W1, 4);
}

}  // namespace
}  // namespace faultline::testing
