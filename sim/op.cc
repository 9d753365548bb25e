#include "sim/op.h"

#include <array>

namespace faultline::sim {
namespace {
constexpr std::array<std::string_view, kOpFunctionCount> kNames = {
    "read", "write", "cas", "append", "enqueue", "dequeue", "acquire", "release"};
}  // namespace

std::string_view OpFunctionName(OpFunction f) { return kNames[static_cast<int>(f)]; }

std::optional<OpFunction> ParseOpFunction(std::string_view name) {
  for (int i = 0; i < kOpFunctionCount; ++i) {
    if (kNames[i] == name) return static_cast<OpFunction>(i);
  }
  return std::nullopt;
}

std::string_view OpOutcomeName(OpOutcome o) {
  switch (o) {
    case OpOutcome::kOk:
      return "ok";
    case OpOutcome::kFail:
      return "fail";
    case OpOutcome::kInfo:
      return "info";
  }
  return "?";
}

}  // namespace faultline::sim
