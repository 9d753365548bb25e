#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "viz/trace_events.h"

namespace faultline::viz {
namespace {

// One line of every type, as sim/trace.cc writes them.
constexpr char kEveryType[] =
    R"({"i":0,"t":0,"type":"start","node":"n1"}
{"i":1,"t":0,"type":"send","from":"n1","to":"n2","msg":1,"kind":"heartbeat","body":{"epoch":1,"primary":0}}
{"i":2,"t":0,"type":"duplicate","from":"n1","to":"n2","msg":1,"kind":"heartbeat","body":{"epoch":1,"primary":0}}
{"i":3,"t":135,"type":"deliver","from":"n1","to":"n2","msg":1,"kind":"heartbeat","body":{"epoch":1,"primary":0},"sent":0}
{"i":4,"t":140,"type":"drop","from":"n1","to":"n2","msg":1,"kind":"heartbeat","body":{"epoch":1,"primary":0},"sent":0,"reason":"partition"}
{"i":5,"t":200,"type":"timer","node":"n1","msg":6,"tag":1}
{"i":6,"t":300,"type":"crash","node":"n2"}
{"i":7,"t":400,"type":"restart","node":"n2"}
{"i":8,"t":500,"type":"pause","node":"n1"}
{"i":9,"t":600,"type":"resume","node":"n1"}
{"i":10,"t":700,"type":"partition","text":"{n1} | {n2}"}
{"i":11,"t":800,"type":"heal","text":"partition healed"}
{"i":12,"t":900,"type":"clock","node":"n2","local":972,"text":"jump -497.898402ms"}
{"i":13,"t":1000,"type":"link","text":"n2->*: loss 20%"}
{"i":14,"t":1100,"type":"invoke","node":"c1","op":1,"process":0,"f":"cas","key":"k16","value":[4,9]}
{"i":15,"t":1200,"type":"complete","node":"c1","op":1,"process":0,"f":"cas","key":"k16","value":[4,9],"outcome":"fail"}
{"i":16,"t":1300,"type":"note","node":"n1","text":"primary in epoch 1"}
{"i":17,"t":1400,"type":"note","text":"final reads"}
)";

absl::StatusOr<TraceEvents> Parse(std::string_view text) { return ParseTrace(text, "t.jsonl"); }

TEST(TraceReaderTest, ReadsEveryType) {
  absl::StatusOr<TraceEvents> t = Parse(kEveryType);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->source, "t.jsonl");
  ASSERT_EQ(t->events.size(), 18u);
  const std::vector<std::string> types = {"start",     "send",  "duplicate", "deliver", "drop",
                                          "timer",     "crash", "restart",   "pause",   "resume",
                                          "partition", "heal",  "clock",     "link",    "invoke",
                                          "complete",  "note",  "note"};
  for (size_t i = 0; i < t->events.size(); ++i) {
    EXPECT_EQ(t->events[i].index, static_cast<int64_t>(i));
    EXPECT_EQ(t->events[i].line, static_cast<int64_t>(i + 1));
    EXPECT_EQ(EventTypeName(t->events[i].type), types[i]);
  }
  EXPECT_EQ(t->events[2].type, EventType::kDuplicate);
  const TraceEvent& send = t->events[1];
  EXPECT_EQ(send.node, "n1");
  EXPECT_EQ(send.peer, "n2");
  EXPECT_EQ(send.msg, 1u);
  EXPECT_EQ(send.kind, "heartbeat");
  EXPECT_EQ(send.body, R"({"epoch":1,"primary":0})");
  EXPECT_EQ(t->events[3].sent, 0);
  EXPECT_EQ(t->events[3].time, 135);
  EXPECT_EQ(t->events[4].text, "partition");
  EXPECT_EQ(t->events[5].tag, 1);
  EXPECT_EQ(t->events[5].msg, 6u);
  EXPECT_EQ(t->events[10].text, "{n1} | {n2}");
  EXPECT_EQ(t->events[12].local, 972);
  EXPECT_EQ(t->events[12].text, "jump -497.898402ms");
  const TraceEvent& invoke = t->events[14];
  EXPECT_EQ(invoke.node, "c1");
  EXPECT_EQ(invoke.op, 1u);
  EXPECT_EQ(invoke.process, 0);
  EXPECT_EQ(invoke.f, "cas");
  EXPECT_EQ(invoke.key, "k16");
  EXPECT_EQ(invoke.value, "[4,9]");
  EXPECT_EQ(t->events[15].text, "fail");
  EXPECT_EQ(t->events[16].node, "n1");
  EXPECT_EQ(t->events[17].node, "");
  EXPECT_EQ(t->events[17].text, "final reads");
}

TEST(TraceReaderTest, BodyKeepsFieldOrderAsCompactJson) {
  absl::StatusOr<TraceEvents> t = Parse(
      R"({"i":1, "t":5, "type":"send", "from":"n1", "to":"c2", "msg":9, "kind":"client.reply", "body":{ "op": 3, "outcome": 0, "value": null, "leader": -1 }})");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->events[0].body, R"({"op":3,"outcome":0,"value":null,"leader":-1})");
}

