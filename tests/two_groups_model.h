// Test models for composition (sim/composite_model.h), built in code.
//
// "test.ticker": every `period` each node counts a tick, persists the count (synced) and
// sends `ping{count}` to the next member of its cluster (ring order of ctx.members()).
// The lowest member holds the role "leader", the others "member". A restarted node
// resumes from the count on its disk and notes "restored count=N".
//
// "test.two-groups": a composite on 4 nodes running test.ticker twice, unchanged: group
// "a" on n1..n3 every 100ms and group "b" on n2..n4 every 150ms, so its kinds are
// "a/ping" and "b/ping" and its roles "a/leader" (n1), "b/leader" (n2), "a/member", ...
//
// "test.nested-groups": a composite whose one group "a" (n1..n3) is itself a composite of
// test.ticker groups "x" (n1, n2) and "y" (n2, n3): kinds "a/x/ping", roles "a/x/leader".
#ifndef FAULTLINE_TESTS_TWO_GROUPS_MODEL_H_
#define FAULTLINE_TESTS_TWO_GROUPS_MODEL_H_

#include "sim/model.h"

namespace faultline::testing {

void RegisterTwoGroupsModels(sim::ModelRegistry& registry);

}  // namespace faultline::testing

#endif  // FAULTLINE_TESTS_TWO_GROUPS_MODEL_H_
