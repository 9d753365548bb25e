#include "checkers/operation.h"

#include <string>

namespace faultline::checkers {

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kNil:
      return "nil";
    case Kind::kInt:
      return std::to_string(i);
    case Kind::kString:
      return "\"" + s + "\"";
    case Kind::kUnknown:
      return "?";
  }
  return "?";
}

}  // namespace faultline::checkers
