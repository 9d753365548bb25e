// Small models for testing the simulator itself, independent of models/.
//
// "test.gossip": every node, on start, sends `fanout` messages to random peers; each
// message carries a hop budget and is forwarded once per hop. Traffic is bounded (it
// stops by itself), so with a perfect network every message must be delivered.
#ifndef FAULTLINE_TESTS_TEST_MODELS_H_
#define FAULTLINE_TESTS_TEST_MODELS_H_

#include <memory>

#include "sim/model.h"
#include "sim/scenario.h"

namespace faultline::testing {

// Registers "test.gossip" (params: fanout, hops), "test.leaky-gossip" (the same, but each
// run in a process forwards one hop more or less than the previous: nondeterministic on
// purpose, for the determinism sentinel's test) and "test.echo" (answers every client op
// ok, reads return the last write).
void RegisterTestModels(sim::ModelRegistry& registry);

// A scenario skeleton for the test models, built in code (no loader involved).
sim::ScenarioSpec GossipScenario(int nodes);

}  // namespace faultline::testing

#endif  // FAULTLINE_TESTS_TEST_MODELS_H_
