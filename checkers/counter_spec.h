// The "counter" spec: an integer, initially 0.
//
//   add  input n   adds n (an increment is add 1)
//   read output n  legal iff n is the current total (Unknown matches anything)
#ifndef FAULTLINE_CHECKERS_COUNTER_SPEC_H_
#define FAULTLINE_CHECKERS_COUNTER_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class CounterSpec : public Spec {
 public:
  std::string_view name() const override { return "counter"; }
  std::vector<std::string_view> ops() const override { return {"add", "read"}; }
  std::string ValueError(const Operation& op) const override;
  std::string Init() const override { return "0"; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_COUNTER_SPEC_H_
