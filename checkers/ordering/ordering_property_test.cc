// Properties of the broker-side order check over generated runs: a FIFO single consumer
// that applies each key's messages in send order never violates order, and swapping two
// adjacent applications of one key's sequential sends creates exactly one violation.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "checkers/ordering/ordering_checker.h"
#include "checkers/ordering/test_lines.h"

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

struct Run {
  std::string sends;
  // (key, value) in the order the consumer applies them.
  std::vector<std::pair<std::string, int64_t>> applies;
};

// Each key's producer sends 1..n sequentially (each acked before the next is invoked);
// producers of different keys interleave. The consumer applies in FIFO (send) order.
Run GenerateFifoRun() {
  const int keys = *rc::gen::inRange(1, 4);
  Run run;
  std::vector<int64_t> next(static_cast<size_t>(keys), 1);
  const int sends = *rc::gen::inRange(1, 30);
  for (int i = 0; i < sends; ++i) {
    const int k = *rc::gen::inRange(0, keys);
    const std::string key = absl::StrCat("e", k);
    const int64_t v = next[static_cast<size_t>(k)]++;
    run.sends += Send(i * 10, i * 10 + 5, k + 1, i + 1, key, v);
    run.applies.push_back({key, v});
  }
  return run;
}

std::string WithApplies(const Run& run) {
  std::string h = run.sends;
  int64_t t = 10'000;
  for (const auto& [key, v] : run.applies) h += Apply(t++, key, v, 1, "n2");
  return h + Pending(t, 99, 10'000, "[]");
}

RC_GTEST_PROP(OrderingPropertyTest, FifoSingleConsumerHasNoViolation, ()) {
  const Run run = GenerateFifoRun();
  const OrderingReport r = CheckOrdering(Parse(WithApplies(run)));
  RC_ASSERT(r.anomalies.empty());
  RC_ASSERT(r.metrics.at("applied") == static_cast<double>(run.applies.size()));
}

RC_GTEST_PROP(OrderingPropertyTest, SwappingTwoAppliesOfOneKeyMakesOneViolation, ()) {
  Run run = GenerateFifoRun();
  // Pick an application whose key has a later message; swap the two messages' places.
  std::vector<std::pair<size_t, size_t>> adjacent;  // positions of consecutive same-key applies
  for (size_t i = 0; i < run.applies.size(); ++i) {
    for (size_t j = i + 1; j < run.applies.size(); ++j) {
      if (run.applies[j].first == run.applies[i].first) {
        adjacent.push_back({i, j});
        break;
      }
    }
  }
  RC_PRE(!adjacent.empty());
  const auto [i, j] = *rc::gen::elementOf(adjacent);
  std::swap(run.applies[i], run.applies[j]);
  const OrderingReport r = CheckOrdering(Parse(WithApplies(run)));
  RC_ASSERT(Count(r, "order-violation") == 1);
  RC_ASSERT(r.anomalies.size() == 1u);
  RC_ASSERT(!r.Valid(false));
}

}  // namespace
}  // namespace faultline::checkers::ordering
