// RapidCheck generators of scenarios, shared by the fuzz properties in tests/: the swarm
// mix `faultline fuzz --swarm` draws (scenario/swarm.h), as a RapidCheck generator of the
// seed it is drawn from, and explicit fault schedules of every kind, which RapidCheck
// shrinks entry by entry when a property fails.
#ifndef FAULTLINE_TESTS_SCENARIO_GENERATORS_H_
#define FAULTLINE_TESTS_SCENARIO_GENERATORS_H_

#include <vector>

#include "rapidcheck.h"
#include "scenario/swarm.h"
#include "sim/scenario.h"

namespace faultline::testing {

// The mix of a swarm run: network, clocks, nemesis and workload features.
rc::Gen<scenario::SwarmMix> GenSwarmMix(const sim::ScenarioSpec& base);

// Faults at times in [0, duration): partitions (halves, isolate, one-way), crashes with a
// restart, pauses, clock jumps and degraded links, on nodes n1..nN, each undone after up to
// a second; at most about 8 of them. Sorted by time.
rc::Gen<std::vector<sim::FaultAction>> GenFaultSchedule(int nodes, Nanos duration);

}  // namespace faultline::testing

#endif  // FAULTLINE_TESTS_SCENARIO_GENERATORS_H_
