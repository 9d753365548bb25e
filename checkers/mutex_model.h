// The "mutex" model: a lock, initially free. Owners are not tracked (as in Knossos's
// mutex): the history shows who asked, not who the server believed held the lock.
//
//   acquire  legal iff free; takes it
//   release  legal iff held; frees it
#ifndef FAULTLINE_CHECKERS_MUTEX_MODEL_H_
#define FAULTLINE_CHECKERS_MUTEX_MODEL_H_

#include "checkers/model.h"

namespace faultline::checkers {

class MutexModel : public Model {
 public:
  std::string_view name() const override { return "mutex"; }
  std::string Init() const override { return "free"; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_MUTEX_MODEL_H_
