// The "mutex" spec: a lock, initially free. Owners are not tracked (as in Knossos's
// mutex): the history shows who asked, not who the server believed held the lock.
//
//   acquire  legal iff free; takes it
//   release  legal iff held; frees it
#ifndef FAULTLINE_CHECKERS_MUTEX_SPEC_H_
#define FAULTLINE_CHECKERS_MUTEX_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class MutexSpec : public Spec {
 public:
  std::string_view name() const override { return "mutex"; }
  std::vector<std::string_view> ops() const override { return {"acquire", "release"}; }
  std::string Init() const override { return "free"; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_MUTEX_SPEC_H_
