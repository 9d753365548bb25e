#include "checkers/locks/mutual_exclusion.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "base/time.h"
#include "checkers/locks/holds.h"
#include "checkers/locks/lock_metrics.h"
#include "checkers/locks/overlap_evidence.h"

namespace faultline::checkers::locks {

bool DecidesVerdict(std::string_view kind) { return kind == "overlap" || kind == "stale-write"; }

bool LockReport::Valid() const {
  for (const auto& [kind, a] : anomalies) {
    if (a.count > 0 && DecidesVerdict(kind)) return false;
  }
  return true;
}

namespace {

class Findings {
 public:
  Findings(LockReport* report, int examples) : report_(*report), examples_(examples) {}
  void Add(const std::string& kind, std::string example) {
    Anomaly& a = report_.anomalies[kind];
    ++a.count;
    if (static_cast<int>(a.examples.size()) < examples_) a.examples.push_back(std::move(example));
  }

 private:
  LockReport& report_;
  int examples_;
};

using WritesByHolder =
    std::map<std::tuple<std::string, int64_t, std::string>, std::vector<const Write*>>;

// Classifies the overlap of `stale` (granted first) with `newer` by the stale holder's
// writes at or after the newer grant.
OverlapKind Classify(bool any_writes, const Hold& stale, const Hold& newer,
                     const WritesByHolder& writes, std::vector<const Write*>& late) {
  if (!any_writes) return OverlapKind::kNoResource;
  const int64_t newer_grant_ns = std::min(newer.granted_ns, newer.start_ns);
  if (const auto it = writes.find({stale.holder(), stale.acquire->op, stale.key()});
      it != writes.end()) {
    for (const Write* w : it->second) {
      if (w->time_ns >= newer_grant_ns && w->time_ns <= stale.end_ns) late.push_back(w);
    }
  }
  if (late.empty()) return OverlapKind::kHarmless;
  for (const Write* w : late) {
    if (w->accepted) return OverlapKind::kUnfenced;
  }
  return OverlapKind::kFenced;
}

// Every pair of holds on one lock whose belief intervals overlap, by a sweep in start order
// over the holds still believed.
void CheckOverlaps(const LockHistory& history, const Holds& holds, Findings& findings,
                   LockReport& report) {
  WritesByHolder writes;
  for (const Write& w : history.writes) writes[{w.holder, w.op, w.key}].push_back(&w);
  const bool any_writes = !history.writes.empty();
  int64_t counts[4] = {0, 0, 0, 0};
  std::vector<const Hold*> active;
  const std::string* key = nullptr;
  for (const Hold& newer : holds.holds) {
    if (key == nullptr || *key != newer.key()) active.clear();
    key = &newer.key();
    std::erase_if(active, [&](const Hold* a) { return a->end_ns <= newer.start_ns; });
    for (const Hold* stale : active) {
      if (stale->holder() == newer.holder()) continue;  // one thread, one request at a time
      std::vector<const Write*> late;
      const OverlapKind kind = Classify(any_writes, *stale, newer, writes, late);
      ++counts[static_cast<int>(kind)];
      const char* name = kind == OverlapKind::kFenced     ? "overlap-fenced"
                         : kind == OverlapKind::kHarmless ? "overlap-harmless"
                                                          : "overlap";
      findings.Add(name, DescribeOverlap(history, *stale, newer, kind, late));
    }
    active.push_back(&newer);
  }
  const auto c = [&](OverlapKind k) { return static_cast<double>(counts[static_cast<int>(k)]); };
  report.metrics["overlaps"] = c(OverlapKind::kUnfenced) + c(OverlapKind::kFenced) +
                               c(OverlapKind::kHarmless) + c(OverlapKind::kNoResource);
  report.metrics["overlaps_fenced"] = c(OverlapKind::kFenced);
  report.metrics["overlaps_harmless"] = c(OverlapKind::kHarmless);
}

// The resource accepted a token lower than one it had accepted before, per lock, in file
// order (the line's own `highest` counts too, for a history that starts mid-run).
void CheckStaleWrites(const LockHistory& history, Findings& findings, LockReport& report) {
  std::map<std::string, const Write*> best;  // lock -> the accepted write with the top token
  int64_t stale = 0;
  for (const Write& w : history.writes) {
    const Write*& top = best[w.key];
    const int64_t highest = std::max(top == nullptr ? 0 : top->token, w.highest);
    if (w.accepted && w.token < highest) {
      ++stale;
      const std::string before =
          top != nullptr && top->token == highest
              ? absl::StrCat("token ", top->token, " from ", top->holder, " (op ", top->op, ") at ",
                             FormatDuration(top->time_ns))
              : absl::StrCat("token ", highest, " (its own highest)");
      findings.Add("stale-write",
                   absl::StrCat(w.key, ": ", w.node, " accepted the write of ", w.holder, " (op ",
                                w.op, ") with token ", w.token, " at ", FormatDuration(w.time_ns),
                                " (line ", w.line, ") after accepting ", before));
    }
    if (w.accepted && (top == nullptr || w.token > top->token)) top = &w;
  }
  report.metrics["stale_writes"] = static_cast<double>(stale);
}

}  // namespace

LockReport CheckMutualExclusion(const LockHistory& history, const LockCheckOptions& options) {
  LockReport report;
  Findings findings(&report, options.examples_per_kind);
  const Holds holds = BuildHolds(history);
  report.notes = holds.notes;
  CheckOverlaps(history, holds, findings, report);
  CheckStaleWrites(history, findings, report);
  AddLockMetrics(history, report.metrics);
  if (history.acquires.empty()) {
    report.notes.push_back(
        "no acquire observations: mutual exclusion is judged on the resource's writes alone");
  }
  return report;
}

}  // namespace faultline::checkers::locks
