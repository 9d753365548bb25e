// Properties of the linearizability checker: it agrees with a brute-force search over
// every real-time-consistent ordering on small random histories, and accepts every
// history that is linearizable by construction.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "checkers/history_generator.h"
#include "checkers/linearizability.h"
#include "checkers/spec.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

// Tries every order of the not-yet-placed ops: an op may go next unless an unplaced ok
// op returned strictly before it was called; info ops may also be left out. Fail ops
// must already be removed.
bool BruteForce(const std::vector<Operation>& ops, const Spec& spec, const std::string& state,
                std::vector<bool>& placed, int ok_left) {
  if (ok_left == 0) return true;
  for (size_t c = 0; c < ops.size(); ++c) {
    if (placed[c]) continue;
    bool blocked = false;
    for (size_t o = 0; o < ops.size() && !blocked; ++o) {
      blocked = o != c && !placed[o] && ops[o].status == Status::kOk && ops[o].ret < ops[c].call;
    }
    if (blocked) continue;
    std::optional<std::string> next = spec.Step(state, ops[c]);
    if (!next) continue;
    placed[c] = true;
    const int left = ok_left - (ops[c].status == Status::kOk ? 1 : 0);
    if (BruteForce(ops, spec, *next, placed, left)) return true;
    placed[c] = false;
  }
  return false;
}

bool BruteForceLinearizable(const History& h, const Spec& spec) {
  std::vector<Operation> ops;
  int ok = 0;
  for (const Operation& op : h.ops) {
    if (op.status == Status::kFail) continue;
    ops.push_back(op);
    if (op.status == Status::kOk) ++ok;
  }
  std::vector<bool> placed(ops.size(), false);
  return BruteForce(ops, spec, spec.Init(), placed, ok);
}

Value GenValue(int code) {
  if (code == 3) return Value::Nil();
  if (code == 4) return Value::Unknown();
  return Value::Int(code);
}

History GenRandomHistory() {
  const int processes = *rc::gen::inRange(2, 5);
  const int n = *rc::gen::inRange(0, 9);
  std::vector<Operation> ops;
  for (int i = 0; i < n; ++i) {
    static const char* const kFs[] = {"read", "write", "cas"};
    const std::string f = kFs[*rc::gen::inRange(0, 3)];
    const int status_roll = *rc::gen::inRange(0, 10);
    const Status status =
        status_roll < 7 ? Status::kOk : (status_roll < 9 ? Status::kInfo : Status::kFail);
    const int64_t call = *rc::gen::inRange(0, 20);
    const int64_t ret = call + *rc::gen::inRange(0, 8);
    ops.push_back(testing::Op(
        *rc::gen::inRange(0, processes), f, Value::Int(*rc::gen::inRange(0, 3)),
        Value::Int(*rc::gen::inRange(0, 3)),
        f == "read" ? GenValue(*rc::gen::inRange(0, 5)) : Value::Nil(), call, ret, status));
  }
  return testing::Hist(std::move(ops));
}

RC_GTEST_PROP(LinearizabilityProperty, AgreesWithBruteForce, ()) {
  const History h = GenRandomHistory();
  const Spec& spec = *FindSpec("register");
  const CheckResult r = CheckLinearizability(h, spec, CheckOptions{});
  const bool expected = BruteForceLinearizable(h, spec);
  RC_TAG(expected);
  RC_ASSERT(r.verdict == (expected ? Verdict::kLinearizable : Verdict::kNotLinearizable));
  if (!expected) {
    RC_ASSERT(r.violation.has_value());
    // The evidence prefix must itself be a legal sequential run.
    std::string state = spec.Init();
    for (size_t i : r.violation->longest_prefix) {
      std::optional<std::string> next = spec.Step(state, h.ops[i]);
      RC_ASSERT(next.has_value());
      state = *next;
    }
  }
}

// A history linearizable by construction (history_generator.h): each op takes effect at a
// random point of its interval (an info op after its call, or never), with values drawn
// from 1..3 so that equal states are reached by different paths, as the memo cache must
// handle.
History GenLinearizableHistory() {
  GeneratorOptions o;
  o.seed = *rc::gen::arbitrary<uint64_t>();
  o.ops = *rc::gen::inRange<int64_t>(0, 16);
  o.clients = *rc::gen::inRange<int64_t>(2, 5);
  o.keys = *rc::gen::inRange<int64_t>(1, 3);
  o.value_range = 3;
  o.info_ppm = 200'000;
  o.fail_ppm = 100'000;
  o.call_gap_max = 6;
  o.latency_max = 12;
  return GenerateHistory(o);
}

RC_GTEST_PROP(LinearizabilityProperty, AcceptsHistoriesLinearizableByConstruction, ()) {
  const History h = GenLinearizableHistory();
  const CheckResult r = CheckLinearizability(h, *FindSpec("kv"), CheckOptions{});
  RC_ASSERT(r.verdict == Verdict::kLinearizable);
}

RC_GTEST_PROP(LinearizabilityProperty, ExhaustedBudgetIsUnknown, ()) {
  History h = GenLinearizableHistory();
  h.ops.push_back(testing::W(0, 1, 0, 1));  // at least one op to search
  CheckOptions options;
  options.out_of_budget = [] { return true; };
  const CheckResult r = CheckLinearizability(h, *FindSpec("kv"), options);
  RC_ASSERT(r.verdict == Verdict::kUnknown);
}

}  // namespace
}  // namespace faultline::checkers
