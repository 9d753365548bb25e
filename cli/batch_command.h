// What `faultline compare` and `faultline sweep` share: their common flags, loading every
// group before anything runs, running each on the seeds with progress on stderr, and
// writing the table, CSV, JSON and charts. Each command only says which groups it runs.
#ifndef FAULTLINE_CLI_BATCH_COMMAND_H_
#define FAULTLINE_CLI_BATCH_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "boost/program_options.hpp"

namespace faultline::cli {

// The flags both commands take, as given.
struct BatchFlags {
  std::string seeds_text = "5";
  std::string seed_start_text = "1";
  std::string out_dir;
  std::vector<std::string> sets;
  std::string check_limit_text = "30s";
  bool quiet = false;
};

// Adds --seeds, --seed-start, --out, --set, --check-time-limit and --quiet to `options`.
void AddBatchOptions(boost::program_options::options_description& options, BatchFlags* flags);

// A group to run on every seed.
struct GroupRequest {
  std::string name;
  std::vector<std::string> overrides;
  std::vector<std::pair<std::string, std::string>> params;  // sweep: (path, value)
};

// Where the groups come from once the scenario is read: compare may take them from the
// scenario's `variants:` section. Returns the exit code of an error, or 0 with `*groups`
// filled.
using GroupSource = int (*)(const std::string& scenario_path, const std::string& text,
                            std::vector<GroupRequest>* groups, void* context);

// Runs `command` ("compare" or "sweep"): checks the flags (64 with a message naming the
// flag), reads and loads the scenario and every group (65), runs every group on every
// seed, prints the table and writes the files. Returns the exit code: 0 when every run
// ran, whatever the checkers said.
int RunBatchCommand(const std::string& command, const std::string& scenario_path,
                    const BatchFlags& flags, GroupSource source, void* context, bool log_x);

// Splits "a=1,b={x: 1, y: 2}" at the commas outside brackets and quotes, so a YAML flow
// value can hold commas. Empty parts are kept (the caller reports them).
std::vector<std::string> SplitTopLevelCommas(const std::string& text);

// "--seeds N"-style count: digits only, from `min` to `max`; nullopt otherwise.
std::optional<uint64_t> ParseFlagCount(const std::string& text, uint64_t min, uint64_t max);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_BATCH_COMMAND_H_
