// A failing fuzz run turned into repro.yaml: shrunk (cli/fuzz_shrink.h), written as a
// commented scenario file, then run the way `faultline run repro.yaml` runs it into a run
// directory beside it (results.json, trace, history and a diagram), which must fail the
// same checker. What the campaign reports of it is a ReproRecord.
#ifndef FAULTLINE_CLI_FUZZ_REPRO_H_
#define FAULTLINE_CLI_FUZZ_REPRO_H_

#include <atomic>
#include <functional>
#include <string>

#include "cli/fuzz_campaign.h"
#include "cli/fuzz_report.h"

namespace faultline::cli {

struct ReproRequest {
  const CampaignConfig* config = nullptr;
  CampaignRun failing;
  std::string checker;
  std::string dir;               // OUT/repros/<checker>-seed<N>: repro.yaml and run/
  std::string scratch_dir;       // for the shrinker's runs
  std::string found_by;          // the campaign's command line, for the file's comment
  bool shrink = true;
  int shrink_runs = 300;
  double shrink_seconds = 120;
  std::function<void(int, int)> on_candidate;  // (candidate runs, steps kept)
  const std::atomic<bool>* stop = nullptr;     // cuts shrinking short (a signal)
  std::string check_limit_flag;  // the campaign's --check-time-limit, "" for the default
};

// Never fails: a repro that cannot be written says why in ReproRecord::error.
ReproRecord WriteRepro(const ReproRequest& request);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_REPRO_H_
