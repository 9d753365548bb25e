#include "viz/story.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "viz/side_by_side.h"
#include "viz/svg.h"

namespace faultline::viz {
namespace {

using nlohmann::json;

// A lost write in miniature: c1 writes 1 (op 1, replicated to n2), n1 is cut off, c1
// writes 2 (op 2, acknowledged by the isolated n1, its replication lost), n2 takes over,
// and c2 reads k0 from n2 and gets 1 (op 3). Twenty heartbeats in between are noise.
std::string Trace() {
  std::string t;
  int64_t i = 0;
  const auto line = [&](int64_t time, const std::string& rest) {
    absl::StrAppend(&t, "{\"i\":", i++, ",\"t\":", time, ",", rest, "}\n");
  };
  line(0, R"("type":"start","node":"n1")");
  line(0, R"("type":"start","node":"n2")");
  line(10, R"("type":"invoke","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1)");
  line(10, R"("type":"send","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{"op":1,"key":"k0","value":1})");
  line(11, R"("type":"deliver","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{},"sent":10)");
  line(11, R"("type":"send","from":"n1","to":"n2","msg":2,"kind":"replicate","body":{"key":"k0","value":1})");
  line(12, R"("type":"deliver","from":"n1","to":"n2","msg":2,"kind":"replicate","body":{},"sent":11)");
  line(12, R"("type":"send","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{"op":1,"ok":true})");
  line(13, R"("type":"deliver","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{},"sent":12)");
  line(13, R"("type":"complete","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1,"outcome":"ok")");
  for (int k = 0; k < 10; ++k) {
    line(14 + k, absl::StrCat(R"("type":"send","from":"n1","to":"n2","msg":)", 100 + k,
                              R"(,"kind":"heartbeat","body":{"epoch":1})"));
    line(14 + k, absl::StrCat(R"("type":"deliver","from":"n1","to":"n2","msg":)", 100 + k,
                              R"(,"kind":"heartbeat","body":{},"sent":14)"));
  }
  line(30, R"("type":"partition","text":"{n1} | {n2}")");
  line(31, R"("type":"invoke","node":"c1","op":2,"process":0,"f":"write","key":"k0","value":2)");
  line(31, R"("type":"send","from":"c1","to":"n1","msg":4,"kind":"client.req","body":{"op":2,"key":"k0","value":2})");
  line(32, R"("type":"deliver","from":"c1","to":"n1","msg":4,"kind":"client.req","body":{},"sent":31)");
  line(32, R"("type":"send","from":"n1","to":"n2","msg":5,"kind":"replicate","body":{"key":"k0","value":2})");
  line(32, R"("type":"drop","from":"n1","to":"n2","msg":5,"kind":"replicate","body":{},"sent":32,"reason":"partition")");
  line(33, R"("type":"send","from":"n1","to":"c1","msg":6,"kind":"client.reply","body":{"op":2,"ok":true})");
  line(34, R"("type":"deliver","from":"n1","to":"c1","msg":6,"kind":"client.reply","body":{},"sent":33)");
  line(34, R"("type":"complete","node":"c1","op":2,"process":0,"f":"write","key":"k0","value":2,"outcome":"ok")");
  line(40, R"("type":"note","node":"n2","text":"promoted to primary in epoch 2")");
  line(50, R"("type":"invoke","node":"c2","op":3,"process":1,"f":"read","key":"k0","value":null)");
  line(50, R"("type":"send","from":"c2","to":"n2","msg":7,"kind":"client.req","body":{"op":3,"key":"k0","value":null})");
  line(51, R"("type":"deliver","from":"c2","to":"n2","msg":7,"kind":"client.req","body":{},"sent":50)");
  line(51, R"("type":"send","from":"n2","to":"c2","msg":8,"kind":"client.reply","body":{"op":3,"ok":true,"value":1})");
  line(52, R"("type":"deliver","from":"n2","to":"c2","msg":8,"kind":"client.reply","body":{},"sent":51)");
  line(52, R"("type":"complete","node":"c2","op":3,"process":1,"f":"read","key":"k0","value":1,"outcome":"ok")");
  return t;
}

json Op(int64_t index, int64_t id, int64_t process, const std::string& f, int64_t call,
        int64_t ret, json input, json output) {
  json op = {{"index", index}, {"id", id},       {"client", absl::StrCat("c", process + 1)},
             {"line", index},  {"process", process}, {"f", f},
             {"key", "k0"},    {"status", "ok"},  {"call", call},
             {"ret", ret},     {"input", input},  {"op", absl::StrCat("op ", id)}};
  if (!output.is_null() || f == "read") op["output"] = output;
  return op;
}

CheckReport Report() {
  const json j = {
      {"checker", "linearizability"},
      {"model", "kv"},
      {"verdict", "not linearizable"},
      {"history",
       {{"source", "h.jsonl"}, {"format", "faultline"}, {"ops", 3}, {"ok", 3}, {"fail", 0}, {"info", 0}}},
      {"states_explored", 3},
      {"violation",
       {{"key", "k0"},
        {"longest_linearizable_prefix",
         {Op(0, 1, 0, "write", 10, 13, 1, nullptr), Op(1, 2, 0, "write", 31, 34, 2, nullptr)}},
        {"stuck_op", Op(2, 3, 1, "read", 50, 52, nullptr, 1)},
        {"concurrent", json::array()},
        {"explanation", "key 'k0': ... leaves the state 2; op 3 (c2, process 1) read -> 1"}}}};
  absl::StatusOr<CheckReport> r = ParseCheckReport(j, "r.json");
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

TEST(StoryTest, MarksTheViolationAndItsCause) {
  absl::StatusOr<TraceEvents> trace = ParseTrace(Trace(), "t.jsonl");
  ASSERT_TRUE(trace.ok()) << trace.status();
  absl::StatusOr<Diagram> d = BuildStoryDiagram(*trace, Report());
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->story.has_value());
  EXPECT_EQ(d->story->failing_op, 3u);
  EXPECT_EQ(d->story->source_op, 1u);
  EXPECT_EQ(d->story->lost_ops, (std::vector<uint64_t>{2}));
  EXPECT_EQ(d->story->caption,
            "op 3 read k0 returned 1, written by op 1 at 10ns; but op 2 wrote 2, acknowledged at "
            "34ns, after that write and before the read began");
  // The three ops, the partition, the promotion, the lost replication; no heartbeat.
  EXPECT_EQ(d->ops.size(), 3u);
  EXPECT_EQ(d->bands.size(), 1u);
  bool lost_replicate = false;
  for (const Arrow& a : d->arrows) {
    EXPECT_NE(a.kind, "heartbeat");
    lost_replicate = lost_replicate || (a.kind == "replicate" && a.fate == Fate::kDropped);
  }
  EXPECT_TRUE(lost_replicate);
  // The twenty heartbeat events are one gap mark.
  ASSERT_FALSE(d->cluster_notes.empty());
  EXPECT_NE(d->cluster_notes.front().text.find("20 events left out"), std::string::npos)
      << d->cluster_notes.front().text;
  EXPECT_NE(d->cluster_notes.front().text.find("10 heartbeat"), std::string::npos);
  const bool promoted = std::any_of(d->marks.begin(), d->marks.end(), [](const Mark& m) {
    return m.text.find("promoted") != std::string::npos;
  });
  EXPECT_TRUE(promoted);

  // Drawn: the caption, the outline, the line to the source and the crossed-out write.
  const std::string svg = RenderSvg(*d, RenderOptions{});
  EXPECT_NE(svg.find("op 3 read k0 returned 1"), std::string::npos);
  EXPECT_NE(svg.find("class=\"stk\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"src\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"rline\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"lostx\""), std::string::npos);
  EXPECT_EQ(svg, RenderSvg(*BuildStoryDiagram(*trace, Report()), RenderOptions{}));
}

TEST(StoryTest, RefusesAReportOfAnotherRunOrWithoutAViolation) {
  absl::StatusOr<TraceEvents> trace = ParseTrace(Trace(), "t.jsonl");
  ASSERT_TRUE(trace.ok());
  CheckReport other = Report();
  other.violation->stuck.id = 99;
  absl::StatusOr<Diagram> d = BuildStoryDiagram(*trace, other);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("t.jsonl: has no op 99"), std::string::npos) << d.status();
  CheckReport valid = Report();
  valid.violation.reset();
  valid.verdict = "linearizable";
  EXPECT_FALSE(BuildStoryDiagram(*trace, valid).ok());
}

// A valid run's key, told alike: its last ok read and the write it returned.
TEST(StoryTest, KeyStoryOfAValidRun) {
  absl::StatusOr<TraceEvents> trace = ParseTrace(Trace(), "t.jsonl");
  ASSERT_TRUE(trace.ok());
  absl::StatusOr<Diagram> d = BuildKeyStory(*trace, "k0");
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->story.has_value());
  EXPECT_FALSE(d->story->violation);
  EXPECT_EQ(d->story->failing_op, 3u);
  EXPECT_EQ(d->story->source_op, 1u);
  // This trace does miss op 2's write: the story says so rather than "no violation".
  EXPECT_EQ(d->story->lost_ops, (std::vector<uint64_t>{2}));
  EXPECT_EQ(d->story->caption.rfind("op 3 read k0 returned 1, written by op 1 at 10ns; but op 2", 0),
            0u)
      << d->story->caption;
  const std::string svg = RenderSvg(*d, RenderOptions{});
  // Something is wrong even without a checker's verdict: drawn red, the missed write crossed.
  EXPECT_TRUE(d->story->Wrong());
  EXPECT_NE(svg.find("class=\"cap\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"stk\""), std::string::npos);
  EXPECT_NE(svg.find("red outline: the key"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"capok\""), std::string::npos);
  EXPECT_FALSE(BuildKeyStory(*trace, "k9").ok());
}

TEST(SideBySideTest, NestsBothPicturesUnderOneHeading) {
  const std::string a = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        "width=\"100\" height=\"50.5\"><rect/></svg>\n";
  const std::string b = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"80\">"
                        "<circle/></svg>\n";
  absl::StatusOr<std::string> svg = SideBySideSvg(a, b, "a & b");
  ASSERT_TRUE(svg.ok()) << svg.status();
  // 100 + 40 + 30 wide; 40 + 80 high.
  EXPECT_NE(svg->find("width=\"170\" height=\"120\""), std::string::npos) << *svg;
  EXPECT_NE(svg->find("<svg x=\"0\" y=\"40\" xmlns="), std::string::npos) << *svg;
  EXPECT_NE(svg->find("<svg x=\"140\" y=\"40\" xmlns="), std::string::npos) << *svg;
  EXPECT_NE(svg->find("a &amp; b"), std::string::npos);
  EXPECT_EQ(svg->find("<?xml version=\"1.0\"?>"), std::string::npos);  // only the outer one
  EXPECT_FALSE(SideBySideSvg("not svg", b, "x").ok());
  EXPECT_FALSE(SideBySideSvg("<svg width=\"10\">", b, "x").ok());
}

}  // namespace
}  // namespace faultline::viz
