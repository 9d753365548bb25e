// The parts of `faultline fuzz` in files of their own.
#ifndef FAULTLINE_CLI_FUZZ_COMMAND_H_
#define FAULTLINE_CLI_FUZZ_COMMAND_H_

#include <string>
#include <vector>

namespace faultline::cli {

// `faultline fuzz --merge FILE...`: the campaign.jsonl files of the shards of one
// campaign as one campaign: its summary table (text) or its records in run order (json),
// and the JUnit / GitHub reports when asked. Exit codes as a campaign's; 65 for a file that
// is not a campaign's records or shards of different campaigns.
int MergeCampaigns(const std::vector<std::string>& files, const std::string& format,
                   const std::string& junit_path, const std::string& github_path);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_COMMAND_H_
