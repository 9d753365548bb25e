#include "cli/output_file.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace faultline::cli {
namespace {

absl::Status CannotWrite(const std::string& what, const std::string& path,
                         const std::string& reason) {
  return absl::PermissionDeniedError(
      absl::StrCat("cannot write ", what, what.empty() ? "" : " ", path, ": ", reason));
}

std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// True when some hop of the symlink chain at `path` lies in /proc: /dev/stdout ->
// /proc/self/fd/1 -> (the file fd 1 has open). Such a link names a process's open file,
// which must be written through, not replaced.
bool LinkGoesThroughProc(const std::string& path) {
  std::string cur = path;
  for (int hop = 0; hop < 40; ++hop) {  // the kernel's own limit on a chain (MAXSYMLINKS)
    if (char* dir = realpath(DirName(cur).c_str(), nullptr)) {
      const std::string real_dir(dir);
      free(dir);
      if (real_dir == "/proc" || absl::StartsWith(real_dir, "/proc/")) return true;
    }
    char target[PATH_MAX];
    const ssize_t n = readlink(cur.c_str(), target, sizeof(target) - 1);
    if (n < 0) return false;  // not a link: the chain ends here
    const std::string next(target, static_cast<size_t>(n));
    cur = absl::StartsWith(next, "/") ? next : absl::StrCat(DirName(cur), "/", next);
  }
  return false;
}

enum class How { kReplace, kWriteThrough };

struct Target {
  How how = How::kReplace;
  std::string path;  // the file to replace or write: a symlink's target when it is replaced
  bool exists = false;
  mode_t mode = 0;  // its permission bits, when it exists
};

// What `path` names, and how to write there (the table in output_file.h).
absl::StatusOr<Target> Resolve(const std::string& path, const std::string& what) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Target{How::kReplace, path, false, 0};
    return CannotWrite(what, path, std::strerror(errno));
  }
  std::string real = path;
  bool through_proc = false;
  if (S_ISLNK(st.st_mode)) {
    through_proc = LinkGoesThroughProc(path);
    if (stat(path.c_str(), &st) != 0) {
      return CannotWrite(what, path,
                         errno == ENOENT
                             ? "it is a symlink to a missing file; remove the link or create "
                               "the file it names"
                             : std::strerror(errno));
    }
    if (S_ISREG(st.st_mode) && !through_proc) {
      char* r = realpath(path.c_str(), nullptr);
      if (r == nullptr) return CannotWrite(what, path, std::strerror(errno));
      real = r;
      free(r);
    }
  }
  if (S_ISREG(st.st_mode)) {
    return Target{through_proc ? How::kWriteThrough : How::kReplace, real, true,
                  static_cast<mode_t>(st.st_mode & 07777)};
  }
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
    return Target{How::kWriteThrough, path, true, 0};
  }
  if (S_ISDIR(st.st_mode)) return CannotWrite(what, path, "it is a directory; give a file name");
  if (S_ISSOCK(st.st_mode)) return CannotWrite(what, path, "it is a socket, not a file");
  return CannotWrite(what, path, "it is a block device or other special file, not a file");
}

