#include "viz/diagram.h"

#include <algorithm>

#include "absl/strings/str_split.h"

namespace faultline::viz {

std::vector<int> CutLanes(const Diagram& d, const Band& band) {
  std::vector<int> lanes;
  if (band.type != BandType::kPartition) return lanes;
  for (absl::string_view name :
       absl::StrSplit(band.text, absl::ByAnyChar("{}|, ->"), absl::SkipEmpty())) {
    for (size_t i = 0; i < d.lanes.size(); ++i) {
      if (d.lanes[i].name == name) lanes.push_back(static_cast<int>(i));
    }
  }
  std::sort(lanes.begin(), lanes.end());
  lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
  return lanes;
}

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
