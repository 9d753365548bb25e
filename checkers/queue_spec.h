// The "queue" spec: a FIFO queue, initially empty.
//
//   enqueue input v   appends v
//   dequeue output v  legal iff v is the head (removed), or v is nil and the queue is
//                     empty; an Unknown output takes the head if there is one
#ifndef FAULTLINE_CHECKERS_QUEUE_SPEC_H_
#define FAULTLINE_CHECKERS_QUEUE_SPEC_H_

#include "checkers/spec.h"

namespace faultline::checkers {

class QueueSpec : public Spec {
 public:
  std::string_view name() const override { return "queue"; }
  std::vector<std::string_view> ops() const override { return {"enqueue", "dequeue"}; }
  std::string Init() const override { return ""; }
  std::optional<std::string> Step(std::string_view state, const Operation& op) const override;
  std::string DescribeState(std::string_view state) const override;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_QUEUE_SPEC_H_
