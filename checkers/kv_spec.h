// The "kv" spec: a map of registers, partitioned per key, so each partition is one
// value. It accepts the register ops (read / write / cas, initial nil) and Porcupine's
// kv ops on strings:
//
//   get    output s  legal iff s is the current string ("" when absent; nil output
//                    also matches an absent or empty value)
//   put    input s   replaces the value
//   append input s   concatenates s to the current string
#ifndef FAULTLINE_CHECKERS_KV_SPEC_H_
#define FAULTLINE_CHECKERS_KV_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class KvSpec : public Spec {
 public:
  std::string_view name() const override { return "kv"; }
  std::vector<std::string_view> ops() const override {
    return {"read", "write", "cas", "get", "put", "append"};
  }
  std::string Init() const override;
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
  std::string DescribeState(std::string_view state) const override;
  std::optional<PureRead> AsPureRead(const Operation& op) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_KV_SPEC_H_
