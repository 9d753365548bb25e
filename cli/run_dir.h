// A run directory, owned and locked by the one run writing into it.
//
//   absl::StatusOr<RunDir> dir = RunDir::Claim(out_dir, RunDirFiles(spec), scenario_path);
//   if (!dir.ok()) return ReportError(dir.status());  // in use, foreign files, ...: exit 73
//   ... write the run's files; the lock holds until `dir` is destroyed or the process ends
//
// The directory holds `.faultline-run`: a lock (flock, so a run killed with -9 leaves none
// behind) and the list of the files its run writes, recorded before any of them. Claiming
// a directory:
//   - fails when another run holds it ("in use by another run (pid N)");
//   - fails when it holds a file faultline did not write (one not in that list, or, for a
//     run dir of an older faultline without the list, not named by its results.json), so a
//     user's own files are never removed;
//   - fails when a file the run writes or removes is the scenario being run;
//   - removes every file the previous run wrote, so outputs of two runs never mix.
#ifndef FAULTLINE_CLI_RUN_DIR_H_
#define FAULTLINE_CLI_RUN_DIR_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/scenario.h"

namespace faultline::cli {

// The name of the lock and file list inside a run directory.
inline constexpr char kRunDirLockFile[] = ".faultline-run";

// The files a run of `spec` may write into its directory, as plain names.
std::vector<std::string> RunDirFiles(const sim::ScenarioSpec& spec);

class RunDir {
 public:
  // Creates `dir` if needed, locks it and removes the previous run's files (see above).
  // `files`: what this run writes (RunDirFiles). `input`: the scenario file being run.
  // Errors are PermissionDenied (exit 73) naming the directory and the reason.
  [[nodiscard]] static absl::StatusOr<RunDir> Claim(const std::string& dir,
                                                    const std::vector<std::string>& files,
                                                    const std::string& input);

  RunDir(RunDir&& other) noexcept;
  RunDir& operator=(RunDir&& other) = delete;
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  ~RunDir();

  // The previous run's files that were removed and that this run does not write again.
  const std::vector<std::string>& removed() const { return removed_; }

 private:
  RunDir(int lock_fd, std::vector<std::string> removed)
      : lock_fd_(lock_fd), removed_(std::move(removed)) {}

  int lock_fd_ = -1;  // holds the flock; closing it releases the directory
  std::vector<std::string> removed_;
};

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RUN_DIR_H_
