#include "checkers/value_state.h"

#include <cstdlib>
#include <string>

namespace faultline::checkers {

std::string EncodeValue(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNil:
      return "n";
    case Value::Kind::kInt:
      return "i" + std::to_string(v.i);
    case Value::Kind::kString:
      return "s" + v.s;
    case Value::Kind::kUnknown:
      return "?";  // Never equal to a real value's encoding.
    default:
      // Richer values (sets) by their canonical text: equal values, equal bytes.
      return "x" + v.ToString();
  }
}

Value DecodeValue(std::string_view state) {
  if (state.empty() || state[0] == 'n') return Value::Nil();
  std::string rest(state.substr(1));
  if (state[0] == 'i') return Value::Int(std::strtoll(rest.c_str(), nullptr, 10));
  if (state[0] == 's') return Value::Str(rest);
  return Value::Unknown();
}

std::string ValueAsString(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kInt:
      return std::to_string(v.i);
    case Value::Kind::kString:
      return v.s;
    default:
      return "";
  }
}

}  // namespace faultline::checkers
