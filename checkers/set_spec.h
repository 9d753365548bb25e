// The "set" spec: Jepsen's set (Knossos's set model), a set of integers, initially empty.
//
//   add  input x   adds x; always legal (adding a present element changes nothing)
//   read output S  legal iff S is exactly the current set (Unknown matches anything)
//
// A read that misses an add which completed before the read began, or that returns an
// element nobody added, is a violation.
#ifndef FAULTLINE_CHECKERS_SET_SPEC_H_
#define FAULTLINE_CHECKERS_SET_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class SetSpec : public Spec {
 public:
  std::string_view name() const override { return "set"; }
  std::vector<std::string_view> ops() const override { return {"add", "read"}; }
  std::string ValueError(const Operation& op) const override;
  std::string Init() const override { return ""; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
  std::string DescribeState(std::string_view state) const override;  // "{1, 3, 5}"
  std::optional<PureRead> AsPureRead(const Operation& op) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_SET_SPEC_H_