TEST(TraceReaderTest, BlankLinesAndCrlfAreSkippedButCounted) {
  absl::StatusOr<TraceEvents> t = Parse(
      "\n{\"i\":0,\"t\":0,\"type\":\"start\",\"node\":\"n1\"}\r\n  \n"
      "{\"i\":1,\"t\":0,\"type\":\"start\",\"node\":\"n2\"}");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->events.size(), 2u);
  EXPECT_EQ(t->events[0].line, 2);
  EXPECT_EQ(t->events[1].line, 4);
  EXPECT_TRUE(Parse("").ok());
}

TEST(TraceReaderTest, TheKindsHeaderNamesEachKindsLabelFields) {
  absl::StatusOr<TraceEvents> t = Parse(
      R"({"type":"kinds","kinds":{"heartbeat":{},"replicate":{"label":["key","value","epoch"]}}})"
      "\n"
      R"({"i":0,"t":0,"type":"start","node":"n1"})");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->events.size(), 1u);  // the header is not an event
  EXPECT_EQ(t->events[0].line, 2);
  ASSERT_EQ(t->label_fields.size(), 1u);
  EXPECT_EQ(t->label_fields.at("replicate"), (std::vector<std::string>{"key", "value", "epoch"}));
  // Only before the first event, and well formed.
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"type":"kinds","kinds":{"x":{"label":"key"}}})", "t.jsonl:1: expected a kinds header"},
           {R"({"type":"kinds","kinds":[]})", "t.jsonl:1: expected a kinds header"},
           {R"({"i":0,"t":0,"type":"start","node":"n1"})"
            "\n"
            R"({"type":"kinds","kinds":{}})",
            "t.jsonl:2: expected a \"i\" field"}}) {
    absl::StatusOr<TraceEvents> bad = Parse(text);
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_NE(bad.status().message().find(message), std::string::npos) << bad.status();
  }
}

TEST(TraceReaderTest, UnknownFieldsAreIgnored) {
  absl::StatusOr<TraceEvents> t =
      Parse(R"({"i":0,"t":0,"type":"start","node":"n1","color":"blue"})");
  ASSERT_TRUE(t.ok()) << t.status();
}

TEST(TraceReaderTest, AnOpWithoutAKeyReadsAsAnEmptyKey) {
  // A broker's `pending` names no key: the trace writes "key":null.
  absl::StatusOr<TraceEvents> t = Parse(
      R"({"i":0,"t":5,"type":"invoke","node":"c1","op":9,"process":0,"f":"pending","key":null,"value":null})");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->events.size(), 1u);
  EXPECT_EQ(t->events[0].key, "");
  EXPECT_EQ(t->events[0].f, "pending");
}

