#include "viz/dot.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "viz/label_text.h"
#include "viz/text_render_test_util.h"

// Golden files: tests/golden/viz/small.dot and small_time.dot. Regenerate after an intended
// change with FAULTLINE_UPDATE_GOLDEN=1 (see viz/text_render_test_util.h).

namespace faultline::viz {
namespace {

using testing::SmallDiagram;

testing::GoldenEnv Env() {
  return {std::getenv("FAULTLINE_SOURCE_DIR"), std::getenv("FAULTLINE_UPDATE_GOLDEN")};
}

// Renders `dot_text` with `dot -T<format>` and expects exit 0 and nothing on stderr
// (Graphviz reports bad attributes, layout trouble and bad UTF-8 there as warnings).
void ExpectDotRendersCleanly(const std::string& dot_text, const std::string& name) {
  if (!testing::HaveProgram("dot")) {
    GTEST_SKIP() << "graphviz `dot` is not installed (scripts/install-deps.sh installs it)";
  }
  const std::filesystem::path dir = testing::ScratchDir("dot_test_" + name);
  const std::filesystem::path in = dir / "in.dot";
  std::ofstream(in, std::ios::binary) << dot_text;
  for (const std::string format : {"svg", "png"}) {
    SCOPED_TRACE(format);
    const std::filesystem::path out = dir / ("out." + format);
    testing::ShellResult r = testing::RunShell(
        "dot -T" + format + " '" + in.string() + "' -o '" + out.string() + "'", dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_GT(std::filesystem::file_size(out), 100u);
  }
}

TEST(DotTest, GoldenCompact) {
  testing::ExpectGolden(Env(), "small.dot", RenderDot(SmallDiagram(), RenderOptions{}));
}

TEST(DotTest, GoldenTimeScale) {
  RenderOptions options;
  options.scale = Scale::kTime;
  options.title = "small run, true time";
  testing::ExpectGolden(Env(), "small_time.dot", RenderDot(SmallDiagram(), options));
}

TEST(DotTest, SameInputSameBytes) {
  EXPECT_EQ(RenderDot(SmallDiagram(), RenderOptions{}), RenderDot(SmallDiagram(), RenderOptions{}));
}

TEST(DotTest, RendersWithoutWarnings) {
  ExpectDotRendersCleanly(RenderDot(SmallDiagram(), RenderOptions{}), "compact");
}

TEST(DotTest, TimeScaleRendersWithoutWarnings) {
  RenderOptions options;
  options.scale = Scale::kTime;
  ExpectDotRendersCleanly(RenderDot(SmallDiagram(), options), "time");
}

TEST(DotTest, NoLabelsRendersWithoutWarnings) {
  RenderOptions options;
  options.message_labels = false;
  const std::string text = RenderDot(SmallDiagram(), options);
  EXPECT_EQ(text.find("label=\"replicate seq=1\""), std::string::npos);
  ExpectDotRendersCleanly(text, "nolabels");
}

TEST(DotTest, EmptyDiagramRendersWithoutWarnings) {
  Diagram empty;
  const std::string text = RenderDot(empty, RenderOptions{});
  EXPECT_NE(text.find("no events selected"), std::string::npos);
  ExpectDotRendersCleanly(text, "empty");
}

// `lanes` lanes (the last fifth clients) and one arrow per two rows, lane k*7 to k*13.
Diagram ManyEvents(int lanes, int64_t rows) {
  Diagram d;
  for (int i = 0; i < lanes; ++i) {
    d.lanes.push_back(
        {"n" + std::to_string(i), i < lanes * 4 / 5 ? LaneKind::kNode : LaneKind::kClient});
  }
  for (int64_t k = 0; k < rows / 2; ++k) {
    Arrow a;
    a.msg = static_cast<uint64_t>(k);
    a.from = static_cast<int>(k * 7 % lanes);
    a.to = static_cast<int>(k * 13 % lanes);
    a.end_lane = a.to;
    a.send = testing::AtRow(2 * k, 10 * k);
    a.end = testing::AtRow(2 * k + 1, 10 * k + 5);
    a.kind = "replicate";
    a.label = "replicate seq=" + std::to_string(k);
    d.arrows.push_back(a);
  }
  d.rows = rows;
  d.end = testing::AtRow(rows - 1, 10 * rows);
  return d;
}

// A selection taller than a bitmap may be at 22pt a row (1,000 rows) squeezes its rows
// into 20,000pt, and the graph's size caps the drawing, so `dot -Tpng` draws it without
// its "too large" warning.
TEST(DotTest, TallSelectionRendersWithoutWarnings) {
  const std::string text = RenderDot(ManyEvents(5, 1000), RenderOptions{});
  EXPECT_NE(text.find("size=\"300,300\""), std::string::npos);
  // Row 998 (k = 499: lane 499 * 7 % 5 = 3, x = 110 + 3 * 130) at 998 * 20000 / 1000.
  EXPECT_NE(text.find("  p3_998 [shape=point, width=0.05, color=\"#333333\", tooltip=\"n3 at "
                      "4.99ms (event 1098)\", pos=\"500,-19960\"];"),
            std::string::npos);
  ExpectDotRendersCleanly(text, "tall");
}

// Many lanes squeeze together, down to 60pt apart; the size cap covers the rest.
TEST(DotTest, WideSelectionSqueezesLanes) {
  EXPECT_NE(RenderDot(ManyEvents(200, 40), RenderOptions{}).find("  head1 [shape=box"),
            std::string::npos);
  const std::string at_80 = RenderDot(ManyEvents(200, 40), RenderOptions{});
  EXPECT_NE(at_80.find("\"node n1\", pos=\"190,34\""), std::string::npos);  // 16000 / 200
  const std::string at_60 = RenderDot(ManyEvents(1000, 40), RenderOptions{});
  EXPECT_NE(at_60.find("\"node n1\", pos=\"170,34\""), std::string::npos);
}

TEST(DotTest, QuoteEscapesQuotesBackslashesNewlinesAndEntities) {
  EXPECT_EQ(DotQuote("plain"), "\"plain\"");
  EXPECT_EQ(DotQuote("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(DotQuote("a\\b"), "\"a\\\\b\"");
  EXPECT_EQ(DotQuote("a\\N"), "\"a\\\\N\"");  // not Graphviz's node-name escape
  EXPECT_EQ(DotQuote("one\ntwo"), "\"one\\ntwo\"");
  EXPECT_EQ(DotQuote("one\r\ntwo"), "\"one\\ntwo\"");
  EXPECT_EQ(DotQuote("&lt; & >"), "\"&amp;lt; &amp; >\"");
  EXPECT_EQ(DotQuote("tab\there"), "\"tab here\"");
  EXPECT_EQ(DotQuote("bad \xff byte"), "\"bad \xEF\xBF\xBD byte\"");
  EXPECT_EQ(DotQuote("trailing\\"), "\"trailing\\\\\"");
}

// Labels, tooltips and lane names full of DOT's special characters still give a graph
// that Graphviz reads without a warning, and the text survives into the SVG.
TEST(DotTest, HostileTextRendersWithoutWarnings) {
  Diagram d = SmallDiagram();
  d.source = "weird\"dir\\trace.jsonl\n{x}";
  d.lanes[0].name = "n\"1";
  d.lanes[3].name = "c]1;";
  d.arrows[0].label = "a \"quoted\" \\ label\nwith newline -> { } [ ] ; # end";
  d.arrows[0].title = "tooltip & <tag> \xff\xfe \\N \\G \"";
  d.marks[1].text = "crash \\\"\\";
  d.bands[0].text = "{n\"1} | {n2,n3}\\";
  d.ops[0].label = "write \"k1\" \\ 5 -> ok";
  d.note = "note with \"quotes\"\nand a newline & an ampersand";
  const std::string text = RenderDot(d, RenderOptions{});
  ExpectDotRendersCleanly(text, "hostile");
  if (!testing::HaveProgram("dot")) return;
  const std::filesystem::path dir = testing::ScratchDir("dot_test_hostile_svg");
  std::ofstream(dir / "in.dot", std::ios::binary) << text;
  ASSERT_EQ(testing::RunShell("dot -Tsvg '" + (dir / "in.dot").string() + "' -o '" +
                                  (dir / "out.svg").string() + "'",
                              dir)
                .exit_code,
            0);
  const std::string svg = testing::ReadFileOrEmpty(dir / "out.svg");
  EXPECT_NE(svg.find("write &quot;k1&quot; \\ 5 &#45;&gt; ok"), std::string::npos);
  EXPECT_NE(svg.find("tooltip &amp; &lt;tag&gt;"), std::string::npos);
}

// The lanes come out left to right in Diagram order, nodes first, with a wider gap before
// the clients, and every row is below the lane heads.
TEST(DotTest, LanesArePinnedInOrder) {
  const std::string text = RenderDot(SmallDiagram(), RenderOptions{});
  std::vector<long> xs;
  for (int i = 0; i < 5; ++i) {
    const std::string key = "  head" + std::to_string(i) + " [";
    const size_t at = text.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    const size_t pos = text.find("pos=\"", at);
    xs.push_back(std::stol(text.substr(pos + 5)));
  }
  for (size_t i = 1; i < xs.size(); ++i) EXPECT_LT(xs[i - 1], xs[i]);
  EXPECT_GT(xs[3] - xs[2], xs[1] - xs[0]);  // the client group stands apart
  EXPECT_NE(text.find("layout=nop2"), std::string::npos);
}

TEST(DotTest, DroppedDuplicateAndInFlightStyles) {
  const std::string text = RenderDot(SmallDiagram(), RenderOptions{});
  EXPECT_NE(text.find("label=\"replicate seq=1 lost: loss\""), std::string::npos);
  EXPECT_NE(text.find("label=\"replicate seq=1 (dup)\""), std::string::npos);
  EXPECT_NE(text.find("style=dashed"), std::string::npos);
  EXPECT_NE(text.find("label=\"ok 5 (in flight)\""), std::string::npos);
  EXPECT_NE(text.find("label=\"×\""), std::string::npos);
}

// Xs: a loss at send time ends a third of the way to the receiver (n1 at x=110 -> n3 at
// x=370), a drop at delivery on the receiver's lane (n2 at x=240).
TEST(DotTest, DropsEndWhereTheArrowEnds) {
  const std::string text = RenderDot(SmallDiagram(), RenderOptions{});
  const auto pos_of = [&](const std::string& id) {
    const size_t at = text.find("  " + id + " [");
    if (at == std::string::npos) return std::string("missing");
    const size_t pos = text.find("pos=\"", at);
    return text.substr(pos + 5, text.find('"', pos + 5) - pos - 5);
  };
  EXPECT_EQ(pos_of("x2"), "201,-132");
  EXPECT_EQ(pos_of("x7"), "240,-462");
}

TEST(DotTest, ClusterNotesCrossEveryLane) {
  const std::string text = RenderDot(SmallDiagram(), RenderOptions{});
  EXPECT_NE(text.find("notelabel0 [shape=plaintext"), std::string::npos);
  EXPECT_NE(text.find("label=\"workload over: every fault healed\""), std::string::npos);
  EXPECT_NE(text.find("noterule0 [shape=box"), std::string::npos);
}

TEST(LabelTextTest, ShortTimeTruncates) {
  EXPECT_EQ(ShortTime(0), "0s");
  EXPECT_EQ(ShortTime(950), "950ns");
  EXPECT_EQ(ShortTime(12'500), "12.5us");
  EXPECT_EQ(ShortTime(3'672'736), "3.672ms");
  EXPECT_EQ(ShortTime(5'002'482'424), "5.002s");
  EXPECT_EQ(ShortTime(-1'500'000), "-1.5ms");
  EXPECT_EQ(ShortTime(2'000'000'000), "2s");
}

TEST(LabelTextTest, CleanAndShorten) {
  EXPECT_EQ(CleanText("a\tb\x01"
                      "c\r\nd"),
            "a b c\nd");
  EXPECT_EQ(CleanText("\xC3\xA9t\xC3"), "\xC3\xA9t\xEF\xBF\xBD");  // é, then a cut sequence
  EXPECT_EQ(CleanText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ShortenText("replicate seq=4", 20), "replicate seq=4");
  EXPECT_EQ(ShortenText("replicate seq=4", 5), "repl\xE2\x80\xA6");
  EXPECT_EQ(ShortenText("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9\xE2\x80\xA6");
}

}  // namespace
}  // namespace faultline::viz
