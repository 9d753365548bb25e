// Turns a per-partition spec into one object over every partition at once: the state
// is the map partition -> inner state, and each op steps its own partition's entry.
// Used when CheckOptions::split_partitions is false (checking a kv history as one map,
// as Porcupine does without its partitioner): the verdict is the same, the search is
// far larger, which is what comparisons and benchmarks want.
#ifndef FAULTLINE_CHECKERS_WHOLE_HISTORY_SPEC_H_
#define FAULTLINE_CHECKERS_WHOLE_HISTORY_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class WholeHistorySpec : public Spec {
 public:
  // REQUIRES: `inner` outlives this spec.
  explicit WholeHistorySpec(const Spec& inner) : inner_(inner) {}

  std::string_view name() const override { return inner_.name(); }
  std::vector<std::string_view> ops() const override { return inner_.ops(); }
  std::string ValueError(const Operation& op) const override { return inner_.ValueError(op); }
  // The empty map: every partition is in inner.Init() until an op touches it.
  std::string Init() const override { return {}; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
  std::string Partition(const Operation& /*op*/) const override { return {}; }
  // "{k1: 3, k2: nil}", partitions in sorted order.
  std::string DescribeState(std::string_view state) const override;

 private:
  const Spec& inner_;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_WHOLE_HISTORY_SPEC_H_
