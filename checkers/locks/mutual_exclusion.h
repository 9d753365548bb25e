// The `mutual-exclusion` checker (issue 14): judges a lock history (lock_history.h) for
// two holders at once, counts each anomaly with up to `examples_per_kind` pieces of
// evidence in plain words, and measures the load test (lock_metrics.h).
//
//   overlap           two holders' belief intervals on one lock overlap in time, and the
//                     stale holder (granted first) had a write accepted after the newer
//                     grant, or the history has no resource writes at all;
//   overlap-fenced    an overlap whose stale writes after the newer grant were all refused;
//   overlap-harmless  an overlap in which the stale holder wrote nothing after the grant;
//   stale-write       the resource accepted a token lower than one it had accepted before.
//
// Verdict: invalid when an `overlap` or a `stale-write` is found; fenced and harmless
// overlaps are counted and shown, never deciding. Evidence names both holders, their grant
// times, tokens and TTLs, how long the stale one held past its TTL, and the pause of its
// pod that overlaps the hold, or that none was seen (then the newer grant's
// `previous_expired`). docs/lock-checker.md has examples.
//
//   LockReport r = CheckMutualExclusion(history);
//   if (!r.Valid()) std::cout << r.anomalies.at("overlap").examples[0];
#ifndef FAULTLINE_CHECKERS_LOCKS_MUTUAL_EXCLUSION_H_
#define FAULTLINE_CHECKERS_LOCKS_MUTUAL_EXCLUSION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/locks/lock_history.h"

namespace faultline::checkers::locks {

struct Anomaly {
  int64_t count = 0;
  std::vector<std::string> examples;  // the first few, in history order
};

struct LockReport {
  std::map<std::string, Anomaly> anomalies;  // only the kinds found
  // Numbers only, so sweeps can chart them (docs/lock-checker.md lists them).
  std::map<std::string, double> metrics;
  std::vector<std::string> notes;

  // False when a kind that decides the verdict was found.
  bool Valid() const;
};

struct LockCheckOptions {
  int examples_per_kind = 5;
};

// Whether finding `kind` makes the history invalid: overlap and stale-write.
bool DecidesVerdict(std::string_view kind);

LockReport CheckMutualExclusion(const LockHistory& history, const LockCheckOptions& options = {});

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_MUTUAL_EXCLUSION_H_
