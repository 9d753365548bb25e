// A register-like spec (register, kv) starting from a given value instead of nil, for
// `faultline check --initial VALUE`: Knossos' cas-register tests start at 0, and their
// histories read 0 before anyone writes. Everything but Init is the inner spec's.
//
//   const InitialValueSpec spec(*FindSpec("register"), Value::Int(0));
#ifndef FAULTLINE_CHECKERS_INITIAL_VALUE_SPEC_H_
#define FAULTLINE_CHECKERS_INITIAL_VALUE_SPEC_H_

#include <string>

#include "checkers/spec.h"
#include "checkers/value_state.h"

namespace faultline::checkers {

// Whether --initial applies to `spec`: its states are single values (value_state.h).
bool TakesInitialValue(const Spec& spec);

class InitialValueSpec : public Spec {
 public:
  // REQUIRES: `inner` outlives this spec, and TakesInitialValue(inner).
  InitialValueSpec(const Spec& inner, const Value& initial)
      : inner_(inner), init_(EncodeValue(initial)) {}

  std::string_view name() const override { return inner_.name(); }
  std::vector<std::string_view> ops() const override { return inner_.ops(); }
  std::string ValueError(const Operation& op) const override { return inner_.ValueError(op); }
  std::string Init() const override { return init_; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override {
    return inner_.Step(state, op);
  }
  std::string Partition(const Operation& op) const override { return inner_.Partition(op); }
  std::string DescribeState(std::string_view state) const override {
    return inner_.DescribeState(state);
  }
  std::optional<PureRead> AsPureRead(const Operation& op) const override {
    return inner_.AsPureRead(op);
  }

 private:
  const Spec& inner_;
  std::string init_;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_INITIAL_VALUE_SPEC_H_
