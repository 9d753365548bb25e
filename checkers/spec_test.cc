#include "checkers/spec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

using testing::Hist;
using testing::Op;

std::optional<std::string> Apply(const char* spec, const std::vector<Operation>& ops) {
  const Spec* m = FindSpec(spec);
  std::optional<std::string> state = m->Init();
  for (const Operation& op : ops) {
    if (!state) break;
    state = m->Step(*state, op);
  }
  return state;
}

Operation Simple(std::string f, Value in = {}, Value out = {}) {
  return Op(0, std::move(f), std::move(in), {}, std::move(out), 0, 1);
}

TEST(SpecTest, RegistryListsSpecs) {
  EXPECT_EQ(SpecNames(),
            (std::vector<std::string>{"counter", "kv", "mutex", "queue", "register", "set"}));
  EXPECT_EQ(FindSpec("nope"), nullptr);
  for (const std::string& name : SpecNames()) EXPECT_EQ(FindSpec(name)->name(), name);
}

TEST(SpecTest, RegisterDistinguishesNilIntAndString) {
  EXPECT_TRUE(Apply("register", {Simple("read", {}, Value::Nil())}));
  EXPECT_FALSE(Apply("register", {Simple("read", {}, Value::Int(0))}));
  EXPECT_FALSE(
      Apply("register", {Simple("write", Value::Int(1)), Simple("read", {}, Value::Str("1"))}));
  EXPECT_EQ(
      FindSpec("register")->DescribeState(*Apply("register", {Simple("write", Value::Int(4))})),
      "4");
}

TEST(SpecTest, KvGetOfAbsentKeyIsEmpty) {
  EXPECT_TRUE(Apply("kv", {Simple("get", {}, Value::Str(""))}));
  EXPECT_TRUE(Apply("kv", {Simple("get", {}, Value::Nil())}));
  EXPECT_TRUE(Apply("kv", {Simple("append", Value::Str("a")), Simple("append", Value::Str("b")),
                           Simple("get", {}, Value::Str("ab"))}));
  EXPECT_FALSE(Apply("kv", {Simple("put", Value::Str("a")), Simple("get", {}, Value::Str(""))}));
}

TEST(SpecTest, CounterAddsAndReads) {
  EXPECT_TRUE(Apply("counter", {Simple("add", Value::Int(2)), Simple("add", Value::Int(3)),
                                Simple("read", {}, Value::Int(5))}));
  EXPECT_FALSE(Apply("counter", {Simple("add", Value::Int(2)), Simple("read", {}, Value::Int(3))}));
  EXPECT_TRUE(Apply("counter", {Simple("read", {}, Value::Unknown())}));
}

TEST(SpecTest, MutexAlternates) {
  EXPECT_TRUE(Apply("mutex", {Simple("acquire"), Simple("release"), Simple("acquire")}));
  EXPECT_FALSE(Apply("mutex", {Simple("acquire"), Simple("acquire")}));
  EXPECT_FALSE(Apply("mutex", {Simple("release")}));
}

TEST(SpecTest, QueueIsFifo) {
  const auto enq = [](int64_t v) { return Simple("enqueue", Value::Int(v)); };
  const auto deq = [](Value v) { return Simple("dequeue", {}, std::move(v)); };
  EXPECT_TRUE(Apply("queue", {deq(Value::Nil()), enq(1), enq(2), deq(Value::Int(1)),
                              deq(Value::Int(2)), deq(Value::Nil())}));
  EXPECT_FALSE(Apply("queue", {enq(1), enq(2), deq(Value::Int(2))}));
  EXPECT_FALSE(Apply("queue", {enq(1), deq(Value::Nil())}));
  EXPECT_EQ(Apply("queue", {enq(1), enq(2), deq(Value::Unknown())}), Apply("queue", {enq(2)}));
  EXPECT_EQ(FindSpec("queue")->DescribeState(*Apply("queue", {enq(1), enq(2)})), "[1, 2]");
}

TEST(SpecTest, MutexHistoryThroughChecker) {
  // Two overlapping acquires with no release in between cannot both have succeeded.
  const History h =
      Hist({Op(0, "acquire", {}, {}, {}, 0, 10), Op(1, "acquire", {}, {}, {}, 5, 15)});
  const CheckResult r = CheckLinearizability(h, *FindSpec("mutex"), CheckOptions{});
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_EQ(r.violation->longest_prefix.size(), 1u);
  const History ok = Hist({Op(0, "acquire", {}, {}, {}, 0, 10), Op(1, "acquire", {}, {}, {}, 5, 30),
                           Op(0, "release", {}, {}, {}, 12, 20)});
  EXPECT_EQ(CheckLinearizability(ok, *FindSpec("mutex"), CheckOptions{}).verdict,
            Verdict::kLinearizable);
}

}  // namespace
}  // namespace faultline::checkers
