// The t-visibility curve of Bailis et al.'s PBS (staleness.h has the definition).
#include <algorithm>
#include <map>

#include "base/check.h"
#include "checkers/consistency/staleness.h"

namespace faultline::checkers::consistency {

std::vector<TVisibilityPoint> TVisibility(const KvView& view, const StalenessOptions& options) {
  FL_CHECK(options.t_bucket_ns > 0 && options.t_buckets > 0);
  std::map<int64_t, TVisibilityPoint> buckets;  // by bucket number
  for (const KvView::Key& key : view.keys()) {
    std::vector<size_t> writes = key.writes;  // ok and info: either may intervene
    std::stable_sort(writes.begin(), writes.end(),
                     [&](size_t a, size_t b) { return view.op(a).call < view.op(b).call; });
    for (size_t r : key.reads) {
      const int64_t call = view.op(r).call;
      const auto it = std::lower_bound(writes.begin(), writes.end(), call,
                                       [&](size_t w, int64_t t) { return view.op(w).call < t; });
      if (it == writes.begin()) continue;  // no write before the read
      const size_t w = *(it - 1);
      // Two writes invoked at the same instant: which is the last is unknown.
      if (it - 1 != writes.begin() && view.op(*(it - 2)).call == view.op(w).call) continue;
      const Operation& write = view.op(w);
      if (write.status != Status::kOk || write.ret > call) continue;
      const int64_t t = call - write.ret;
      const int64_t bucket = std::min(t / options.t_bucket_ns, options.t_buckets);
      TVisibilityPoint& p = buckets[bucket];
      p.t_ns = bucket * options.t_bucket_ns;
      ++p.pairs;
      if (!view.ObservationPrecedes(view.Observe(r), w)) ++p.fresh;
    }
  }
  std::vector<TVisibilityPoint> curve;
  for (auto& [bucket, p] : buckets) {
    p.probability = static_cast<double>(p.fresh) / static_cast<double>(p.pairs);
    curve.push_back(p);
  }
  return curve;
}

}  // namespace faultline::checkers::consistency
