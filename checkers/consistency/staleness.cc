#include "checkers/consistency/staleness.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "base/check.h"
#include "checkers/consistency/finding.h"

namespace faultline::checkers::consistency {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

// Acknowledged writes indexed by call time, queried for "invoked after T": how many, and
// the one acknowledged first. A Fenwick tree over call-time ranks, reversed so that the
// suffix "call > T" is a prefix. Writes go in by ack time, so the first one a node holds
// is its earliest acknowledged.
class NewerWrites {
 public:
  explicit NewerWrites(std::vector<int64_t> calls) : calls_(std::move(calls)) {
    std::sort(calls_.begin(), calls_.end());
    calls_.erase(std::unique(calls_.begin(), calls_.end()), calls_.end());
    count_.assign(calls_.size() + 1, 0);
    first_.assign(calls_.size() + 1, {kNever, 0});
  }
  void Add(int64_t call, int64_t ret, size_t op) {
    for (size_t i = Rank(call); i < count_.size(); i += i & (~i + 1)) {
      ++count_[i];
      first_[i] = std::min(first_[i], std::pair{ret, op});
    }
  }
  // Writes added so far whose call is > t, and the (ret, op) acknowledged first.
  std::pair<int64_t, std::pair<int64_t, size_t>> After(int64_t t) const {
    // Ranks 1..k of the reversed order are the k largest calls; those > t.
    const size_t k =
        static_cast<size_t>(calls_.end() - std::upper_bound(calls_.begin(), calls_.end(), t));
    int64_t n = 0;
    std::pair<int64_t, size_t> first{kNever, 0};
    for (size_t i = k; i > 0; i -= i & (~i + 1)) {
      n += count_[i];
      first = std::min(first, first_[i]);
    }
    return {n, first};
  }

 private:
  // 1-based rank from the largest call down.
  size_t Rank(int64_t call) const {
    const auto it = std::lower_bound(calls_.begin(), calls_.end(), call);
    return static_cast<size_t>(calls_.end() - it);
  }
  std::vector<int64_t> calls_;
  std::vector<int64_t> count_;
  std::vector<std::pair<int64_t, size_t>> first_;
};

// Writes acked before the read that are newer than everything it returned must have
// been invoked after this time; kNever when nothing can be newer.
int64_t NewerThan(const KvView& view, const Observation& o) {
  int64_t t = std::numeric_limits<int64_t>::min();  // nil: every write is newer
  for (const std::optional<size_t>& w : o.writers) {
    if (!w || view.op(*w).status != Status::kOk) return kNever;
    t = std::max(t, view.op(*w).ret);
  }
  return t;
}

void MeasureKey(const KvView& view, const KvView::Key& key, std::vector<int64_t>& versions,
                std::vector<int64_t>& times, std::vector<StaleRead>& stale) {
  std::vector<size_t> acked;
  std::vector<int64_t> calls;
  for (size_t w : key.writes) {
    if (view.op(w).status != Status::kOk) continue;
    acked.push_back(w);
    calls.push_back(view.op(w).call);
  }
  std::stable_sort(acked.begin(), acked.end(),
                   [&](size_t a, size_t b) { return view.op(a).ret < view.op(b).ret; });
  std::vector<size_t> reads = key.reads;
  std::stable_sort(reads.begin(), reads.end(),
                   [&](size_t a, size_t b) { return view.op(a).call < view.op(b).call; });
  NewerWrites newer(std::move(calls));
  size_t next = 0;
  for (size_t r : reads) {
    const Operation& op = view.op(r);
    for (; next < acked.size() && view.op(acked[next]).ret < op.call; ++next) {
      newer.Add(view.op(acked[next]).call, view.op(acked[next]).ret, acked[next]);
    }
    const int64_t after = NewerThan(view, view.Observe(r));
    int64_t behind = 0;
    int64_t time_ns = 0;
    if (after != kNever) {
      const auto [n, first] = newer.After(after);
      behind = n;
      if (n > 0) {
        time_ns = op.call - first.first;
        stale.push_back(StaleRead{r, first.second, n, time_ns});
      }
    }
    versions.push_back(behind);
    times.push_back(time_ns);
  }
}

Percentiles NearestRank(std::vector<int64_t> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  auto at = [&](size_t per_mille) { return v[(per_mille * n + 999) / 1000 - 1]; };
  p.p50 = at(500);
  p.p95 = at(950);
  p.p99 = at(990);
  p.max = v.back();
  return p;
}

}  // namespace

StalenessReport MeasureStaleness(const KvView& view, const StalenessOptions& options) {
  FL_CHECK(options.t_bucket_ns > 0 && options.t_buckets > 0);
  StalenessReport report;
  report.judged_ops = view.judged_ops();
  std::vector<int64_t> versions;
  std::vector<int64_t> times;
  std::vector<StaleRead> stale;
  for (const KvView::Key& key : view.keys()) MeasureKey(view, key, versions, times, stale);
  report.reads = versions.size();
  report.stale_reads = stale.size();
  report.stale_read_ratio =
      report.reads == 0 ? 0.0
                        : static_cast<double>(stale.size()) / static_cast<double>(report.reads);
  report.versions_behind = NearestRank(std::move(versions));
  report.time_behind_ns = NearestRank(std::move(times));
  std::sort(stale.begin(), stale.end(),
            [](const StaleRead& a, const StaleRead& b) { return a.read < b.read; });
  if (stale.size() > kMaxEvidence) stale.resize(kMaxEvidence);
  report.examples = std::move(stale);
  report.t_bucket_ns = options.t_bucket_ns;
  report.t_horizon_ns = options.t_bucket_ns * options.t_buckets;
  report.t_visibility = TVisibility(view, options);
  return report;
}

}  // namespace faultline::checkers::consistency
