#include "checkers/kv_spec.h"

#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "checkers/register_spec.h"
#include "checkers/value_state.h"

namespace faultline::checkers {

std::string KvSpec::Init() const { return EncodeValue(Value::Nil()); }

namespace {

// The current value as Porcupine's string store sees it, without decoding a copy: the
// bytes of a string state, "" for nil. Integers (from register ops) need the decimal.
std::string_view AsStoreString(std::string_view state, std::string* scratch) {
  if (!state.empty() && state[0] == 's') return state.substr(1);
  if (!state.empty() && state[0] == 'i') return *scratch = ValueAsString(DecodeValue(state));
  return {};
}

}  // namespace

std::optional<std::string> KvSpec::Step(std::string_view state, const Operation& op) const {
  // Porcupine's histories are long runs of appends, so the states are long strings:
  // compare and extend them in place instead of decoding and re-encoding copies.
  std::string scratch;
  if (op.f == "get") {
    if (op.output.kind == Value::Kind::kUnknown) return std::string(state);
    const std::string_view current = AsStoreString(state, &scratch);
    const bool matches = op.output.kind == Value::Kind::kString ? op.output.s == current
                         : op.output.kind == Value::Kind::kNil
                             ? current.empty()
                             : ValueAsString(op.output) == current;
    if (matches) return std::string(state);
    return std::nullopt;
  }
  if (op.f == "put") return EncodeValue(Value::Str(ValueAsString(op.input)));
  if (op.f == "append") {
    const std::string_view current = AsStoreString(state, &scratch);
    const std::string suffix =
        op.input.kind == Value::Kind::kString ? std::string() : ValueAsString(op.input);
    const std::string_view tail = op.input.kind == Value::Kind::kString ? op.input.s : suffix;
    std::string next;
    next.reserve(1 + current.size() + tail.size());
    next.push_back('s');
    next.append(current);
    next.append(tail);
    return next;
  }
  return StepRegister(state, op);
}

std::optional<PureRead> KvSpec::AsPureRead(const Operation& op) const {
  if (op.f != "get") return RegisterPureRead(op);
  if (op.output.kind == Value::Kind::kUnknown) return PureRead{.any_state = true, .states = {}};
  // Every encoding Step's get accepts: the string itself; nil and "" for each other;
  // an integer as its decimal string or as the register state a write left.
  const std::string text = ValueAsString(op.output);
  PureRead read{.any_state = false, .states = {"s" + text}};
  if (text.empty()) read.states.push_back(EncodeValue(Value::Nil()));
  int64_t as_int = 0;
  if (absl::SimpleAtoi(text, &as_int) && std::to_string(as_int) == text) {
    read.states.push_back(EncodeValue(Value::Int(as_int)));
  }
  return read;
}

std::string KvSpec::DescribeState(std::string_view state) const {
  return DecodeValue(state).ToString();
}

}  // namespace faultline::checkers
