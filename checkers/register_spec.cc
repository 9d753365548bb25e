#include "checkers/register_spec.h"

#include "checkers/value_state.h"

namespace faultline::checkers {

std::optional<std::string> StepRegister(std::string_view state, const Operation& op) {
  if (op.f == "read") {
    if (op.output.kind == Value::Kind::kUnknown) return std::string(state);
    if (EncodeValue(op.output) == state) return std::string(state);
    return std::nullopt;
  }
  if (op.f == "write") return EncodeValue(op.input);
  if (op.f == "cas") {
    // Porcupine's failed cas: legal iff it found another value; it changes nothing.
    if (op.failed_compare) {
      if (EncodeValue(op.input) != state) return std::string(state);
      return std::nullopt;
    }
    if (EncodeValue(op.input) == state) return EncodeValue(op.input2);
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<PureRead> RegisterPureRead(const Operation& op) {
  if (op.f != "read") return std::nullopt;
  if (op.output.kind == Value::Kind::kUnknown) return PureRead{.any_state = true, .states = {}};
  return PureRead{.any_state = false, .states = {EncodeValue(op.output)}};
}

std::optional<PureRead> RegisterSpec::AsPureRead(const Operation& op) const {
  return RegisterPureRead(op);
}

std::string RegisterSpec::Init() const { return EncodeValue(Value::Nil()); }

std::optional<std::string> RegisterSpec::Step(std::string_view state, const Operation& op) const {
  return StepRegister(state, op);
}

std::string RegisterSpec::DescribeState(std::string_view state) const {
  return DecodeValue(state).ToString();
}

}  // namespace faultline::checkers
