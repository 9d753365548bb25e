// The step-through of a story diagram (story.h): one step per drawn row, in order, each
// with what that row draws and, for every node, what the trace shows of it at that moment:
//   - its role, from the last of its notes that names one (a note that begins "primary",
//     "promoted to", "following", "stepped down", "became leader", "candidate", "leader",
//     "follower", "backup", "restarted as", "recovered"; models write these, see
//     docs/writing-a-model.md), and whether it is down or paused;
//   - the last value of the violation's key it received: from a delivered message whose
//     body names the key and a value (replication, log entries; client requests excepted),
//     or from a write of the key it acknowledged (its ok reply completed the client's op).
// The state at a step counts every event of the whole trace up to that row's event, also
// the ones the story leaves out; at a gap mark, every event the gap leaves out.
// The failure view (failure_view.h) turns the steps into a slider beside the story.
//
//   StorySteps s = BuildStorySteps(*story, trace, "k0");
//   s.steps[12].text                 // "3.44s n2: promoted to primary in epoch 2 (...)"
//   s.steps[12].nodes[1].role        // "promoted to primary in epoch 2"
#ifndef FAULTLINE_VIZ_STORY_STEPS_H_
#define FAULTLINE_VIZ_STORY_STEPS_H_

#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"
#include "viz/trace_events.h"

namespace faultline::viz {

struct StoryNodeState {
  std::string role;        // "promoted to primary in epoch 2"; "" before any role note
  std::string note;        // the whole note the role comes from
  bool down = false;       // crashed and not restarted
  bool paused = false;
  std::string value;       // the key's last value it received (JSON text); "" none yet
  std::string value_from;  // how: "replicate from n1 at 3.03s", "acknowledged op 12 at 1.2s"
};

struct StoryStep {
  At at;                              // the row (and its time and trace event)
  std::string text;                   // what the row draws: "3.441s n2: promoted to ..."
  std::vector<StoryNodeState> nodes;  // parallel to StorySteps::nodes
};

struct StorySteps {
  std::string key;                 // the violation's key
  std::vector<std::string> nodes;  // the diagram's node lanes, in its order
  std::vector<StoryStep> steps;    // one per row of the diagram
};

// `story`: a diagram built from `trace` (or from a selection of its events, as the story
// is); `trace`: the whole trace; `key`: the key whose values to follow.
StorySteps BuildStorySteps(const Diagram& story, const TraceEvents& trace, std::string_view key);

// Whether a node's note names its role (see above): "following n2 in epoch 2" does,
// "semi-sync off: ..." does not.
bool IsRoleNote(std::string_view note);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_STORY_STEPS_H_
