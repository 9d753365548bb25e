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
//     run dir of an older faultline without the list, not named by its results.json), or a
//     subdirectory, so a user's own files are never removed;
//   - fails when a file the run writes or removes is the scenario being run;
//   - removes every file the previous run wrote, so outputs of two runs never mix.
//
// `faultline compare` and `sweep` claim their --out the same way (RunDirOptions names the
// directory in messages and keeps its runs/ subdirectory, whose run dirs are each claimed,
// or removed with RemoveRunDir, on their own).
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

// What a directory is called in messages and in its lock file, and the subdirectories its
// writer keeps. A directory whose lock file names another noun is not claimed: its files are
// foreign, so `faultline run` and `compare` never take over each other's directories.
struct RunDirOptions {
  std::string noun = "run directory";      // "cannot use the <noun> DIR: ..."
  std::string writer = "a faultline run";  // "it holds files <writer> did not write"
  // Subdirectories the caller manages: one listed in the previous list is kept (neither
  // foreign nor removed); list it in `files` to keep it the next time.
  std::vector<std::string> subdirs;
};

class RunDir {
 public:
  // Creates `dir` if needed, locks it and removes the previous run's files (see above).
  // `files`: what this run writes (RunDirFiles). `input`: the scenario file being run.
  // Errors are PermissionDenied (exit 73) naming the directory and the reason.
  [[nodiscard]] static absl::StatusOr<RunDir> Claim(const std::string& dir,
                                                    const std::vector<std::string>& files,
                                                    const std::string& input,
                                                    const RunDirOptions& options = {});

  // Adds `more` to the directory's list of files; call before writing a file that was not
  // given to Claim.
  [[nodiscard]] absl::Status Add(const std::vector<std::string>& more);

  RunDir(RunDir&& other) noexcept;
  RunDir& operator=(RunDir&& other) = delete;
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  ~RunDir();

  // The previous run's files that were removed and that this run does not write again.
  const std::vector<std::string>& removed() const { return removed_; }

 private:
  RunDir(int lock_fd, std::string noun, std::vector<std::string> files,
         std::vector<std::string> removed)
      : lock_fd_(lock_fd),
        noun_(std::move(noun)),
        files_(std::move(files)),
        removed_(std::move(removed)) {}

  int lock_fd_ = -1;                // holds the flock; closing it releases the directory
  std::string noun_;                // RunDirOptions::noun, recorded in the lock file
  std::vector<std::string> files_;  // the list in the lock file
  std::vector<std::string> removed_;
};

// Removes the run directory `dir` that a faultline run wrote: its files, its lock file and
// the directory itself. Refuses (PermissionDenied) as Claim does, touching nothing, when it
// is in use, holds a file faultline did not write or one of its files is `input`.
[[nodiscard]] absl::Status RemoveRunDir(const std::string& dir, const std::string& input);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_RUN_DIR_H_
