#include "checkers/initial_value_spec.h"

namespace faultline::checkers {

bool TakesInitialValue(const Spec& spec) {
  return spec.name() == "register" || spec.name() == "kv";
}

}  // namespace faultline::checkers
