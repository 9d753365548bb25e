#include "sim/op.h"

namespace faultline::sim {

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
