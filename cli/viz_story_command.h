// `faultline viz --story RUN_DIR` and `faultline viz --compare RUN_A RUN_B`: the story of
// a run (viz/story.h) read from its run directory, alone or beside another run's.
// cli/viz_command.cc parses the flags and hands these over.
#ifndef FAULTLINE_CLI_VIZ_STORY_COMMAND_H_
#define FAULTLINE_CLI_VIZ_STORY_COMMAND_H_

#include "cli/viz_flags.h"

namespace faultline::cli {

// --compare RUN_A RUN_B: one key's story in each run, side by side (SVG). Returns the exit
// code (cli/exit_codes.h): usage errors (flags that do not go with it) exit 64.
int RunVizCompare(const VizFlags& f);

// --story RUN_DIR: the violation's story, or a key's (--key, else the last read's key).
// Returns the exit code, as RunVizCompare does.
int RunVizStory(const VizFlags& f);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_VIZ_STORY_COMMAND_H_
