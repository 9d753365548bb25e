#include "viz/svg.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "viz/diagram.h"
#include "viz/render_options.h"

// Golden files: tests/golden/viz/spacetime_compact.svg and spacetime_time.svg. After an
// intended change to the picture, regenerate them from the source root with
//   FAULTLINE_UPDATE_GOLDEN=1 build-h4/viz/viz_test --gtest_filter='SvgTest.Golden*'
// and look at the diff (and the picture) before committing.

namespace faultline::viz {
namespace {

// Hands out consecutive compact rows, one per event, as the diagram builder does.
class Rows {
 public:
  viz::At At(int64_t time_ms) {
    const int64_t row = next_++;
    return {time_ms * 1'000'000, row, row};
  }
  int64_t count() const { return next_; }

 private:
  int64_t next_ = 0;
};

Arrow Message(uint64_t msg, int from, int to, const std::string& kind, const std::string& label,
              At send, At end, Fate fate = Fate::kDelivered) {
  Arrow a;
  a.msg = msg;
  a.from = from;
  a.to = to;
  a.end_lane = to;
  a.send = send;
  a.end = end;
  a.fate = fate;
  a.kind = kind;
  a.label = label;
  a.title = kind + " #" + std::to_string(msg);
  return a;
}

OpBar Op(int lane, uint64_t op, const std::string& f, const std::string& key,
         const std::string& value, OpOutcome outcome, At invoke, At complete,
         const std::string& label) {
  OpBar b;
  b.lane = lane;
  b.op = op;
  b.process = lane - 3;
  b.f = f;
  b.key = key;
  b.value = value;
  b.outcome = outcome;
  b.invoke = invoke;
  b.complete = complete;
  b.label = label;
  return b;
}

// Three nodes and two clients over 45 ms with one of everything: delivered, lost (at send
// and at the receiver), duplicated and in-flight messages; ok, fail, info and pending ops;
// every mark; a crash (down span) and a pause; a partition and a link fault; a cluster
// note; and text that must be escaped.
Diagram SmallDiagram() {
  enum Lanes { n1, n2, n3, c1, c2 };
  Rows r;
  Diagram d;
  d.source = "runs/small/trace.jsonl";
  d.lanes = {{"n1", LaneKind::kNode},
             {"n2", LaneKind::kNode},
             {"n3", LaneKind::kNode},
             {"c1", LaneKind::kClient},
             {"c2", LaneKind::kClient}};
  d.begin = r.At(0);
  d.marks.push_back({n1, d.begin, MarkType::kStart, ""});
  d.marks.push_back({n1, r.At(0), MarkType::kNote, "leader <n1> & \"epoch\" 'one'"});
  const At w_invoke = r.At(1);
  const At req1 = r.At(1);
  const At req1_in = r.At(3);
  d.arrows.push_back(Message(1, c1, n1, "client.req", "client.req op=1 k8", req1, req1_in));
  const At rep_n2 = r.At(3);
  const At rep_n3 = r.At(3);
  Arrow lost = Message(3, n1, n3, "replicate", "replicate seq=1", rep_n3, r.At(3), Fate::kDropped);
  lost.end_lane = n1;
  lost.drop_reason = "loss";
  const At reply1 = r.At(3);
  const At rep_n2_in = r.At(5);
  d.arrows.push_back(Message(2, n1, n2, "replicate", "replicate seq=1", rep_n2, rep_n2_in));
  d.arrows.push_back(lost);
  const At reply1_in = r.At(6);
  d.arrows.push_back(Message(4, n1, c1, "client.reply", "client.reply op=1", reply1, reply1_in));
  d.ops.push_back(
      Op(c1, 1, "write", "k8", "1", OpOutcome::kOk, w_invoke, r.At(6), "write k8 1 -> ok"));
  const At read_invoke = r.At(7);
  const At req2 = r.At(7);
  r.At(8);  // the duplicate event
  const At req2_in = r.At(9);
  const At req2_dup_in = r.At(10);
  d.arrows.push_back(Message(5, c2, n1, "client.req", "client.req op=2 k8", req2, req2_in));
  Arrow dup = Message(5, c2, n1, "client.req", "client.req op=2 k8", req2, req2_dup_in);
  dup.duplicate = true;
  d.arrows.push_back(dup);
  const At reply2 = r.At(10);
  Band partition{BandType::kPartition, r.At(12), {}, "{n1} | {n2,n3}"};
  const At reply2_in = r.At(13);
  d.arrows.push_back(Message(6, n1, c2, "client.reply", "client.reply op=2", reply2, reply2_in));
  d.ops.push_back(
      Op(c2, 2, "read", "k8", "null", OpOutcome::kOk, read_invoke, r.At(13), "read k8 -> 1"));
  d.marks.push_back({n2, r.At(14), MarkType::kTimer, "election timeout"});
  const At crash = r.At(15);
  d.marks.push_back({n2, crash, MarkType::kCrash, ""});
  const At hb = r.At(16);
  Arrow late = Message(8, n3, n2, "heartbeat", "heartbeat", hb, r.At(18), Fate::kDropped);
  late.drop_reason = "node-down";
  d.arrows.push_back(late);
  const At info_invoke = r.At(20);
  const At req3 = r.At(20);
  const At req3_in = r.At(22);
  d.arrows.push_back(Message(9, c1, n1, "client.req", "client.req op=3 k3", req3, req3_in));
  const At pause = r.At(23);
  d.marks.push_back({n1, pause, MarkType::kPause, ""});
  d.marks.push_back({n3, r.At(24), MarkType::kClock, "jump +300ms"});
  const At link = r.At(25);
  d.bands.push_back(partition);
  d.bands.push_back({BandType::kLinkFault, link, link, "n1->n3 loss 50%"});
  const At cas_invoke = r.At(26);
  const At req4 = r.At(26);
  const At req4_in = r.At(28);
  const At rep4 = r.At(28);
  d.arrows.push_back(Message(10, c2, n3, "client.req", "client.req op=4 k1", req4, req4_in));
  const At resume = r.At(30);
  d.marks.push_back({n1, resume, MarkType::kResume, ""});
  d.spans.push_back({n1, SpanType::kPaused, pause, resume});
  const At rep4_in = r.At(31);
  d.arrows.push_back(Message(11, n3, c2, "client.reply", "client.reply op=4", rep4, rep4_in));
  d.ops.push_back(Op(c2, 4, "cas", "k1", "[1,2]", OpOutcome::kFail, cas_invoke, r.At(31),
                     "cas k1 [1,2] -> fail"));
  d.bands[0].end = r.At(32);  // heal
  const At restart = r.At(34);
  d.marks.push_back({n2, restart, MarkType::kRestart, ""});
  d.spans.insert(d.spans.begin(), {n2, SpanType::kDown, crash, restart});
  const At pend_invoke = r.At(36);
  const At req5 = r.At(36);
  const At note = r.At(40);
  d.cluster_notes.push_back({note, "workload over: every fault healed"});
  const At info_complete = r.At(40);
  d.ops.push_back(Op(c1, 3, "write", "k3", "\"a&b\"", OpOutcome::kInfo, info_invoke, info_complete,
                     "write k3 \"a&b\" -> info"));
  d.end = r.At(45);
  d.arrows.push_back(
      Message(12, c2, n2, "client.req", "client.req op=5 k8", req5, d.end, Fate::kInFlight));
  d.ops.push_back(
      Op(c2, 5, "read", "k8", "null", OpOutcome::kPending, pend_invoke, d.end, "read k8 ..."));
  d.rows = r.count();
  d.events_total = 90;
  d.events_shown = r.count();
  d.note = "showing 43 of 90 events; heartbeat hidden";
  return d;
}

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("FAULTLINE_SOURCE_DIR");  // test-only: ctest sets it
  return dir ? dir : ".";
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = SourceDir() / "tests" / "golden" / "viz" / name;
  if (std::getenv("FAULTLINE_UPDATE_GOLDEN")) {  // test-only: regenerates golden files
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "wrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with FAULTLINE_UPDATE_GOLDEN=1 to create it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_TRUE(expected.str() == actual)
      << path << " differs; if the change is intended, regenerate it with "
      << "FAULTLINE_UPDATE_GOLDEN=1 and review the diff";
}

bool HaveXmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

// Runs `xmllint --noout` on `svg`; returns its exit status (0: well-formed).
int Xmllint(const std::string& svg, const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) / ("svg_test_" + name + ".svg");
  std::ofstream(path, std::ios::binary) << svg;
  const std::string command = "xmllint --noout '" + path.string() + "'";
  return std::system(command.c_str());
}

int64_t Count(const std::string& text, const std::string& what) {
  int64_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

RenderOptions TimeScale() {
  RenderOptions o;
  o.scale = Scale::kTime;
  return o;
}

TEST(SvgTest, GoldenCompact) {
  ExpectGolden("spacetime_compact.svg", RenderSvg(SmallDiagram(), RenderOptions{}));
}

TEST(SvgTest, GoldenTime) {
  ExpectGolden("spacetime_time.svg", RenderSvg(SmallDiagram(), TimeScale()));
}

TEST(SvgTest, SameDiagramSameBytes) {
  EXPECT_EQ(RenderSvg(SmallDiagram(), RenderOptions{}), RenderSvg(SmallDiagram(), RenderOptions{}));
  EXPECT_EQ(RenderSvg(SmallDiagram(), TimeScale()), RenderSvg(SmallDiagram(), TimeScale()));
}

TEST(SvgTest, WellFormedXml) {
  if (!HaveXmllint()) {
    GTEST_SKIP() << "xmllint is not installed (scripts/install-deps.sh installs libxml2-utils)";
  }
  EXPECT_EQ(Xmllint(RenderSvg(SmallDiagram(), RenderOptions{}), "compact"), 0);
  EXPECT_EQ(Xmllint(RenderSvg(SmallDiagram(), TimeScale()), "time"), 0);
  RenderOptions bare;
  bare.message_labels = false;
  EXPECT_EQ(Xmllint(RenderSvg(SmallDiagram(), bare), "bare"), 0);
  EXPECT_EQ(Xmllint(RenderSvg(Diagram{}, RenderOptions{}), "empty"), 0);
  EXPECT_EQ(Xmllint(RenderSvg(Diagram{}, TimeScale()), "empty_time"), 0);
}

TEST(SvgTest, EscapesMarkupInEveryText) {
  Diagram d = SmallDiagram();
  d.source = "a<b>&\"c\"";
  d.lanes[0].name = "n<1>";
  d.arrows[0].label = "req <&> \"q\" 'a'";
  d.arrows[0].title = "title with </title> inside & more";
  d.note = "note & <note>";
  d.bands[0].text = "{n1} | {n2&n3}";
  d.ops[0].label = "write k<8> \"1\" -> ok";
  const std::string svg = RenderSvg(d, RenderOptions{});
  EXPECT_NE(svg.find("req &lt;&amp;&gt; &quot;q&quot; &#39;a&#39;"), std::string::npos);
  EXPECT_NE(svg.find("title with &lt;/title&gt; inside &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("n&lt;1&gt;"), std::string::npos);
  EXPECT_NE(svg.find("note &amp; &lt;note&gt;"), std::string::npos);
  EXPECT_NE(svg.find("write k&lt;8&gt; &quot;1&quot; -&gt; ok"), std::string::npos);
  EXPECT_NE(svg.find("leader &lt;n1&gt; &amp; &quot;epoch&quot; &#39;one&#39;"), std::string::npos);
  EXPECT_EQ(svg.find("<n1>"), std::string::npos);
  if (HaveXmllint()) {
    EXPECT_EQ(Xmllint(svg, "escaping"), 0);
  }
}

TEST(SvgTest, BadBytesStillGiveWellFormedXml) {
  Diagram d = SmallDiagram();
  d.arrows[0].label = std::string("bad \xff\xfe bytes \x01 and \xe2\x82");
  d.arrows[0].title = std::string("nul \0 inside", 12);
  const std::string svg = RenderSvg(d, RenderOptions{});
  EXPECT_EQ(svg.find('\xff'), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_EQ(svg.find(std::string(1, '\0')), std::string::npos);
  if (HaveXmllint()) {
    EXPECT_EQ(Xmllint(svg, "bad_bytes"), 0);
  }
}

TEST(SvgTest, DrawsWhatTheIssueAsksFor) {
  const std::string svg = RenderSvg(SmallDiagram(), RenderOptions{});
  EXPECT_NE(svg.find(">NODES<"), std::string::npos);
  EXPECT_NE(svg.find(">CLIENTS<"), std::string::npos);
  EXPECT_NE(svg.find("showing 43 of 90 events; heartbeat hidden"), std::string::npos);
  EXPECT_NE(svg.find("partition {n1} | {n2,n3}"), std::string::npos);
  EXPECT_NE(svg.find("link n1-&gt;n3 loss 50%"), std::string::npos);
  EXPECT_NE(svg.find(">write k8 1 -&gt; ok<"), std::string::npos);
  EXPECT_NE(svg.find("class=\"x\""), std::string::npos);     // the X of a lost message
  EXPECT_NE(svg.find(" dup\""), std::string::npos);          // the dashed duplicate
  EXPECT_NE(svg.find("dup client.req"), std::string::npos);  // ... and its label
  EXPECT_NE(svg.find(" fly\""), std::string::npos);          // in flight
  EXPECT_NE(svg.find("class=\"down\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"paused\""), std::string::npos);
  EXPECT_NE(svg.find("lost: loss"), std::string::npos);  // the reason, on hover
  EXPECT_NE(svg.find("lost: node-down"), std::string::npos);
  EXPECT_NE(svg.find("workload over: every fault healed"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);  // nothing external
  EXPECT_EQ(svg.find("@import"), std::string::npos);
  // Every drawn item has hover text: arrows, bars, spans, bands, marks, cluster notes.
  const Diagram d = SmallDiagram();
  const int64_t items =
      static_cast<int64_t>(d.arrows.size() + d.ops.size() + d.spans.size() + d.bands.size() +
                           d.marks.size() + d.cluster_notes.size());
  EXPECT_GE(Count(svg, "<title>"), items + 1);
}

// Issue 12's "small lies": a partition band covers the lanes its cut names (here the
// three nodes, 150 px apart from x=153), not the clients that were never cut; a message
// lost as it was sent points, past its stub's X, at the lane it was for (n3 at x=453).
TEST(SvgTest, PartitionBandsCoverTheCutLanesAndLostStubsPointAtTheirLane) {
  const std::string svg = RenderSvg(SmallDiagram(), RenderOptions{});
  EXPECT_NE(svg.find(R"(<rect class="part" x="78" y="454" width="450" height)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<line class="aim" x1="197" y1="300" x2="453" y2="300"/>)"),
            std::string::npos);
}

TEST(DiagramTest, CutLanesNamesTheDrawnLanesOfAPartition) {
  Diagram d;
  d.lanes = {{"n1", LaneKind::kNode}, {"n2", LaneKind::kNode}, {"n10", LaneKind::kNode},
             {"c1", LaneKind::kClient}};
  const auto cut = [&](BandType type, const std::string& text) {
    return CutLanes(d, Band{type, {}, {}, text});
  };
  EXPECT_EQ(cut(BandType::kPartition, "{n10} | {n1}"), (std::vector<int>{0, 2}));
  EXPECT_EQ(cut(BandType::kPartition, "{n1,c1} | {n2}"), (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(cut(BandType::kPartition, "{n7} | {n8}"), std::vector<int>{});  // none drawn
  EXPECT_EQ(cut(BandType::kLinkFault, "n1->n2 loss 50%"), std::vector<int>{});
}

TEST(SvgTest, MessageLabelsCanBeTurnedOff) {
  RenderOptions o;
  o.message_labels = false;
  const std::string svg = RenderSvg(SmallDiagram(), o);
  EXPECT_EQ(svg.find(">replicate seq=1<"), std::string::npos);
  EXPECT_NE(svg.find(">write k8 1 -&gt; ok<"), std::string::npos);  // op labels stay
}

TEST(SvgTest, TimeScaleHasTimeTicks) {
  const std::string svg = RenderSvg(SmallDiagram(), TimeScale());
  // 45 ms over 480 px: a tick every 5 ms.
  EXPECT_NE(svg.find(">5ms<"), std::string::npos);
  EXPECT_NE(svg.find(">40ms<"), std::string::npos);
  EXPECT_NE(svg.find("time scale"), std::string::npos);
}

TEST(SvgTest, TimeScaleHeightIsCapped) {
  Diagram d = SmallDiagram();
  d.rows = 1'000'000;
  const std::string svg = RenderSvg(d, TimeScale());
  const size_t at = svg.find(" height=\"");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(std::stoll(svg.substr(at + 9)), 6500);
}

// 100,000 messages render, each with its title; labels that would overlap are left out.
// Rendering costs O(items): the label placer checks a bounded number of boxes per label.
Diagram LargeDiagram(int64_t messages) {
  Diagram d;
  d.source = "large";
  for (int i = 0; i < 5; ++i) d.lanes.push_back({"n" + std::to_string(i + 1), LaneKind::kNode});
  d.lanes.push_back({"c1", LaneKind::kClient});
  int64_t row = 0;
  for (int64_t i = 0; i < messages; ++i) {
    const int from = static_cast<int>(i % 6);
    const int to = static_cast<int>((i * 7 + 1) % 6 == from ? (from + 1) % 6 : (i * 7 + 1) % 6);
    const At send{i * 1000, row, row};
    const At end{i * 1000 + 2500, row + 3, row + 3};
    ++row;
    Arrow a = Message(static_cast<uint64_t>(i), from, to, i % 3 ? "replicate" : "ack",
                      "replicate seq=" + std::to_string(i), send, end,
                      i % 50 == 0 ? Fate::kDropped : Fate::kDelivered);
    d.arrows.push_back(std::move(a));
  }
  d.begin = {0, 0, 0};
  d.end = {messages * 1000 + 2500, row + 3, row + 3};
  d.rows = row + 4;
  d.events_shown = d.rows;
  d.events_total = d.rows;
  return d;
}

TEST(SvgTest, LargeDiagramRendersInLinearTime) {
  const Diagram d = LargeDiagram(100'000);
  for (const RenderOptions& o : {RenderOptions{}, TimeScale()}) {
    const std::string svg = RenderSvg(d, o);
    EXPECT_GE(Count(svg, "<line class=\"m "), 100'000);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  }
}

}  // namespace
}  // namespace faultline::viz
