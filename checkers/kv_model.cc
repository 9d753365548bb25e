#include "checkers/kv_model.h"

#include "checkers/register_model.h"
#include "checkers/value_state.h"

namespace faultline::checkers {

std::string KvModel::Init() const { return EncodeValue(Value::Nil()); }

std::optional<std::string> KvModel::Step(std::string_view state, const Operation& op) const {
  if (op.f == "get") {
    if (op.output.kind == Value::Kind::kUnknown) return std::string(state);
    const std::string current = ValueAsString(DecodeValue(state));
    const bool matches =
        op.output.kind == Value::Kind::kNil ? current.empty() : ValueAsString(op.output) == current;
    if (matches) return std::string(state);
    return std::nullopt;
  }
  if (op.f == "put") return EncodeValue(Value::Str(ValueAsString(op.input)));
  if (op.f == "append") {
    return EncodeValue(Value::Str(ValueAsString(DecodeValue(state)) + ValueAsString(op.input)));
  }
  return StepRegister(state, op);
}

std::string KvModel::DescribeState(std::string_view state) const {
  return DecodeValue(state).ToString();
}

}  // namespace faultline::checkers