TEST(TraceReaderTest, MalformedLinesNameFileAndLine) {
  const std::string good = R"({"i":0,"t":10,"type":"start","node":"n1"})"
                           "\n";
  struct Case {
    std::string line;  // becomes line 2, after `good`
    const char* message;
  };
  const Case cases[] = {
      {"not json", "t.jsonl:2: expected a JSON object {\"i\":N,\"t\":T,\"type\":"},
      {"[1,2]", "t.jsonl:2: expected a JSON object"},
      {R"({"t":20,"type":"start","node":"n1"})", "t.jsonl:2: expected a \"i\" field in"},
      {R"({"i":1,"type":"start","node":"n1"})", "t.jsonl:2: expected a \"t\" field in"},
      {R"({"i":1,"t":20,"node":"n1"})", "t.jsonl:2: expected a \"type\" field in"},
      {R"({"i":1,"t":"soon","type":"start","node":"n1"})",
       "t.jsonl:2: expected \"t\" to be an integer, found '\"soon\"'"},
      {R"({"i":1,"t":20,"type":"explode","node":"n1"})",
       "t.jsonl:2: expected \"type\" to be one of start, send, deliver"},
      {R"({"i":1,"t":20,"type":"crash"})", "t.jsonl:2: expected a \"node\" field in a crash event"},
      {R"({"i":1,"t":20,"type":"send","from":"n1","to":"n2","kind":"k","body":{}})",
       "t.jsonl:2: expected a \"msg\" field in a send event"},
      {R"({"i":1,"t":20,"type":"send","from":"n1","to":"n2","msg":-1,"kind":"k","body":{}})",
       "t.jsonl:2: expected \"msg\" to be a non-negative integer, found '-1'"},
      {R"({"i":1,"t":20,"type":"send","from":"n1","to":"n2","msg":1,"kind":"k","body":[1]})",
       "t.jsonl:2: expected \"body\" to be a JSON object, found '[1]'"},
      {R"({"i":1,"t":20,"type":"deliver","from":"n1","to":"n2","msg":1,"kind":"k","body":{}})",
       "t.jsonl:2: expected a \"sent\" field in a deliver event"},
      {R"({"i":1,"t":20,"type":"drop","from":"n1","to":"n2","msg":1,"kind":"k","body":{},"sent":1})",
       "t.jsonl:2: expected a \"reason\" field in a drop event"},
      {R"({"i":1,"t":20,"type":"complete","node":"c1","op":1,"process":0,"f":"read","key":"k","value":1,"outcome":"maybe"})",
       "t.jsonl:2: expected \"outcome\" to be ok, fail or info, found 'maybe'"},
      {R"({"i":1,"t":20,"type":"invoke","node":"c1","op":1,"process":0,"f":"read","key":"k"})",
       "t.jsonl:2: expected a \"value\" field in an invoke event"},
      {R"({"i":1,"t":20,"type":"timer","node":"n1"})",
       "t.jsonl:2: expected a \"tag\" field in a timer event"},
      {R"({"i":1,"t":20,"type":"clock","node":"n1","text":"jump"})",
       "t.jsonl:2: expected a \"local\" field in a clock event"},
      {R"({"i":0,"t":20,"type":"start","node":"n2"})",
       "t.jsonl:2: expected \"i\" above the previous line's (0), found '0'"},
      {R"({"i":1,"t":9,"type":"start","node":"n2"})",
       "t.jsonl:2: expected \"t\" at or after the previous line's (10), found '9'"},
      {R"({"i":1,"t":-5,"type":"start","node":"n2"})",
       "t.jsonl:2: expected \"t\" to be 0 or more, found '-5'"},
      {"{\"i\":1,\"t\":20,\"type\":\"note\",\"text\":\"\xff\"}",
       "t.jsonl:2: expected a JSON object"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<TraceEvents> t = Parse(good + c.line + "\n");
    ASSERT_FALSE(t.ok()) << c.line;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find(c.message), absl::string_view::npos)
        << t.status().message() << "\nwanted: " << c.message;
  }
}

TEST(TraceReaderTest, LongAndBinaryLinesAreQuotedShort) {
  const std::string junk(500, '\x01');
  absl::StatusOr<TraceEvents> t = Parse(junk);
  ASSERT_FALSE(t.ok());
  EXPECT_LT(t.status().message().size(), 500u);
  EXPECT_NE(t.status().message().find("t.jsonl:1: expected"), absl::string_view::npos);
  EXPECT_NE(t.status().message().find("\\x01"), absl::string_view::npos);
}

TEST(TraceReaderTest, MissingFileIsNotFoundNamingThePath) {
  absl::StatusOr<TraceEvents> t = ReadTraceFile("/nonexistent/trace.jsonl");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/trace.jsonl"), absl::string_view::npos);
}

TEST(TraceReaderTest, EventTypeNamesMatchTheTrace) {
  EXPECT_EQ(EventTypeName(EventType::kStart), "start");
  EXPECT_EQ(EventTypeName(EventType::kDuplicate), "duplicate");
  EXPECT_EQ(EventTypeName(EventType::kComplete), "complete");
  EXPECT_EQ(EventTypeName(EventType::kNote), "note");
}

bool OkOrInvalidArgument(const absl::StatusOr<TraceEvents>& t) {
  return t.ok() || t.status().code() == absl::StatusCode::kInvalidArgument;
}

RC_GTEST_PROP(TraceReaderFuzz, RandomBytesNeverCrash, (const std::string& text)) {
  RC_ASSERT(OkOrInvalidArgument(ParseTrace(text, "fuzz.jsonl")));
}

// Valid lines with a few bytes deleted, inserted or copied: near misses reach deeper
// into the reader than random bytes do.
RC_GTEST_PROP(TraceReaderFuzz, MutatedTracesNeverCrash, ()) {
  std::string text(kEveryType);
  const std::string alphabet = " \n:,{}[]\"-0123456789.eEnulltrfa\\";
  const int edits = *rc::gen::inRange(1, 6);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const size_t pos = *rc::gen::inRange<size_t>(0, text.size());
    const size_t len = *rc::gen::inRange<size_t>(0, std::min<size_t>(8, text.size() - pos) + 1);
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        text.erase(pos, len);
        break;
      case 1:
        text.insert(pos, 1, alphabet[*rc::gen::inRange<size_t>(0, alphabet.size())]);
        break;
      default:
        text.insert(pos, text.substr(*rc::gen::inRange<size_t>(0, text.size()), len));
        break;
    }
  }
  const absl::StatusOr<TraceEvents> t = ParseTrace(text, "fuzz.jsonl");
  RC_ASSERT(OkOrInvalidArgument(t));
  if (!t.ok()) RC_ASSERT(t.status().message().rfind("fuzz.jsonl:", 0) == 0);
}

}  // namespace
}  // namespace faultline::viz
