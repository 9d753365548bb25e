// IsFault, beside EventType (trace_events.h); the reader itself is trace_reader.cc.
#include "viz/trace_events.h"

namespace faultline::viz {

bool IsFault(EventType type) {
  switch (type) {
    case EventType::kPartition:
    case EventType::kHeal:
    case EventType::kCrash:
    case EventType::kRestart:
    case EventType::kPause:
    case EventType::kResume:
    case EventType::kClock:
    case EventType::kLink:
      return true;
    default:
      return false;
  }
}

}  // namespace faultline::viz
