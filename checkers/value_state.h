// Encodes a Value as a spec state string, so register-like specs compare states by
// bytes: "n" is nil, "i<decimal>" an integer, "s<bytes>" a string, "x<text>" any other
// value by its ToString() (DecodeValue gives those back as Unknown).
#ifndef FAULTLINE_CHECKERS_VALUE_STATE_H_
#define FAULTLINE_CHECKERS_VALUE_STATE_H_

#include <string>
#include <string_view>

#include "checkers/operation.h"

namespace faultline::checkers {

std::string EncodeValue(const Value& v);
// REQUIRES: `state` came from EncodeValue.
Value DecodeValue(std::string_view state);
// Porcupine's kv treats every value as a string: nil reads as "", integers as decimals.
std::string ValueAsString(const Value& v);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_VALUE_STATE_H_
