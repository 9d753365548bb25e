// The "register" spec: one value, initially nil, with read / write / cas.
//
//   read  output v   legal iff v is the current value (Unknown matches anything)
//   write input v    sets v
//   cas   input a, input2 b: legal iff the current value is a; sets b. A cas that
//         returned false is a fail op and never reaches the spec, except under
//         Porcupine's semantics (Operation::failed_compare): then it is legal iff the
//         current value is not a, and changes nothing.
#ifndef FAULTLINE_CHECKERS_REGISTER_SPEC_H_
#define FAULTLINE_CHECKERS_REGISTER_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class RegisterSpec : public Spec {
 public:
  std::string_view name() const override { return "register"; }
  std::vector<std::string_view> ops() const override { return {"read", "write", "cas"}; }
  std::string Init() const override;
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
  std::string DescribeState(std::string_view state) const override;
  std::optional<PureRead> AsPureRead(const Operation& op) const override;
};

// The read / write / cas transition shared with the kv spec; nullopt also when `op.f`
// is not one of the three.
std::optional<std::string> StepRegister(std::string_view state, const Operation& op);
// StepRegister's reads as a PureRead; nullopt for writes and cas.
std::optional<PureRead> RegisterPureRead(const Operation& op);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_REGISTER_SPEC_H_
