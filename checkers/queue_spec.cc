#include "checkers/queue_spec.h"

#include <string>

#include "checkers/value_state.h"

namespace faultline::checkers {
namespace {

// The state is each element's EncodeValue followed by this separator, head first. The
// ASCII unit separator: no supported history format puts it inside a value.
constexpr char kSep = '\x1f';

}  // namespace

std::optional<std::string> QueueSpec::Step(std::string_view state, const Operation& op) const {
  if (op.f == "enqueue") return std::string(state) + EncodeValue(op.input) + kSep;
  if (op.f != "dequeue") return std::nullopt;
  if (state.empty()) {
    const bool empty_ok =
        op.output.kind == Value::Kind::kNil || op.output.kind == Value::Kind::kUnknown;
    return empty_ok ? std::optional<std::string>(std::string()) : std::nullopt;
  }
  const size_t end = state.find(kSep);
  if (op.output.kind != Value::Kind::kUnknown && EncodeValue(op.output) != state.substr(0, end)) {
    return std::nullopt;
  }
  return std::string(state.substr(end + 1));
}

std::string QueueSpec::DescribeState(std::string_view state) const {
  std::string out = "[";
  while (!state.empty()) {
    const size_t end = state.find(kSep);
    if (out.size() > 1) out += ", ";
    out += DecodeValue(state.substr(0, end)).ToString();
    state.remove_prefix(end + 1);
  }
  return out + "]";
}

}  // namespace faultline::checkers
