#include "viz/failure_view.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "nlohmann/json.hpp"
#include "viz/check_report_reader.h"
#include "viz/fault_events.h"
#include "viz/internal/failure_faults.h"
#include "viz/internal/failure_timeline.h"
#include "viz/text_render_test_util.h"
#include "viz/trace_events.h"

// Golden files: tests/golden/viz/failure_view.html (with a trace) and
// failure_view_no_trace.html. After an intended change to the page, regenerate them from
// the source root with
//   FAULTLINE_UPDATE_GOLDEN=1 build-h7/viz/viz_test --gtest_filter='FailureViewTest.Golden*'
// and look at the diff (and the page in a browser) before committing.

namespace faultline::viz {
namespace {

using nlohmann::json;
using testing::ExpectGolden;
using testing::GoldenEnv;

GoldenEnv Env() {
  // Test-only environment reads (tests/tidy.sh allows getenv in _test.cc files).
  return GoldenEnv{std::getenv("FAULTLINE_SOURCE_DIR"), std::getenv("FAULTLINE_UPDATE_GOLDEN")};
}

json Op(int64_t index, int64_t process, const std::string& f, const std::string& status,
        int64_t call_ms, json ret_ms, json input, json output, const std::string& key = "k1") {
  json ret = ret_ms.is_null() ? json(nullptr) : json(ret_ms.get<int64_t>() * 1'000'000);
  // The op's number differs from its position (as when a history's "op" ids do not start
  // at 1), so the tests see which of the two the view prints: the number.
  const int64_t id = 100 + index;
  const std::string client = "c" + std::to_string(process + 1);
  json op = {{"index", index}, {"id", id},         {"client", client},
             {"line", 2 * index + 1},              {"process", process},
             {"f", f},         {"key", key},       {"status", status},
             {"call", call_ms * 1'000'000},        {"ret", ret},
             {"input", input}};
  if (!output.is_discarded()) op["output"] = output;
  // As checkers::DescribeOp writes it: "op 104 (c2, process 1) read -> 1 [20000000, 22000000] line 9".
  std::string text = "op " + std::to_string(id) + " (" + client + ", process " +
                     std::to_string(process) + ") " + f;
  if (!input.is_null()) text += " " + input.dump();
  if (f == "read") text += " -> " + (output.is_discarded() ? "?" : output.dump());
  text += " [" + std::to_string(call_ms * 1'000'000) + ", " +
          (ret.is_null() ? std::string("...)") : ret.dump() + "]") + " line " +
          std::to_string(2 * index + 1);
  op["op"] = text;
  return op;
}

// A lost write, as in scenarios/async-failover-loses-writes.yaml: process 0 writes 1 and
// then 2 (during a partition), a cas 2->3 never completes, and a later read still sees 1.
json SmallReport() {
  const json discarded = json(json::value_t::discarded);
  json cas = Op(3, 2, "cas", "info", 11, nullptr, 2, discarded);
  cas["input2"] = 3;
  return {
      {"checker", "linearizability"},
      {"model", "kv"},
      {"verdict", "not linearizable"},
      {"valid", false},
      {"history",
       {{"source", "runs/lost-write/history.jsonl"},
        {"format", "faultline"},
        {"ops", 9},
        {"ok", 7},
        {"fail", 1},
        {"info", 1}}},
      {"limits", {{"time_ms", 60000}, {"memory_bytes", 1073741824}, {"split_partitions", true}}},
      {"states_explored", 17},
      {"elapsed_ms", 0.25},
      {"violation",
       {{"key", "k1"},
        {"longest_linearizable_prefix",
         {Op(0, 0, "write", "ok", 1, 3, 1, nullptr), Op(1, 1, "read", "ok", 4, 6, nullptr, 1),
          Op(2, 0, "write", "ok", 10, 12, 2, nullptr)}},
        {"stuck_op", Op(4, 1, "read", "ok", 20, 22, nullptr, 1)},
        {"concurrent", {cas}},
        {"explanation",
         "key 'k1': the longest linearizable prefix has 3 op(s) and leaves the state 2; op 104 "
         "(c2, process 1) read -> 1 cannot come next, and no other order of the 1 op(s) concurrent "
         "with it lets it take effect"}}},
  };
}

// Faults around the ops: a link fault at 5ms, a partition 8-21ms, n3 down 9-15ms, n2
// paused 16-18ms, a clock jump on n1 at 19ms; a clock drift at 40ms lies outside.
constexpr char kTrace[] = R"({"i":0,"t":0,"type":"start","node":"n1"}
{"i":1,"t":0,"type":"start","node":"n2"}
{"i":2,"t":0,"type":"start","node":"n3"}
{"i":3,"t":5000000,"type":"link","text":"n1->n3 loss 50%"}
{"i":4,"t":8000000,"type":"partition","text":"{n1} | {n2,n3}"}
{"i":5,"t":9000000,"type":"crash","node":"n3"}
{"i":6,"t":15000000,"type":"restart","node":"n3"}
{"i":7,"t":16000000,"type":"pause","node":"n2"}
{"i":8,"t":18000000,"type":"resume","node":"n2"}
{"i":9,"t":19000000,"type":"clock","node":"n1","text":"jump +300ms","local":319000000}
{"i":10,"t":21000000,"type":"heal","text":"partition healed"}
{"i":11,"t":40000000,"type":"clock","node":"n2","text":"drift 50ppm","local":40000002}
)";

CheckReport Parse(const json& j) {
  absl::StatusOr<CheckReport> r = ParseCheckReport(j, "report.json");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : CheckReport{};
}

TraceEvents SmallTrace() {
  absl::StatusOr<TraceEvents> t = ParseTrace(kTrace, "runs/lost-write/trace.jsonl");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : TraceEvents{};
}

// 0 when `xmllint --noout` accepts `text` as well-formed XML. (Its --html parser knows
// only HTML 4, so it rejects <section> and inline SVG: the page is checked as XHTML.)
int Xmllint(const std::string& text, const std::string& name) {
  const std::filesystem::path dir = testing::ScratchDir("failure_view_" + name);
  const std::filesystem::path path = dir / "page.html";
  std::ofstream(path, std::ios::binary) << text;
  const testing::ShellResult r = testing::RunShell("xmllint --noout '" + path.string() + "'", dir);
  EXPECT_EQ(r.err, "") << name;
  return r.exit_code;
}

TEST(FailureViewTest, GoldenWithTrace) {
  const CheckReport report = Parse(SmallReport());
  const TraceEvents trace = SmallTrace();
  ExpectGolden(Env(), "failure_view.html", RenderFailureView(report, &trace));
}

TEST(FailureViewTest, GoldenWithoutTrace) {
  ExpectGolden(Env(), "failure_view_no_trace.html",
               RenderFailureView(Parse(SmallReport()), nullptr));
}

TEST(FailureViewTest, SameInputsSameBytes) {
  const TraceEvents trace = SmallTrace();
  EXPECT_EQ(RenderFailureView(Parse(SmallReport()), &trace),
            RenderFailureView(Parse(SmallReport()), &trace));
}

TEST(FailureViewTest, ShowsTheEvidence) {
  const TraceEvents trace = SmallTrace();
  const std::string html = RenderFailureView(Parse(SmallReport()), &trace);
  EXPECT_NE(html.find("<h1>Not linearizable: key &#39;k1&#39;</h1>"), std::string::npos);
  EXPECT_NE(html.find("the model's state after them: <code>2</code>"), std::string::npos);
  EXPECT_NE(html.find("id=\"op-104\" data-op=\"104\""), std::string::npos);
  EXPECT_NE(html.find("class=\"tstuck\""), std::string::npos);
  EXPECT_NE(html.find("class=\"tconc\""), std::string::npos);
  EXPECT_NE(html.find("fill:url(#tl-fade)"), std::string::npos);  // the info cas fades out
  EXPECT_NE(html.find("<td>CANNOT BE PLACED</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v\">2 -&gt; 3</td>"), std::string::npos);  // cas 2 -> 3
  // Badges 1..3 in linearization order.
  for (const char* badge : {">1</text>", ">2</text>", ">3</text>"}) {
    EXPECT_NE(html.find(badge), std::string::npos) << badge;
  }
  // The faults: every kind, with the partition marked as overlapping the stuck op.
  for (const char* fault : {"partition {n1} | {n2,n3}", "class=\"tdown\"", "class=\"tpaused\"",
                            "class=\"tclock\"", "class=\"tlink\"", "1 other fault event"}) {
    EXPECT_NE(html.find(fault), std::string::npos) << fault;
  }
  EXPECT_EQ(html.find("drift 50ppm"), std::string::npos);            // outside the window
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/"));  // no fetches
}

TEST(FailureViewTest, WithoutATraceSaysSo) {
  const std::string html = RenderFailureView(Parse(SmallReport()), nullptr);
  EXPECT_NE(html.find("no trace given: the faults active at the time are unknown"),
            std::string::npos);
  EXPECT_NE(html.find("No trace was given"), std::string::npos);
}

TEST(FailureViewTest, WellFormed) {
  if (!testing::HaveProgram("xmllint")) {
    GTEST_SKIP() << "xmllint is not installed (scripts/install-deps.sh installs libxml2-utils)";
  }
  const TraceEvents trace = SmallTrace();
  const std::string with_trace = RenderFailureView(Parse(SmallReport()), &trace);
  EXPECT_EQ(Xmllint(with_trace, "xml"), 0);
  EXPECT_EQ(Xmllint(RenderFailureView(Parse(SmallReport()), nullptr), "no_trace"), 0);
  json ok = SmallReport();
  ok["verdict"] = "linearizable";
  ok.erase("violation");
  EXPECT_EQ(Xmllint(RenderFailureView(Parse(ok), nullptr), "valid"), 0);
}

TEST(FailureViewTest, EscapesHostileText) {
  json j = SmallReport();
  const std::string key = "k<1>&\"q'";
  json& v = j["violation"];
  v["key"] = key;
  v["explanation"] =
      "<b>bold</b> & \"quotes\" </p><script>alert(1)</script> leaves the state "
      "{\"a\":\"<x>\"}; op #4";
  v["stuck_op"]["key"] = key;
  v["stuck_op"]["output"] = "</td><script>alert(2)</script>";
  v["stuck_op"]["op"] = "process 1 read -> </title><script>alert(3)</script>";
  j["history"]["source"] = "a&b<c>.jsonl";
  TraceEvents trace = SmallTrace();
  trace.events[4].text = "{<n1>} | {n2 & n3}";
  trace.source = "t<r>ace&.jsonl";
  const std::string html = RenderFailureView(Parse(j), &trace);
  for (const char* raw : {"<script>alert", "<b>bold", "<x>", "<n1>", "a&b", "<r>"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("k&lt;1&gt;&amp;&quot;q&#39;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/td&gt;&lt;script&gt;alert(2)"), std::string::npos);
  if (testing::HaveProgram("xmllint")) {
    EXPECT_EQ(Xmllint(html, "hostile"), 0);
  }
}

TEST(FailureViewTest, NoViolationPages) {
  json ok = SmallReport();
  ok["verdict"] = "linearizable";
  ok.erase("violation");
  EXPECT_NE(RenderFailureView(Parse(ok), nullptr).find("there is no violation to show"),
            std::string::npos);
  json unknown = SmallReport();
  unknown["verdict"] = "unknown";
  unknown["unknown_reason"] = "key 'x': time limit of 1s reached";
  unknown.erase("violation");
  EXPECT_NE(RenderFailureView(Parse(unknown), nullptr).find("time limit of 1s reached"),
            std::string::npos);
}

TEST(FailureViewTest, EmptyPrefix) {
  json j = SmallReport();
  j["violation"]["longest_linearizable_prefix"] = json::array();
  j["violation"]["explanation"] = "key 'k1': ... leaves the state nil; op 104 ...";
  const std::string html = RenderFailureView(Parse(j), nullptr);
  EXPECT_NE(html.find("op 104 cannot be placed, even first"), std::string::npos);
  EXPECT_NE(html.find("empty: no op can take effect first; the model's initial state: "
                      "<code>nil</code>"),
            std::string::npos);
  if (testing::HaveProgram("xmllint")) {
    EXPECT_EQ(Xmllint(html, "empty_prefix"), 0);
  }
}

TEST(FailureViewTest, LongEvidenceIsCutWithANote) {
  json j = SmallReport();
  json prefix = json::array();
  for (int64_t i = 0; i < 400; ++i) {
    prefix.push_back(
        Op(100 + i, i % 3, "write", "ok", 1000 + 10 * i, 1000 + 10 * i + 5, i, nullptr));
  }
  j["violation"]["longest_linearizable_prefix"] = prefix;
  j["violation"]["stuck_op"] = Op(900, 1, "read", "ok", 6000, 6002, nullptr, 1);
  j["violation"]["concurrent"] = json::array();
  const std::string html = RenderFailureView(Parse(j), nullptr);
  EXPECT_NE(html.find("earlier prefix op(s) before"), std::string::npos);
  // Anchors name ops by number (index + 100 here): the first prefix op is op 200.
  EXPECT_NE(html.find("id=\"row-200\""), std::string::npos);  // the table keeps every op
  EXPECT_EQ(html.find("id=\"op-200\""), std::string::npos);   // the timeline does not
  EXPECT_NE(html.find("id=\"op-599\""), std::string::npos);
}

TEST(FailureViewTest, FaultsFromTrace) {
  using internal::failure::Fault;
  using internal::failure::FaultKind;
  const std::vector<Fault> faults = internal::failure::FaultsFromTrace(SmallTrace());
  ASSERT_EQ(faults.size(), 6u);
  EXPECT_EQ(faults[0].kind, FaultKind::kLink);
  EXPECT_TRUE(faults[0].instant);
  EXPECT_EQ(faults[1].kind, FaultKind::kPartition);
  EXPECT_EQ(faults[1].begin, 8'000'000);
  EXPECT_EQ(faults[1].end, 21'000'000);
  EXPECT_EQ(faults[1].end_text, "partition healed");
  EXPECT_EQ(faults[2].kind, FaultKind::kDown);
  EXPECT_EQ(faults[2].node, "n3");
  EXPECT_EQ(faults[2].end, 15'000'000);
  EXPECT_EQ(faults[3].kind, FaultKind::kPaused);
  EXPECT_EQ(faults[4].kind, FaultKind::kClock);
  EXPECT_EQ(faults[4].text, "jump +300ms");
  EXPECT_EQ(internal::failure::FaultNodes(faults), (std::vector<std::string>{"n1", "n2", "n3"}));
}

TEST(FailureViewTest, OpenFaultsRunToTheEnd) {
  absl::StatusOr<TraceEvents> t = ParseTrace(
      "{\"i\":0,\"t\":5,\"type\":\"partition\",\"text\":\"a\"}\n"
      "{\"i\":1,\"t\":6,\"type\":\"crash\",\"node\":\"n1\"}\n"
      "{\"i\":2,\"t\":7,\"type\":\"partition\",\"text\":\"b\"}\n",
      "t.jsonl");
  ASSERT_TRUE(t.ok()) << t.status();
  const auto faults = internal::failure::FaultsFromTrace(*t);
  ASSERT_EQ(faults.size(), 3u);
  EXPECT_EQ(faults[0].end, 7);  // replaced by the next partition
  EXPECT_EQ(faults[1].end, std::nullopt);
  EXPECT_EQ(faults[2].end, std::nullopt);
}

TEST(FailureViewTest, ReadFaultEventsKeepsOnlyFaultsWithTheirLines) {
  const std::filesystem::path dir = testing::ScratchDir("fault_events");
  const std::string path = (dir / "trace.jsonl").string();
  // The small trace with a message and an op between its lines.
  std::string text = kTrace;
  text.insert(text.find("{\"i\":4,"),
              "{\"i\":3,\"t\":6000000,\"type\":\"send\",\"from\":\"n1\",\"to\":\"n2\","
              "\"msg\":1,\"kind\":\"x\",\"body\":{\"note\":\"\\\"type\\\":\\\"crash\\\"\"}}\n");
  std::ofstream(path, std::ios::binary) << text;
  absl::StatusOr<TraceEvents> faults = ReadFaultEvents(path);
  ASSERT_TRUE(faults.ok()) << faults.status();
  ASSERT_EQ(faults->events.size(), 9u);  // every fault event; no start, no send
  EXPECT_EQ(faults->events[0].type, EventType::kLink);
  EXPECT_EQ(faults->events[0].line, 4);
  EXPECT_EQ(faults->events[1].type, EventType::kPartition);
  EXPECT_EQ(faults->events[1].line, 6);  // after the inserted send
  EXPECT_EQ(faults->source, path);
  // The same page as from the whole trace, but for the trace lines of later faults.
  const TraceEvents whole = SmallTrace();
  EXPECT_EQ(internal::failure::FaultsFromTrace(*faults).size(),
            internal::failure::FaultsFromTrace(whole).size());

  std::ofstream(path, std::ios::binary) << "{\"i\":0,\"t\":0,\"type\":\"start\",\"node\":\"n1\"}\n"
                                        << "{\"i\":1,\"t\":5,\"type\":\"crash\"}\n";
  absl::StatusOr<TraceEvents> bad = ReadFaultEvents(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(path + ":2: expected a \"node\" field in a crash event"),
            std::string::npos)
      << bad.status();
  EXPECT_EQ(ReadFaultEvents((dir / "none.jsonl").string()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadFaultEvents(dir.string()).status().code(), absl::StatusCode::kInvalidArgument);
}

// The reader.

TEST(CheckReportReaderTest, ReadsAReport) {
  const CheckReport r = Parse(SmallReport());
  EXPECT_EQ(r.model, "kv");
  EXPECT_EQ(r.history_format, "faultline");
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->prefix.size(), 3u);
  EXPECT_EQ(r.violation->stuck.index, 4);
  EXPECT_EQ(r.violation->stuck.output, "1");
  ASSERT_EQ(r.violation->concurrent.size(), 1u);
  EXPECT_EQ(r.violation->concurrent[0].ret, std::nullopt);
  EXPECT_EQ(r.violation->concurrent[0].input2, "3");
  EXPECT_EQ(r.violation->concurrent[0].output, std::nullopt);
  EXPECT_EQ(r.violation->state_after_prefix, "2");
}

TEST(CheckReportReaderTest, ReadsResultsJson) {
  const json results = {{"valid", false}, {"checkers", {{"linearizability", SmallReport()}}}};
  absl::StatusOr<CheckReport> r = ParseCheckReport(results, "runs/x/results.json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->violation->stuck.index, 4);
  absl::StatusOr<CheckReport> none =
      ParseCheckReport(json{{"checkers", json::object()}}, "runs/x/results.json");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("runs/x/results.json: checkers.linearizability: expected"),
            std::string::npos)
      << none.status();
}

// "id" and "client" name an op as the checker and the diagrams do; a report from before
// they existed numbers its ops by position, from 1.
TEST(CheckReportReaderTest, OpNumbersAndClients) {
  const CheckReport with = Parse(SmallReport());
  EXPECT_EQ(with.violation->stuck.index, 4);
  EXPECT_EQ(with.violation->stuck.id, 104);
  EXPECT_EQ(with.violation->stuck.client, "c2");
  json old = SmallReport();
  old["violation"]["stuck_op"].erase("id");
  old["violation"]["stuck_op"].erase("client");
  const CheckReport without = Parse(old);
  EXPECT_EQ(without.violation->stuck.id, 5);
  EXPECT_EQ(without.violation->stuck.client, "");
  json bad = SmallReport();
  bad["violation"]["stuck_op"]["id"] = "x";
  absl::StatusOr<CheckReport> r = ParseCheckReport(bad, "r.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("violation.stuck_op.id: expected an integer"),
            std::string::npos)
      << r.status();
}

TEST(CheckReportReaderTest, StateFromTheExplanation) {
  json j = SmallReport();
  j["violation"]["explanation"] = "key 'k': the prefix leaves the state {\"a\": 1}; op #7 ...";
  EXPECT_EQ(Parse(j).violation->state_after_prefix, "{\"a\": 1}");
  j["violation"]["explanation"] = "something else";
  EXPECT_EQ(Parse(j).violation->state_after_prefix, "");
}

TEST(CheckReportReaderTest, ErrorsNameTheFileAndTheField) {
  const auto error = [](json j) {
    absl::StatusOr<CheckReport> r = ParseCheckReport(j, "bad.json");
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  json j = SmallReport();
  j["violation"]["stuck_op"]["call"] = "soon";
  EXPECT_EQ(error(j), "bad.json: violation.stuck_op.call: expected an integer, found '\"soon\"'");
  j = SmallReport();
  j["violation"]["longest_linearizable_prefix"][1].erase("process");
  EXPECT_EQ(error(j),
            "bad.json: violation.longest_linearizable_prefix[1].process: expected an integer, "
            "found 'nothing (the field is missing)'");
  j = SmallReport();
  j["violation"]["concurrent"][0]["ret"] = 5;
  EXPECT_NE(error(j).find("bad.json: violation.concurrent[0].ret: expected a time at or after "
                          "call (11000000), found '5'"),
            std::string::npos)
      << error(j);
  j = SmallReport();
  j["verdict"] = "maybe";
  EXPECT_NE(error(j).find("bad.json: verdict: expected"), std::string::npos) << error(j);
  j = SmallReport();
  j.erase("violation");
  EXPECT_NE(error(j).find("bad.json: violation: expected a JSON object"), std::string::npos);
  j = SmallReport();
  j["history"]["ops"] = 1.5;
  EXPECT_NE(error(j).find("bad.json: history.ops: expected an integer"), std::string::npos);
  EXPECT_NE(error(json::array()).find("bad.json: the report: expected a JSON object"),
            std::string::npos);
  absl::StatusOr<CheckReport> text = ParseCheckReportText("{not json", "bad.json");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("bad.json: expected a JSON object"), std::string::npos);
  absl::StatusOr<CheckReport> missing = ReadCheckReportFile("/nonexistent/r.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/r.json"), std::string::npos);
}

}  // namespace
}  // namespace faultline::viz
