#include "tests/scenario_generators.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"

namespace faultline::testing {
namespace {

using sim::FaultAction;

rc::Gen<std::string> GenNode(int nodes) {
  return rc::gen::map(rc::gen::inRange(1, nodes + 1), [](int n) { return absl::StrCat("n", n); });
}

rc::Gen<FaultAction> GenFault(int nodes, Nanos duration) {
  return rc::gen::exec([nodes, duration] {
    FaultAction a;
    a.at_ns = *rc::gen::inRange<int64_t>(0, duration / kMillisecond) * kMillisecond;
    a.for_ns = *rc::gen::inRange<int64_t>(1, 1000) * kMillisecond;
    switch (*rc::gen::inRange(0, 6)) {
      case 0:
        a.kind = FaultAction::Kind::kPartition;
        a.partition.shape = sim::PartitionSpec::Shape::kHalves;
        break;
      case 1:
        a.kind = FaultAction::Kind::kPartition;
        a.partition.shape = sim::PartitionSpec::Shape::kIsolate;
        a.partition.target = *GenNode(nodes);
        break;
      case 2:
        a.kind = FaultAction::Kind::kCrash;
        a.target = *GenNode(nodes);
        break;
      case 3:
        a.kind = FaultAction::Kind::kPause;
        a.target = *GenNode(nodes);
        break;
      case 4:
        a.kind = FaultAction::Kind::kClockJump;
        a.target = *GenNode(nodes);
        a.clock_jump_ns = *rc::gen::inRange<int64_t>(-500, 500) * kMillisecond;
        a.for_ns = 0;
        break;
      default:
        a.kind = FaultAction::Kind::kLinkDegrade;
        a.link.from = *GenNode(nodes);
        a.link.to = "*";
        a.link.latency = sim::Distribution::Uniform(50 * kMillisecond, 200 * kMillisecond);
        a.link.loss_ppm = 200'000;
        break;
    }
    return a;
  });
}

}  // namespace

rc::Gen<scenario::SwarmMix> GenSwarmMix(const sim::ScenarioSpec& base) {
  return rc::gen::map(rc::gen::arbitrary<uint64_t>(), [base](uint64_t seed) {
    return scenario::DrawSwarmMix(base, seed, {});
  });
}

rc::Gen<std::vector<FaultAction>> GenFaultSchedule(int nodes, Nanos duration) {
  // At most about 8 faults: enough for every bug we plant, and a case stays quick to run.
  return rc::gen::map(rc::gen::resize(8, rc::gen::container<std::vector<FaultAction>>(
                                             GenFault(nodes, duration))),
                      [](std::vector<FaultAction> schedule) {
                        std::stable_sort(schedule.begin(), schedule.end(),
                                         [](const FaultAction& a, const FaultAction& b) {
                                           return a.at_ns < b.at_ns;
                                         });
                        return schedule;
                      });
}

}  // namespace faultline::testing
