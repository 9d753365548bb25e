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
using testing::R;
using testing::RNil;
using testing::RUnknown;
using testing::W;

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

TEST(SpecTest, ValidateHistoryRefusesAnOpTheSpecDoesNotKnow) {
  History h = Hist({W(0, 1, 0, 10), Op(1, "frobnicate", {}, {}, {}, 20, 30)});
  h.ops[1].line = 3;
  const absl::Status st = ValidateHistory(h, *FindSpec("kv"));
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "test:3: spec kv has no op 'frobnicate'; it knows read, write, cas, get, put, append");
  EXPECT_TRUE(ValidateHistory(Hist({W(0, 1, 0, 10)}), *FindSpec("kv")).ok());
  EXPECT_TRUE(ValidateHistory(Hist({}), *FindSpec("mutex")).ok());
}

TEST(SpecTest, ValidateHistorySuggestsAnOpOrTheSpecsThatKnowIt) {
  const History typo = Hist({Op(0, "wirte", Value::Int(1), {}, {}, 0, 10)});
  EXPECT_NE(ValidateHistory(typo, *FindSpec("register")).message().find("did you mean 'write'?"),
            std::string_view::npos);
  // An etcd register history checked as a queue: the wrong spec, not a violation.
  const History etcd = Hist({W(0, 1, 0, 10), R(1, 1, 20, 30)});
  for (const char* spec : {"queue", "counter", "mutex", "set"}) {
    const absl::Status st = ValidateHistory(etcd, *FindSpec(spec));
    EXPECT_NE(st.message().find("specs that know 'write': kv, register"), std::string_view::npos)
        << spec << ": " << st.message();
  }
}

TEST(SpecTest, ValidateHistoryChecksValueKinds) {
  const History add_text = Hist({Op(0, "add", Value::Str("x"), {}, {}, 0, 10)});
  EXPECT_NE(ValidateHistory(add_text, *FindSpec("counter")).message().find(
                "add needs an integer to add, found \"x\""),
            std::string_view::npos);
  EXPECT_FALSE(ValidateHistory(add_text, *FindSpec("set")).ok());
  EXPECT_TRUE(ValidateHistory(Hist({Op(0, "add", Value::Int(2), {}, {}, 0, 10)}),
                              *FindSpec("counter"))
                  .ok());
  // A read's result is judged only when it was seen: fail and unknown results pass.
  EXPECT_FALSE(ValidateHistory(Hist({RNil(0, 0, 10)}), *FindSpec("set")).ok());
  EXPECT_TRUE(ValidateHistory(Hist({RUnknown(0, 0, 10)}), *FindSpec("set")).ok());
  EXPECT_TRUE(ValidateHistory(Hist({R(0, 1, 0, 10, Status::kFail)}), *FindSpec("set")).ok());
}

}  // namespace
}  // namespace faultline::checkers
