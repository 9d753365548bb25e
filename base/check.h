// Always-on invariant checks and absl::Status plumbing.
//
// Debian's Abseil (20220623) has neither ABSL_CHECK nor a RETURN_IF_ERROR macro, so the
// project defines its own once, here. Assertions stay on in every build, as in
// TigerBeetle's simulator: a broken invariant must stop the run loudly, never corrupt it.
// A failed check exits with status 70 (internal error), as the CLI contract says.
//
//   FL_CHECK(queue_.size() <= kQueueMax) << ...;   // not a stream: use FL_CHECK_MSG
//   FL_RETURN_IF_ERROR(ParseThing(node));
//   FL_ASSIGN_OR_RETURN(Nanos d, ParseDuration(text));
#ifndef FAULTLINE_BASE_CHECK_H_
#define FAULTLINE_BASE_CHECK_H_

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace faultline::internal {
[[noreturn]] inline void CheckFailed(const char* cond, const char* msg, const char* file,
                                     int line) {
  std::fprintf(stderr,
               "faultline: internal error: invariant broken: %s%s%s (%s:%d); please report "
               "it with the command line\n",
               cond, msg[0] ? ": " : "", msg, file, line);
  std::fflush(nullptr);
  std::_Exit(70);  // EX_SOFTWARE, the CLI's "internal error" exit code
}
}  // namespace faultline::internal

#define FL_CHECK(cond)                                                          \
  do {                                                                          \
    if (!(cond)) ::faultline::internal::CheckFailed(#cond, "", __FILE__, __LINE__); \
  } while (0)

#define FL_CHECK_MSG(cond, msg)                                                    \
  do {                                                                             \
    if (!(cond)) ::faultline::internal::CheckFailed(#cond, (msg), __FILE__, __LINE__); \
  } while (0)

#define FL_RETURN_IF_ERROR(expr)                 \
  do {                                           \
    ::absl::Status fl_status_ = (expr);          \
    if (!fl_status_.ok()) return fl_status_;     \
  } while (0)

#define FL_CONCAT_INNER_(a, b) a##b
#define FL_CONCAT_(a, b) FL_CONCAT_INNER_(a, b)
#define FL_ASSIGN_OR_RETURN(lhs, expr) \
  FL_ASSIGN_OR_RETURN_IMPL_(FL_CONCAT_(fl_statusor_, __LINE__), lhs, expr)
#define FL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // FAULTLINE_BASE_CHECK_H_
