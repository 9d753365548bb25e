// Properties of the consistency checkers on generated histories: a history from a
// sequential (linearizable) register execution never breaks a session guarantee, loses
// no write and has no stale read; a stale-read mutation (history_generator.h) is always
// measured as stale.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "checkers/consistency/lost_writes.h"
#include "checkers/consistency/session_guarantees.h"
#include "checkers/consistency/staleness.h"
#include "checkers/history_generator.h"

namespace faultline::checkers::consistency {
namespace {

GeneratorOptions GenOptions() {
  GeneratorOptions o;
  o.seed = *rc::gen::arbitrary<uint64_t>();
  o.ops = *rc::gen::inRange<int64_t>(0, 300);
  o.clients = *rc::gen::inRange<int64_t>(1, 9);
  o.keys = *rc::gen::inRange<int64_t>(1, 5);
  o.info_ppm = *rc::gen::inRange<uint32_t>(0, 200'000);
  o.fail_ppm = *rc::gen::inRange<uint32_t>(0, 200'000);
  o.latency_max = *rc::gen::inRange<int64_t>(0, 40);
  return o;
}

RC_GTEST_PROP(ConsistencyPropertyTest, LinearizableHistoriesKeepEveryGuarantee, ()) {
  const History h = GenerateHistory(GenOptions());
  absl::StatusOr<KvView> view = KvView::Build(h);
  RC_ASSERT(view.ok());
  for (auto check : {CheckReadYourWrites, CheckMonotonicReads, CheckMonotonicWrites,
                     CheckWritesFollowReads, CheckLostWrites}) {
    const GuaranteeResult r = check(*view);
    if (r.violations > 0) RC_LOG() << r.checker << ": " << r.evidence.at(0).explanation << "\n";
    RC_ASSERT(r.violations == 0u);
  }
  const StalenessReport s = MeasureStaleness(*view, StalenessOptions{});
  RC_ASSERT(s.stale_reads == 0u);
  for (const TVisibilityPoint& p : s.t_visibility) RC_ASSERT(p.fresh == p.pairs);
}

RC_GTEST_PROP(ConsistencyPropertyTest, AStaleReadMutationIsMeasuredStale, ()) {
  GeneratorOptions o = GenOptions();
  o.ops = *rc::gen::inRange<int64_t>(20, 300);
  History h = GenerateHistory(o);
  const MutationOutcome m = Mutate(h, Mutation::kStaleRead, o.seed);
  RC_PRE(m.applied);
  absl::StatusOr<KvView> view = KvView::Build(h);
  RC_ASSERT(view.ok());
  const StalenessReport s = MeasureStaleness(*view, StalenessOptions{});
  RC_ASSERT(s.stale_reads >= 1u);
}

}  // namespace
}  // namespace faultline::checkers::consistency
