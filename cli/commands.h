// The subcommands of `faultline`. Each takes the arguments after its name and returns
// the process exit code (cli/exit_codes.h).
#ifndef FAULTLINE_CLI_COMMANDS_H_
#define FAULTLINE_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace faultline::cli {

int RunCommand(const std::vector<std::string>& args);
int ReplayCommand(const std::vector<std::string>& args);
int ListCommand(const std::vector<std::string>& args);
// `faultline check HISTORY --model NAME`: linearizability of a recorded history.
int CheckCommand(const std::vector<std::string>& args);

// `faultline viz TRACE.jsonl --format F`: a trace as a space-time diagram.
int VizCommand(const std::vector<std::string>& args);

// `faultline compare SCENARIO --variant NAME:PATH=VALUE,...`: variants side by side.
int CompareCommand(const std::vector<std::string>& args);

// `faultline sweep SCENARIO --vary PATH=v1,v2,...`: a parameter grid, with charts.
int SweepCommand(const std::vector<std::string>& args);

// `faultline fuzz SCENARIO (--runs N | --time-budget D)`: a campaign, shrunk repros.
int FuzzCommand(const std::vector<std::string>& args);

// The checker names scenarios may list (none until the checkers land).
std::vector<std::string> KnownCheckers();

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_COMMANDS_H_