// Creates a new, empty temporary file beside `path`: .NAME.faultline-XXXXXXXX, unique among
// concurrent writers (O_EXCL), mode 0666 less the umask. Returns its fd and sets *tmp, or
// -1 with errno set.
int CreateTemp(const std::string& path, std::string* tmp) {
  // Keep the name within NAME_MAX (255) however long the output's own name is.
  const std::string base = BaseName(path).substr(0, 200);
  const uint64_t salt =
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  for (uint64_t attempt = 0; attempt < 100; ++attempt) {
    const uint64_t x = (salt ^ (static_cast<uint64_t>(getpid()) << 32)) + attempt * 0x9e3779b9;
    *tmp = absl::StrFormat("%s/.%s.faultline-%08x", DirName(path), base,
                           static_cast<uint32_t>(x ^ (x >> 32)));
    const int fd = open(tmp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;  // errno is EEXIST
}

// Writes all of `text` to `fd`; false with errno set on failure.
bool WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string WriteErrorReason(int err) {
  return err == ENOSPC || err == EDQUOT ? absl::StrCat(std::strerror(err), " (disk full?)")
                                        : std::strerror(err);
}

absl::Status Replace(const Target& target, const std::string& shown, const std::string& text) {
  std::string tmp;
  const int fd = CreateTemp(target.path, &tmp);
  if (fd < 0) return CannotWrite("", shown, std::strerror(errno));
  bool ok = WriteAll(fd, text);
  int err = errno;
  if (ok && target.exists && fchmod(fd, target.mode) != 0) {
    ok = false;
    err = errno;
  }
  if (close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (ok && rename(tmp.c_str(), target.path.c_str()) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    unlink(tmp.c_str());
    return CannotWrite("", shown, WriteErrorReason(err));
  }
  return absl::OkStatus();
}

absl::Status WriteThrough(const std::string& path, const std::string& text) {
  // /dev/stdout may share a file or pipe with our stdout: what was printed goes first.
  std::cout.flush();
  std::fflush(stdout);
  // No O_CREAT: the file exists; no O_TRUNC: appending keeps what shares it intact.
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return CannotWrite("", path, std::strerror(errno));
  bool ok = WriteAll(fd, text);
  int err = errno;
  if (close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  return ok ? absl::OkStatus() : CannotWrite("", path, WriteErrorReason(err));
}

bool StatRegular(const std::string& path, struct stat* st) {
  return stat(path.c_str(), st) == 0 && S_ISREG(st->st_mode);
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, const std::string& text) {
  absl::StatusOr<Target> target = Resolve(path, "");
  if (!target.ok()) return target.status();
  return target->how == How::kReplace ? Replace(*target, path, text) : WriteThrough(path, text);
}

absl::Status AppendToFile(const std::string& path, const std::string& text) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) &&
      !S_ISFIFO(st.st_mode)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot append to ", path, ": it is not a regular file"));
  }
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot append to ", path, ": ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      close(fd);
      return absl::PermissionDeniedError(
          absl::StrCat("cannot append to ", path, ": ", std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    return absl::PermissionDeniedError(absl::StrCat("cannot append to ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status CheckWritable(const std::string& path, const std::string& what) {
  absl::StatusOr<Target> target = Resolve(path, what);
  if (!target.ok()) return target.status();
  if (target->how == How::kWriteThrough) {
    if (access(path.c_str(), W_OK) != 0) return CannotWrite(what, path, std::strerror(errno));
    return absl::OkStatus();
  }
  std::string tmp;
  const int fd = CreateTemp(target->path, &tmp);
  if (fd < 0) return CannotWrite(what, path, std::strerror(errno));
  close(fd);
  unlink(tmp.c_str());
  return absl::OkStatus();
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return StatRegular(a, &sa) && StatRegular(b, &sb) && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

bool SameOutputPath(const std::string& a, const std::string& b) {
  if (SameFile(a, b)) return true;
  std::error_code ec_a;
  std::error_code ec_b;
  if (std::filesystem::exists(a, ec_a) || std::filesystem::exists(b, ec_b)) return false;
  const std::filesystem::path ca =
      std::filesystem::weakly_canonical(std::filesystem::absolute(a, ec_a), ec_a);
  const std::filesystem::path cb =
      std::filesystem::weakly_canonical(std::filesystem::absolute(b, ec_b), ec_b);
  return !ec_a && !ec_b && ca == cb;
}

absl::Status CheckNotInput(const std::string& path, const std::string& what,
                           const std::string& input) {
  if (!SameFile(path, input)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("output ", what, " ", path, " is the input file ", input,
                   "; writing it would destroy the input: choose another output path"));
}

}  // namespace faultline::cli
