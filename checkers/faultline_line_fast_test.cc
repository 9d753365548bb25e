// The faultline reader's fast path must never disagree with the full JSON parser: on
// every line it accepts, it gives the same Event; on lines it declines, the full parser
// decides (and gives the error).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "checkers/internal/faultline_line_fast.h"
#include "checkers/internal/history_events.h"

namespace faultline::checkers::internal {
namespace {

bool SameEvent(const Event& a, const Event& b) {
  return a.time == b.time && a.process == b.process && a.type == b.type && a.f == b.f &&
         a.key == b.key && a.value == b.value && a.value2 == b.value2;
}

void ExpectAgrees(const std::string& line) {
  const std::optional<Event> fast = ParseFaultlineLineFast(line);
  if (!fast) return;
  const LineRef at{"test", 1};
  absl::StatusOr<std::optional<Event>> full = ParseFaultlineLineWithJson(line, at);
  ASSERT_TRUE(full.ok()) << "fast path accepted a line the JSON parser rejects: " << line
                         << "\n" << full.status();
  ASSERT_TRUE(full->has_value()) << line;
  EXPECT_TRUE(SameEvent(*fast, **full)) << line;
}

TEST(FaultlineLineFastTest, ReadsWhatTheSimulatorWrites) {
  const std::vector<std::string> lines = {
      R"({"index":0,"time":2620987,"process":0,"type":"invoke","f":"write","key":"k8","value":1})",
      R"({"index":7,"time":5,"process":3,"type":"ok","f":"read","key":"k0","value":null})",
      R"({"index":9,"time":5,"process":3,"type":"invoke","f":"cas","key":"k9","value":[null,4]})",
      R"({"index":9,"time":5,"process":3,"type":"ok","f":"read","key":"s","value":[3,1,2]})",
      R"({"time":-5,"process":-3,"type":"info","f":"append","key":"","value":"x 1 0 y"})",
      R"( { "time" : 1 , "process" : 2 , "type" : "fail" , "f" : "put" , "key" : "a" , "value" : "" } )",
  };
  for (const std::string& line : lines) {
    ASSERT_TRUE(ParseFaultlineLineFast(line).has_value()) << line;
    ExpectAgrees(line);
  }
}

TEST(FaultlineLineFastTest, DeclinesWhatItCannotReadExactly) {
  for (const char* line : {
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k","value":1.0})",
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k\u0031","value":1})",
           R"({"time":1,"process":2,"type":"done","f":"read","key":"k","value":1})",
           R"({"time":1,"process":2,"type":"ok","f":"","key":"k","value":1})",
           R"({"time":1,"time":2,"process":2,"type":"ok","f":"read","key":"k","value":1})",
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k"})",
           R"({"time":1,"process":2,"type":"ok","f":"write","key":"k","value":[1,2]})",
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k","value":[1,1]})",
           R"({"time":1,"process":2,"type":"ok","f":"cas","key":"k","value":[1]})",
           R"({"time":99999999999999999999,"process":2,"type":"ok","f":"read","key":"k","value":1})",
           R"({"time":01,"process":2,"type":"ok","f":"read","key":"k","value":1})",
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k","value":1} x)",
           R"({"time":1,"process":2,"type":"ok","f":"read","key":"k","value":1,"extra":0})",
       }) {
    EXPECT_FALSE(ParseFaultlineLineFast(line).has_value()) << line;
  }
}

// A node's observe line (a router's load, a migration's phase) is no op: the fast path
// declines it, even one shaped like an op, and the full parser skips it (no event).
TEST(FaultlineLineFastTest, ObserveLinesAreDeclinedAndSkipped) {
  for (const char* line : {
           R"({"time":5,"node":"router","type":"observe","f":"load","key":"shard2","value":7,"detail":{"window_ns":100}})",
           R"({"time":5,"process":1,"type":"observe","f":"read","key":"k","value":1})",
       }) {
    EXPECT_FALSE(ParseFaultlineLineFast(line).has_value()) << line;
    absl::StatusOr<std::optional<Event>> full = ParseFaultlineLine(line, LineRef{"test", 1});
    ASSERT_TRUE(full.ok()) << full.status();
    EXPECT_FALSE(full->has_value()) << line;
  }
}

// Lines assembled from valid and broken pieces: whatever the fast path accepts, the
// JSON parser reads the same way.
RC_GTEST_PROP(FaultlineLineFastTest, AgreesWithTheJsonParser, ()) {
  const auto piece = [](std::vector<std::string> options) {
    return *rc::gen::elementOf(options);
  };
  std::string line = "{";
  std::vector<std::string> fields = {
      piece({"\"time\":12", "\"time\":-3", "\"time\":1.5", "\"time\":\"7\"", "\"time\":0"}),
      piece({"\"process\":4", "\"process\":null", "\"process\":9223372036854775807"}),
      piece({"\"type\":\"invoke\"", "\"type\":\"ok\"", "\"type\":\"info\"", "\"type\":\"fail\"",
             "\"type\":\"OK\""}),
      piece({"\"f\":\"read\"", "\"f\":\"cas\"", "\"f\":\"write\"", "\"f\":\"\"", "\"f\":\"add\""}),
      piece({"\"key\":\"k1\"", "\"key\":\"\"", "\"key\":\"a b\"", "\"key\":5"}),
      piece({"\"value\":null", "\"value\":3", "\"value\":\"x\"", "\"value\":[1,2]",
             "\"value\":[null,\"s\"]", "\"value\":[]", "\"value\":[2,2]", "\"value\":[1,[2]]",
             "\"value\":-0", "\"value\":true"}),
  };
  if (*rc::gen::arbitrary<bool>()) fields.push_back("\"index\":3");
  const auto order = *rc::gen::container<std::vector<size_t>>(
      fields.size(), rc::gen::inRange<size_t>(0, fields.size()));
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0) line += *rc::gen::elementOf(std::vector<std::string>{",", " , ", ""});
    line += fields[order[i]];
  }
  line += "}";
  ExpectAgrees(line);
}

}  // namespace
}  // namespace faultline::checkers::internal
