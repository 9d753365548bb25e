#include "checkers/set_spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

using testing::Hist;
using testing::Op;

Operation Add(int64_t p, int64_t x, int64_t call, int64_t ret, Status s = Status::kOk) {
  return Op(p, "add", Value::Int(x), {}, {}, call, ret, s);
}
Operation Read(int64_t p, Value out, int64_t call, int64_t ret, Status s = Status::kOk) {
  return Op(p, "read", {}, {}, std::move(out), call, ret, s);
}

std::optional<std::string> Apply(const std::vector<Operation>& ops) {
  const SetSpec m;
  std::optional<std::string> state = m.Init();
  for (const Operation& op : ops) {
    if (!state) break;
    state = m.Step(*state, op);
  }
  return state;
}

TEST(SetSpecTest, IsRegistered) { EXPECT_EQ(FindSpec("set")->name(), "set"); }

TEST(SetSpecTest, ReadsSeeExactlyTheAddedElements) {
  EXPECT_TRUE(Apply({Read(0, Value::Set({}), 0, 1)}));
  EXPECT_TRUE(Apply({Add(0, 3, 0, 1), Add(0, 1, 0, 1), Read(0, Value::Set({1, 3}), 0, 1)}));
  // Missing an element, or holding one nobody added, are both illegal.
  EXPECT_FALSE(Apply({Add(0, 3, 0, 1), Add(0, 1, 0, 1), Read(0, Value::Set({3}), 0, 1)}));
  EXPECT_FALSE(Apply({Add(0, 3, 0, 1), Read(0, Value::Set({3, 4}), 0, 1)}));
  // A read of nil, an integer or a string is not a set.
  EXPECT_FALSE(Apply({Read(0, Value::Nil(), 0, 1)}));
  EXPECT_FALSE(Apply({Add(0, 3, 0, 1), Read(0, Value::Int(3), 0, 1)}));
  // An add needs an integer; other fs are illegal.
  EXPECT_FALSE(Apply({Op(0, "add", Value::Str("x"), {}, {}, 0, 1)}));
  EXPECT_FALSE(Apply({Op(0, "remove", Value::Int(1), {}, {}, 0, 1)}));
}

TEST(SetSpecTest, UnknownReadMatchesAnything) {
  EXPECT_EQ(Apply({Add(0, 2, 0, 1), Read(0, Value::Unknown(), 0, 1)}), Apply({Add(0, 2, 0, 1)}));
}

TEST(SetSpecTest, StatesAreCanonical) {
  // The same elements in any order, added any number of times, give the same state, so
  // the checker's memo sees them as one.
  EXPECT_EQ(Apply({Add(0, 5, 0, 1), Add(0, -7, 0, 1), Add(0, 5, 0, 1)}),
            Apply({Add(0, -7, 0, 1), Add(0, 5, 0, 1)}));
  EXPECT_NE(Apply({Add(0, 5, 0, 1)}), Apply({Add(0, 6, 0, 1)}));
}

TEST(SetSpecTest, DescribesStateInNumericOrder) {
  const int64_t big = int64_t{1} << 40;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  const std::optional<std::string> s =
      Apply({Add(0, 5, 0, 1), Add(0, -1, 0, 1), Add(0, big, 0, 1), Add(0, kMin, 0, 1)});
  ASSERT_TRUE(s);
  EXPECT_EQ(SetSpec().DescribeState(*s),
            "{-9223372036854775808, -1, 5, " + std::to_string(big) + "}");
  EXPECT_EQ(SetSpec().DescribeState(SetSpec().Init()), "{}");
  EXPECT_TRUE(Apply({Add(0, 5, 0, 1), Add(0, -1, 0, 1), Add(0, big, 0, 1), Add(0, kMin, 0, 1),
                     Read(0, Value::Set({big, 5, -1, kMin}), 0, 1)}));
}

TEST(SetSpecTest, ValueSetSortsAndPrints) {
  EXPECT_EQ(Value::Set({3, 1, 3}).elems, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Value::Set({3, 1}), Value::Set({1, 3}));
  EXPECT_FALSE(Value::Set({}) == Value::Nil());
  EXPECT_EQ(Value::Set({5, 1, 3}).ToString(), "{1, 3, 5}");
}

CheckResult CheckSet(const History& h) {
  return CheckLinearizability(h, *FindSpec("set"), CheckOptions{});
}

TEST(SetSpecTest, ConcurrentAddMayOrMayNotBeSeen) {
  // The read overlaps the add of 2: with or without it, both are linearizable.
  EXPECT_EQ(CheckSet(Hist({Add(0, 1, 0, 10), Add(1, 2, 20, 40), Read(2, Value::Set({1}), 25, 30)}))
                .verdict,
            Verdict::kLinearizable);
  EXPECT_EQ(
      CheckSet(Hist({Add(0, 1, 0, 10), Add(1, 2, 20, 40), Read(2, Value::Set({1, 2}), 25, 30)}))
          .verdict,
      Verdict::kLinearizable);
  // An add that timed out (info) may or may not have happened.
  EXPECT_EQ(CheckSet(Hist({Add(0, 1, 0, 10, Status::kInfo), Read(1, Value::Set({}), 20, 30),
                           Read(1, Value::Set({1}), 40, 50)}))
                .verdict,
            Verdict::kLinearizable);
}

TEST(SetSpecTest, ReadMissingACompletedAddIsAViolation) {
  // add 1 and add 2 complete before the read begins, but the read sees only {1}: the add
  // of 2 was lost (or the read is stale).
  const History h = Hist(
      {Add(0, 1, 0, 10), Add(1, 2, 5, 15), Read(2, Value::Set({1}), 20, 30), Add(0, 3, 25, 35)});
  const CheckResult r = CheckSet(h);
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->stuck_op, 2u);
  // The deepest prefix holds both adds that precede the read (and the concurrent add of
  // 3, which may come first too), never the read.
  const std::vector<size_t>& prefix = r.violation->longest_prefix;
  EXPECT_EQ(std::count(prefix.begin(), prefix.end(), 0u), 1);
  EXPECT_EQ(std::count(prefix.begin(), prefix.end(), 1u), 1);
  EXPECT_EQ(std::count(prefix.begin(), prefix.end(), 2u), 0);
  EXPECT_EQ(r.violation->concurrent, (std::vector<size_t>{3}));
  EXPECT_NE(r.violation->explanation.find("state {1, 2"), std::string::npos)
      << r.violation->explanation;
  EXPECT_NE(r.violation->explanation.find("read -> {1}"), std::string::npos)
      << r.violation->explanation;
}

TEST(SetSpecTest, AnElementOnceSeenNeverVanishes) {
  // Once a read sees 1, a later read that misses it is a violation: adds are never undone.
  const History h =
      Hist({Add(0, 1, 0, 50), Read(1, Value::Set({1}), 10, 20), Read(2, Value::Set({}), 30, 40)});
  EXPECT_EQ(CheckSet(h).verdict, Verdict::kNotLinearizable);
}

}  // namespace
}  // namespace faultline::checkers
