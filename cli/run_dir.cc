#include "cli/run_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/output_file.h"
#include "cli/scenario_checkers.h"
#include "nlohmann/json.hpp"

namespace faultline::cli {
namespace {

// The lock file's first line: "# faultline <noun>, written by pid N; ...".
constexpr char kHeaderStart[] = "# faultline ";
constexpr char kHeaderPid[] = ", written by pid ";

absl::Status Refuse(const std::string& dir, const std::string& reason,
                    const std::string& noun = "run directory") {
  return absl::PermissionDeniedError(absl::StrCat("cannot use the ", noun, " ", dir, ": ", reason));
}

// A name the run dir may hold: a plain file name, not "." or "..".
bool PlainName(absl::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == name.npos;
}

// The lock file's text: what the directory is and the pid of its writer, then one file
// name a line.
std::string ManifestText(const std::string& noun, const std::vector<std::string>& files) {
  return absl::StrCat(kHeaderStart, noun, kHeaderPid, getpid(), "; the files it writes:\n",
                      absl::StrJoin(files, "\n"), "\n");
}

// Replaces the lock file's text with the list of `files`; false (errno set) on failure.
bool WriteManifest(int fd, const std::string& noun, const std::vector<std::string>& files) {
  const std::string manifest = ManifestText(noun, files);
  return ftruncate(fd, 0) == 0 &&
         pwrite(fd, manifest.data(), manifest.size(), 0) == static_cast<ssize_t>(manifest.size());
}

std::string ReadAll(int fd) {
  std::string text;
  char buf[4096];
  off_t offset = 0;
  // A bound: a list of a few hundred names is far below it.
  while (text.size() < (1u << 20)) {
    const ssize_t n = pread(fd, buf, sizeof(buf), offset);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    offset += n;
  }
  return text;
}

// The files the lock file lists, the pid that wrote it (0 when none) and what it calls the
// directory ("" when it does not say).
std::set<std::string> ParseManifest(const std::string& text, int64_t* pid,
                                    std::string* noun = nullptr) {
  std::set<std::string> files;
  *pid = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::string_view header = line;
    const size_t mark = header.find(kHeaderPid);
    if (mark != header.npos && absl::ConsumePrefix(&header, kHeaderStart)) {
      const size_t noun_end = mark - strlen(kHeaderStart);
      const absl::string_view rest = header.substr(noun_end + strlen(kHeaderPid));
      if (!absl::SimpleAtoi(rest.substr(0, rest.find(';')), pid)) *pid = 0;
      if (noun != nullptr) *noun = std::string(header.substr(0, noun_end));
      continue;
    }
    if (PlainName(line) && line[0] != '#') files.emplace(line);
  }
  return files;
}

// A run dir of an older faultline, without the list: the files its results.json names.
std::set<std::string> LegacyFiles(const std::string& dir) {
  std::ifstream in(dir + "/results.json", std::ios::binary);
  if (!in) return {};
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("trace_hash") || !j.contains("outputs") ||
      !j["outputs"].is_array()) {
    return {};
  }
  std::set<std::string> files = {"results.json", "scenario.yaml", kFailureViewFile, kStoryFile};
  for (const nlohmann::json& o : j["outputs"]) {
    if (o.is_string() && PlainName(o.get<std::string>())) files.insert(o.get<std::string>());
  }
  return files;
}

// A temporary file WriteFileAtomically left when a run was killed: .NAME.faultline-XXXXXXXX.
bool LeftoverOf(absl::string_view entry, const std::set<std::string>& owned) {
  if (!absl::ConsumePrefix(&entry, ".")) return false;
  const size_t mark = entry.rfind(".faultline-");
  return mark != entry.npos && owned.count(std::string(entry.substr(0, mark))) > 0;
}

