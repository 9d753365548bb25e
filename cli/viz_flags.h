// The flags of `faultline viz` (cli/viz_command.cc), which --story and --compare
// (cli/viz_story_command.cc) read too, and the two helpers both files use.
#ifndef FAULTLINE_CLI_VIZ_FLAGS_H_
#define FAULTLINE_CLI_VIZ_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "viz/formats.h"
#include "viz/selection.h"

namespace faultline::cli {

struct VizFlags {
  std::string trace_path;
  std::string format;
  std::string out;
  std::string from, to;
  std::vector<std::string> nodes, kinds, hide_kinds;
  int64_t max_events = viz::Selection{}.max_events;
  int64_t max_rows = viz::Selection{}.max_rows;
  int64_t around_events = viz::Selection{}.around_events;
  std::string around_violation;
  // --around-violation draws the violation's story (viz/story.h) unless a window or a
  // selection flag asks for N events around it.
  bool window = false;
  std::vector<std::string> compare;  // two run directories
  std::string story;                 // a run directory
  std::string key;                   // with --compare: the key whose story is drawn
  std::string scale = "compact";
  std::string title;
};

// Prints "faultline viz: MESSAGE" and where to read more; returns kExitUsage (64).
int VizUsage(const std::string& message);

// The format from --format, or from the extension of --out.
absl::StatusOr<const viz::Format*> ChooseVizFormat(const std::string& name,
                                                   const std::string& out);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_VIZ_FLAGS_H_
