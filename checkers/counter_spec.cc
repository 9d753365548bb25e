#include "checkers/counter_spec.h"

#include <cstdlib>
#include <string>

namespace faultline::checkers {

std::string CounterSpec::ValueError(const Operation& op) const {
  if (op.f == "add" && op.input.kind != Value::Kind::kInt) {
    return "an integer to add, found " + op.input.ToString();
  }
  const bool seen = op.status == Status::kOk && op.output.kind != Value::Kind::kUnknown;
  if (op.f == "read" && seen && op.output.kind != Value::Kind::kInt) {
    return "an integer result, found " + op.output.ToString();
  }
  return {};
}

std::optional<std::string> CounterSpec::Step(std::string_view state, const Operation& op) const {
  const int64_t total = std::strtoll(std::string(state).c_str(), nullptr, 10);
  if (op.f == "add" && op.input.kind == Value::Kind::kInt) {
    return std::to_string(total + op.input.i);
  }
  if (op.f == "read") {
    if (op.output.kind == Value::Kind::kUnknown) return std::string(state);
    if (op.output.kind == Value::Kind::kInt && op.output.i == total) return std::string(state);
  }
  return std::nullopt;
}

}  // namespace faultline::checkers