absl::StatusOr<std::vector<std::string>> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return Refuse(dir, ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

// The lock file, open and locked.
struct Held {
  int fd = -1;
  bool created = false;  // this claim created the lock file (remove it when refusing)
};

// Opens (or creates) the lock file and takes its lock without waiting.
absl::StatusOr<Held> Lock(const std::string& dir, const std::string& noun) {
  const std::string path = absl::StrCat(dir, "/", kRunDirLockFile);
  Held held;
  held.fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
  held.created = held.fd >= 0;
  if (held.fd < 0 && errno == EEXIST) {
    held.fd = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  }
  if (held.fd < 0) {
    return Refuse(dir, absl::StrCat(kRunDirLockFile, ": ", std::strerror(errno)), noun);
  }
  if (flock(held.fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    int64_t pid = 0;
    ParseManifest(ReadAll(held.fd), &pid);
    close(held.fd);
    if (err != EWOULDBLOCK) {
      return Refuse(dir, absl::StrCat("locking: ", std::strerror(err)), noun);
    }
    return Refuse(
        dir,
        absl::StrCat("it is in use by another run", pid > 0 ? absl::StrCat(" (pid ", pid, ")") : "",
                     "; wait for it to end or give another --out"),
        noun);
  }
  return held;
}

}  // namespace

std::vector<std::string> RunDirFiles(const sim::ScenarioSpec& spec) {
  std::vector<std::string> files = {"results.json", "scenario.yaml"};
  for (const std::string& o : spec.outputs) {
    if (std::find(files.begin(), files.end(), o) == files.end()) files.push_back(o);
  }
  if (std::find(spec.checkers.begin(), spec.checkers.end(), "linearizability") !=
      spec.checkers.end()) {
    files.push_back(kFailureViewFile);
    if (std::find(spec.outputs.begin(), spec.outputs.end(), "trace.jsonl") != spec.outputs.end()) {
      files.push_back(kStoryFile);
    }
  }
  return files;
}

absl::StatusOr<RunDir> RunDir::Claim(const std::string& dir, const std::vector<std::string>& files,
                                     const std::string& input, const RunDirOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create the ", options.noun, " ", dir, ": ", ec.message()));
  }
  absl::StatusOr<Held> held = Lock(dir, options.noun);
  if (!held.ok()) return held.status();
  // From here on a refusal releases the lock, and removes it when it was ours to create.
  const auto refuse = [&](const absl::Status& st) {
    if (held->created) unlink(absl::StrCat(dir, "/", kRunDirLockFile).c_str());
    close(held->fd);
    return st;
  };
  int64_t previous_pid = 0;
  std::string previous_noun;
  std::set<std::string> previous = ParseManifest(ReadAll(held->fd), &previous_pid, &previous_noun);
  const bool run_dir = options.noun == RunDirOptions().noun;
  // Another kind of directory (a run's, claimed for a compare's output): none of it is ours.
  if (!previous_noun.empty() && previous_noun != options.noun) previous.clear();
  if (previous.empty() && previous_noun.empty() && run_dir) previous = LegacyFiles(dir);
  const std::set<std::string> ours(files.begin(), files.end());
  std::set<std::string> known = previous;
  known.insert(ours.begin(), ours.end());

  absl::StatusOr<std::vector<std::string>> entries = ListDir(dir);
  if (!entries.ok()) return refuse(entries.status());
  std::vector<std::string> foreign;
  std::vector<std::string> to_remove;
  const std::set<std::string> subdirs(options.subdirs.begin(), options.subdirs.end());
  for (const std::string& e : *entries) {
    if (e == kRunDirLockFile) continue;
    std::error_code stat_ec;
    const bool is_dir = std::filesystem::is_directory(
        std::filesystem::symlink_status(absl::StrCat(dir, "/", e), stat_ec));
    if (subdirs.count(e) > 0 || is_dir) {
      // A subdirectory the caller manages is kept when the previous writer made it; any
      // other directory is foreign.
      if (subdirs.count(e) == 0 || previous.count(e) == 0 || !is_dir) foreign.push_back(e);
    } else if (previous.count(e) > 0 || LeftoverOf(e, known)) {
      to_remove.push_back(e);
    } else {
      foreign.push_back(e);
    }
  }
  if (!foreign.empty()) {
    const size_t shown = std::min<size_t>(foreign.size(), 5);
    // Names a run writes, with no list saying so: an older faultline's unfinished run.
    const bool ours_by_name = std::any_of(foreign.begin(), foreign.end(),
                                          [&](const std::string& f) { return ours.count(f) > 0; });
    return refuse(
        Refuse(dir,
               absl::StrCat("it holds files ", options.writer, " did not write (",
                            absl::StrJoin(foreign.begin(), foreign.begin() + shown, ", "),
                            foreign.size() > shown ? ", ..." : "",
                            "); give an empty or new directory with --out, or move them away",
                            ours_by_name ? " (if an older faultline's unfinished run wrote them, "
                                           "remove the directory)"
                                         : ""),
               options.noun));
  }
  for (const std::string& name : known) {
    if (subdirs.count(name) > 0) continue;
    const std::string path = absl::StrCat(dir, "/", name);
    if (SameFile(path, input)) {
      return refuse(Refuse(dir,
                           absl::StrCat("output ", path, " is the input file ", input,
                                        "; copy the scenario elsewhere or give another --out"),
                           options.noun));
    }
  }
  std::vector<std::string> removed;
  for (const std::string& e : to_remove) {
    const std::string path = absl::StrCat(dir, "/", e);
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
      return refuse(Refuse(
          dir, absl::StrCat("cannot remove the previous run's ", e, ": ", std::strerror(errno)),
          options.noun));
    }
    if (previous.count(e) > 0 && ours.count(e) == 0) removed.push_back(e);
  }
  if (!WriteManifest(held->fd, options.noun, files)) {
    return refuse(
        Refuse(dir, absl::StrCat(kRunDirLockFile, ": ", std::strerror(errno)), options.noun));
  }
  return RunDir(held->fd, options.noun, files, std::move(removed));
}

absl::Status RunDir::Add(const std::vector<std::string>& more) {
  files_.insert(files_.end(), more.begin(), more.end());
  if (!WriteManifest(lock_fd_, noun_, files_)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot record files in ", kRunDirLockFile, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status RemoveRunDir(const std::string& dir, const std::string& input) {
  // Claiming it with no files of its own removes every file its run wrote, or refuses.
  absl::StatusOr<RunDir> claimed = RunDir::Claim(dir, {}, input);
  if (!claimed.ok()) return claimed.status();
  if (unlink(absl::StrCat(dir, "/", kRunDirLockFile).c_str()) != 0 || rmdir(dir.c_str()) != 0) {
    return Refuse(dir, absl::StrCat("removing it: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

RunDir::RunDir(RunDir&& other) noexcept
    : lock_fd_(std::exchange(other.lock_fd_, -1)),
      noun_(std::move(other.noun_)),
      files_(std::move(other.files_)),
      removed_(std::move(other.removed_)) {}

RunDir::~RunDir() {
  if (lock_fd_ >= 0) close(lock_fd_);
}

}  // namespace faultline::cli
