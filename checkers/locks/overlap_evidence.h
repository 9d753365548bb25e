// The words of a mutual-exclusion overlap: who held the lock, from when, with which token
// and TTL; how long the stale holder held past its lease; what happened to its writes
// after the newer grant; and why it kept believing (the pause its pod's monitor saw, or the
// lock server's `previous_expired`). Kept apart from the detection (mutual_exclusion.cc)
// so the phrasing can change without touching the rules.
#ifndef FAULTLINE_CHECKERS_LOCKS_OVERLAP_EVIDENCE_H_
#define FAULTLINE_CHECKERS_LOCKS_OVERLAP_EVIDENCE_H_

#include <string>
#include <vector>

#include "checkers/locks/holds.h"
#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {

enum class OverlapKind { kUnfenced, kFenced, kHarmless, kNoResource };

// `stale` was granted first and still believed when `newer` was granted; `late_writes` are
// the stale holder's writes at or after the newer grant (file order).
std::string DescribeOverlap(const LockHistory& history, const Hold& stale, const Hold& newer,
                            OverlapKind kind, const std::vector<const Write*>& late_writes);

// "n3 was paused for 2.1s from 1.25s: its pause monitor's tick fired late", for the
// longest pause of `node` overlapping [from_ns, to_ns]; "" when none.
std::string DescribePause(const LockHistory& history, const std::string& node, int64_t from_ns,
                          int64_t to_ns);

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_OVERLAP_EVIDENCE_H_
