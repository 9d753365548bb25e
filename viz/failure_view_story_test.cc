// The failure view with the run's story (failure_view.h, internal/failure_story.h): the
// story inline and linked by op number, the steps' JSON, scripts that keep the page
// well-formed XML. The browser side is tests/browser_test.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "nlohmann/json.hpp"
#include "viz/check_report_reader.h"
#include "viz/failure_view.h"
#include "viz/story.h"
#include "viz/text_render_test_util.h"
#include "viz/trace_events.h"

namespace faultline::viz {
namespace {

using nlohmann::json;

// n1 acknowledges c1's write of 1 and replicates it to n2; n2 is promoted; c2 reads k0
// from n2 and gets nil (op 2), which the checker cannot place after op 1.
constexpr char kTrace[] = R"json({"i":0,"t":0,"type":"start","node":"n1"}
{"i":1,"t":0,"type":"start","node":"n2"}
{"i":2,"t":1,"type":"note","node":"n1","text":"primary in epoch 1 (initial)"}
{"i":3,"t":10,"type":"invoke","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1}
{"i":4,"t":10,"type":"send","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{"op":1,"f":"write","key":"k0","value":1}}
{"i":5,"t":11,"type":"deliver","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{"op":1,"f":"write","key":"k0","value":1},"sent":10}
{"i":6,"t":12,"type":"send","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{"op":1,"ok":true}}
{"i":7,"t":13,"type":"deliver","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{"op":1,"ok":true},"sent":12}
{"i":8,"t":13,"type":"complete","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1,"outcome":"ok"}
{"i":9,"t":20,"type":"note","node":"n2","text":"promoted to primary in epoch 2 (no heartbeat)"}
{"i":10,"t":30,"type":"invoke","node":"c2","op":2,"process":1,"f":"read","key":"k0","value":null}
{"i":11,"t":30,"type":"send","from":"c2","to":"n2","msg":4,"kind":"client.req","body":{"op":2,"f":"read","key":"k0","value":null}}
{"i":12,"t":31,"type":"deliver","from":"c2","to":"n2","msg":4,"kind":"client.req","body":{"op":2,"f":"read","key":"k0","value":null},"sent":30}
{"i":13,"t":32,"type":"send","from":"n2","to":"c2","msg":5,"kind":"client.reply","body":{"op":2,"ok":true,"value":null}}
{"i":14,"t":33,"type":"deliver","from":"n2","to":"c2","msg":5,"kind":"client.reply","body":{"op":2,"ok":true,"value":null},"sent":32}
{"i":15,"t":33,"type":"complete","node":"c2","op":2,"process":1,"f":"read","key":"k0","value":null,"outcome":"ok"}
)json";

json Op(int64_t id, int64_t process, const std::string& f, int64_t call, int64_t ret,
        json input, json output) {
  json op = {{"index", id - 1}, {"id", id},           {"client", "c" + std::to_string(process + 1)},
             {"line", id},      {"process", process}, {"f", f},
             {"key", "k0"},     {"status", "ok"},     {"call", call},
             {"ret", ret},      {"input", input},     {"op", "op " + std::to_string(id)}};
  if (f == "read") op["output"] = output;
  return op;
}

CheckReport Report() {
  const json j = {
      {"checker", "linearizability"},
      {"model", "kv"},
      {"verdict", "not linearizable"},
      {"history", {{"source", "h.jsonl"}, {"format", "faultline"}, {"ops", 2}, {"ok", 2},
                   {"fail", 0}, {"info", 0}}},
      {"states_explored", 2},
      {"violation",
       {{"key", "k0"},
        {"longest_linearizable_prefix", json::array({Op(1, 0, "write", 10, 13, 1, nullptr)})},
        {"stuck_op", Op(2, 1, "read", 30, 33, nullptr, nullptr)},
        {"concurrent", json::array()},
        {"explanation", "key 'k0': ... leaves the state 1; op 2 cannot come next"}}}};
  absl::StatusOr<CheckReport> r = ParseCheckReport(j, "report.json");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : CheckReport{};
}

struct Page {
  TraceEvents trace;
  Diagram story;
  std::string html;
};

Page Render() {
  Page p;
  absl::StatusOr<TraceEvents> t = ParseTrace(kTrace, "trace.jsonl");
  EXPECT_TRUE(t.ok()) << t.status();
  p.trace = *t;
  const CheckReport report = Report();
  absl::StatusOr<Diagram> d = BuildStoryDiagram(p.trace, report);
  EXPECT_TRUE(d.ok()) << d.status();
  p.story = *d;
  const FailureViewStory story{&p.story, &p.trace, {}};
  p.html = RenderFailureView(report, &p.trace, &story);
  return p;
}

TEST(FailureViewStoryTest, LinksEveryViewOfAnOpByItsNumber) {
  const Page p = Render();
  EXPECT_NE(p.html.find("<section id=\"story\">"), std::string::npos);
  EXPECT_NE(p.html.find("<svg class=\"story\""), std::string::npos);
  EXPECT_EQ(p.html.find("<?xml"), std::string::npos);
  EXPECT_NE(p.html.find("svg.story .ok{"), std::string::npos);  // its style is scoped
  for (const char* op : {"1", "2"}) {
    const std::string data_op = std::string("data-op=\"") + op + "\"";
    const size_t story = p.html.find("<section id=\"story\">");
    const size_t bar = p.html.find(data_op + ">", story);
    EXPECT_LT(bar, p.html.find("<section id=\"timeline\">")) << op;
    EXPECT_EQ(p.html.rfind("<rect class=\"ok\"", bar), p.html.rfind("<", bar)) << op;
    EXPECT_NE(p.html.find(std::string("<g class=\"op\" id=\"op-") + op + "\" " + data_op),
              std::string::npos) << op;
    EXPECT_NE(p.html.find(std::string("<tr id=\"row-") + op + "\""), std::string::npos) << op;
    // One bar in the story, one in the timeline, one table row.
    size_t n = 0;
    for (size_t at = p.html.find(data_op); at != std::string::npos; at = p.html.find(data_op, at + 1)) ++n;
    EXPECT_EQ(n, 3u) << op;
  }
}

TEST(FailureViewStoryTest, StepsJsonHasARowPerStep) {
  const Page p = Render();
  const std::string open = "<script type=\"application/json\" id=\"steps-data\">";
  const size_t begin = p.html.find(open);
  ASSERT_NE(begin, std::string::npos);
  const size_t end = p.html.find("</script>", begin);
  const json d = json::parse(p.html.substr(begin + open.size(), end - begin - open.size()));
  ASSERT_EQ(static_cast<int64_t>(d["steps"].size()), p.story.rows);
  EXPECT_EQ(d["nodes"], json::array({"n1", "n2"}));
  EXPECT_EQ(d["key"], "k0");
  // The last step: n2 promoted, n1 primary holding 1 (acknowledged).
  const json& last = d["steps"].back();
  ASSERT_EQ(last.size(), 2u + 2u * 5u);
  const auto text = [&](size_t field) { return d["s"][last[field].get<size_t>()].get<std::string>(); };
  EXPECT_EQ(text(2), "primary in epoch 1");
  EXPECT_EQ(text(4), "1");
  EXPECT_EQ(text(7), "promoted to primary in epoch 2");
  EXPECT_NE(p.html.find("max=\"" + std::to_string(p.story.rows) + "\""), std::string::npos);
}

TEST(FailureViewStoryTest, ScriptsKeepThePageWellFormed) {
  const Page p = Render();
  for (size_t at = p.html.find("<script"); at != std::string::npos;
       at = p.html.find("<script", at + 1)) {
    const size_t body = p.html.find('>', at) + 1;
    const std::string script = p.html.substr(body, p.html.find("</script>", body) - body);
    EXPECT_EQ(script.find('<'), std::string::npos) << script.substr(0, 200);
    EXPECT_EQ(script.find('&'), std::string::npos) << script.substr(0, 200);
  }
  if (testing::HaveProgram("xmllint")) {
    const std::filesystem::path dir = testing::ScratchDir("failure_view_story");
    std::ofstream(dir / "page.html", std::ios::binary) << p.html;
    const testing::ShellResult r =
        testing::RunShell("xmllint --noout '" + (dir / "page.html").string() + "'", dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(p.html, Render().html);  // same inputs, same bytes
  EXPECT_EQ(p.html.find("http://"), p.html.find("http://www.w3.org/"));  // no fetches
}

TEST(FailureViewStoryTest, NoStoryNoSection) {
  const Page p = Render();
  const std::string html = RenderFailureView(Report(), &p.trace, nullptr);
  EXPECT_EQ(html.find("id=\"story\""), std::string::npos);
  EXPECT_EQ(html.find("steps-data"), std::string::npos);
  EXPECT_EQ(html, RenderFailureView(Report(), &p.trace));
}

}  // namespace
}  // namespace faultline::viz
