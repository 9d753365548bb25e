// The output directory of `faultline fuzz`, claimed as a run directory is (cli/run_dir.h):
// new, empty, or a previous fuzz campaign's, whose files this one replaces. It holds
//   campaign.jsonl, summary.json   this campaign's records and summary
//   repros/<checker>-seed<N>/       repro.yaml and run/ (a run directory)
//   work/                           scratch files of the runs, removed at the end
// A previous campaign's repros/ entries are removed only when each holds nothing but a
// repro.yaml and a run directory; anything else there is the user's, and the claim fails
// (exit 73) before anything is removed.
#ifndef FAULTLINE_CLI_FUZZ_OUT_DIR_H_
#define FAULTLINE_CLI_FUZZ_OUT_DIR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "cli/run_dir.h"

namespace faultline::cli {

class FuzzOutDir {
 public:
  // `input`: the scenario being fuzzed; refused when it lies inside `dir`.
  static absl::StatusOr<FuzzOutDir> Claim(const std::string& dir, const std::string& input);

  // True when `path` lies inside `dir` (after resolving symlinks, . and ..).
  static bool Inside(const std::string& path, const std::string& dir);

  // Writes the file `name` of the directory whole (cli/output_file.h).
  absl::Status Write(const std::string& name, const std::string& text) const;

  // The directory's path.
  const std::string& path() const { return dir_; }

  // Removes work/.
  void RemoveScratch() const;

 private:
  FuzzOutDir(std::string dir, std::unique_ptr<RunDir> lock)
      : dir_(std::move(dir)), lock_(std::move(lock)) {}
  std::string dir_;
  std::unique_ptr<RunDir> lock_;
};

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_FUZZ_OUT_DIR_H_
