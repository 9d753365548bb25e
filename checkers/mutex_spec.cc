#include "checkers/mutex_spec.h"

#include <string>

namespace faultline::checkers {

std::optional<std::string> MutexSpec::Step(std::string_view state, const Operation& op) const {
  if (op.f == "acquire" && state == "free") return std::string("held");
  if (op.f == "release" && state == "held") return std::string("free");
  return std::nullopt;
}

}  // namespace faultline::checkers
