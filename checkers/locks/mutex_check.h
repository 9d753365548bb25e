// The `mutex` checker (issue 14): the pods' acquire and release observations as a
// linearizability history, judged per lock by the existing search with the `mutex` spec
// (checkers/mutex_spec.h: acquire legal iff free, release iff held).
//
// Each holder ("n3/t7") is one process. An acquire's op is invoked at its first attempt
// (the acquire line's time minus wait_ns: pod clocks only drift, so the error is ppm) and
// returns ok at the line; a release (released or abandoned: the thread stops believing) is
// invoked and returns at its line. A lock the server expired while its holder still
// believed shows up as an acquire that cannot be placed: the next holder's grant returned
// before the earlier holder's release was invoked, so every order has the lock held.
//
//   MutexOutcome m = CheckMutex(history, {});
//   if (m.result.verdict == Verdict::kNotLinearizable) std::cout << m.evidence;
#ifndef FAULTLINE_CHECKERS_LOCKS_MUTEX_CHECK_H_
#define FAULTLINE_CHECKERS_LOCKS_MUTEX_CHECK_H_

#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "checkers/locks/lock_history.h"
#include "checkers/operation.h"

namespace faultline::checkers::locks {

// The synthesized ops, in the order the checker's History holds them.
struct MutexHistory {
  History history;                 // f acquire / release, key = the lock
  std::vector<std::string> names;  // per op: "acquire by n3/t7 (op 41, token 4) at [1.1s, 1.2s]"
};

MutexHistory BuildMutexHistory(const LockHistory& history);

struct MutexOutcome {
  MutexHistory ops;
  CheckResult result;
  // Set when not linearizable: the acquire that cannot be placed, who still held the lock
  // and when it let go, then the search's own explanation.
  std::string evidence;
};

MutexOutcome CheckMutex(const LockHistory& history, const CheckOptions& options);

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_MUTEX_CHECK_H_
