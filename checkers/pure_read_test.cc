// Spec::AsPureRead is a fast path for Step: wherever a spec gives one, it must say
// exactly what Step says, in every state, or the search would accept or reject wrongly.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "checkers/spec.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

using testing::Op;

// States that reads of these values could meet: nil, ints, strings that look like
// ints, the empty string, ordinary strings.
std::vector<std::string> StatesOf(const Spec& spec) {
  std::vector<std::string> states = {spec.Init()};
  const std::vector<Value> values = {Value::Nil(),     Value::Int(0),   Value::Int(5),
                                     Value::Int(-12),  Value::Str(""),  Value::Str("5"),
                                     Value::Str("05"), Value::Str("x"), Value::Str("x 1 0 y")};
  for (const Value& v : values) {
    for (const char* f : {"write", "put", "append", "add"}) {
      std::optional<std::string> s = spec.Step(spec.Init(), Op(0, f, v, {}, {}, 0, 1));
      if (s) states.push_back(*s);
      // A second element, for specs whose states grow (sets).
      if (s) s = spec.Step(*s, Op(0, f, Value::Int(7), {}, {}, 0, 1));
      if (s) states.push_back(*s);
    }
  }
  std::sort(states.begin(), states.end());
  states.erase(std::unique(states.begin(), states.end()), states.end());
  return states;
}

void ExpectAgreesWithStep(const Spec& spec) {
  const std::vector<Value> outputs = {
      Value::Nil(),    Value::Int(0),      Value::Int(5),       Value::Int(-12),  Value::Str(""),
      Value::Str("5"), Value::Str("05"),   Value::Str("x"),     Value::Unknown(), Value::Set({}),
      Value::Set({5}), Value::Set({5, 7}), Value::Set({-12, 7})};
  int reads = 0;
  for (const char* f : {"read", "get", "write", "append", "add"}) {
    for (const Value& out : outputs) {
      const Operation op = Op(0, f, {}, {}, out, 0, 1);
      const std::optional<PureRead> read = spec.AsPureRead(op);
      if (!read) continue;
      ++reads;
      for (const std::string& state : StatesOf(spec)) {
        const std::optional<std::string> stepped = spec.Step(state, op);
        const bool listed = read->any_state || std::find(read->states.begin(), read->states.end(),
                                                         state) != read->states.end();
        EXPECT_EQ(stepped.has_value(), listed)
            << spec.name() << " " << f << " -> " << out.ToString() << " in state " << state;
        if (stepped) {
          EXPECT_EQ(*stepped, state) << "a pure read changed the state";
        }
      }
    }
  }
  EXPECT_GT(reads, 0) << spec.name() << " has no pure reads";
}

TEST(PureReadTest, RegisterAgreesWithStep) { ExpectAgreesWithStep(*FindSpec("register")); }
TEST(PureReadTest, KvAgreesWithStep) { ExpectAgreesWithStep(*FindSpec("kv")); }
TEST(PureReadTest, SetAgreesWithStep) { ExpectAgreesWithStep(*FindSpec("set")); }

TEST(PureReadTest, WritesAreNotPureReads) {
  for (const char* name : {"register", "kv", "set"}) {
    const Spec& m = *FindSpec(name);
    EXPECT_FALSE(m.AsPureRead(Op(0, "write", Value::Int(1), {}, {}, 0, 1)));
    EXPECT_FALSE(m.AsPureRead(Op(0, "cas", Value::Int(1), Value::Int(2), {}, 0, 1)));
    EXPECT_FALSE(m.AsPureRead(Op(0, "add", Value::Int(1), {}, {}, 0, 1)));
  }
}

}  // namespace
}  // namespace faultline::checkers
