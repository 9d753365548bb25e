#include "checkers/consistency/finding.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "base/check.h"

namespace faultline::checkers::consistency {

void FindingCollector::Add(Finding finding) {
  FL_CHECK(!finding.ops.empty());
  ++count_;
  keys_.insert(finding.key);
  kept_.push_back(std::move(finding));
  // Bounded memory: trim whenever twice the cap accumulates.
  if (kept_.size() >= 2 * kMaxEvidence) Trim();
}

void FindingCollector::Trim() {
  // Earliest breaking op first; the sort is stable so findings of one op keep the order
  // the checker found them in (which is deterministic).
  std::stable_sort(kept_.begin(), kept_.end(), [](const Finding& a, const Finding& b) {
    return a.ops.front().op < b.ops.front().op;
  });
  if (kept_.size() > kMaxEvidence) kept_.resize(kMaxEvidence);
}

GuaranteeResult FindingCollector::Finish(size_t judged_ops) && {
  Trim();
  GuaranteeResult r;
  r.checker = std::move(checker_);
  r.judged_ops = judged_ops;
  r.violations = count_;
  r.keys.assign(keys_.begin(), keys_.end());
  r.evidence = std::move(kept_);
  return r;
}

std::string TimeText(int64_t ns) {
  const double ms = static_cast<double>(ns) / 1e6;
  if (ms >= 1000) return absl::StrFormat("%.3fs", ms / 1000);
  // Fine t-visibility buckets and hand-written histories: keep their digits.
  if (ns != 0 && ns < 1000) return absl::StrFormat("%dns", ns);
  if (ns != 0 && ns < 100'000) return absl::StrFormat("%.1fus", static_cast<double>(ns) / 1e3);
  return absl::StrFormat("%.1fms", ms);
}

}  // namespace faultline::checkers::consistency
