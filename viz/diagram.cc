#include "viz/diagram.h"

namespace faultline::viz {

std::string_view OpOutcomeName(OpOutcome outcome) {
  switch (outcome) {
    case OpOutcome::kOk:
      return "ok";
    case OpOutcome::kFail:
      return "fail";
    case OpOutcome::kInfo:
      return "info";
    case OpOutcome::kPending:
      return "pending";
  }
  return "pending";
}

std::string_view MarkTypeName(MarkType type) {
  switch (type) {
    case MarkType::kStart:
      return "start";
    case MarkType::kCrash:
      return "crash";
    case MarkType::kRestart:
      return "restart";
    case MarkType::kPause:
      return "pause";
    case MarkType::kResume:
      return "resume";
    case MarkType::kTimer:
      return "timer";
    case MarkType::kClock:
      return "clock";
    case MarkType::kNote:
      return "note";
  }
  return "note";
}

}  // namespace faultline::viz
