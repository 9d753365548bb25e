// A holder's belief interval, built from a lock history's observations: an `acquire` line
// paired with the `release` line of the same holder, op and lock (an acquire with no
// release runs to the end of the history), and the lock servers' `grant` lines of its
// winning round. Both lock checkers start here.
//
//   for (const Hold& h : BuildHolds(history)) ...  // by lock, then by start
#ifndef FAULTLINE_CHECKERS_LOCKS_HOLDS_H_
#define FAULTLINE_CHECKERS_LOCKS_HOLDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {

struct Hold {
  const Acquire* acquire = nullptr;
  const Release* release = nullptr;  // nullptr: still held at the end of the history
  // Without a release: the pod's first restart after the acquire (it crashed while
  // holding, so the belief ended at the latest then), else nullptr.
  const Restart* restart = nullptr;
  int64_t start_ns = 0;  // the acquire line: the thread now believes
  int64_t end_ns = 0;    // the release line, the pod's restart, or the history's end
  // The lock servers' grants of its winning round (one with one server; the last
  // `servers` of this owner's grants before the acquire, with Redlock), in time order.
  std::vector<const Grant*> grants;
  // When the lease began: the round's first grant, or the acquire line without grants
  // (then the lease is taken to start up to a round trip late).
  int64_t granted_ns = 0;

  const std::string& key() const { return acquire->key; }
  std::string holder() const { return acquire->holder(); }
  int64_t lease_end_ns() const { return granted_ns + acquire->ttl_ns; }
};

struct Holds {
  std::vector<Hold> holds;         // sorted by (lock, start_ns, acquire line)
  std::vector<std::string> notes;  // releases without an acquire, ...
};

// REQUIRES: `history` outlives the result (holds point into it).
Holds BuildHolds(const LockHistory& history);

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_HOLDS_H_
