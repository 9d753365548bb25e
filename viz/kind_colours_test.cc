// KindColourSlot / KindColourHex (kind_colours.h), and that the SVG and DOT renderers use
// them: a kind has one colour in every picture and format, and each legend names only
// what its picture draws.
#include "viz/kind_colours.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"
#include "viz/dot.h"
#include "viz/render_options.h"
#include "viz/svg.h"

namespace faultline::viz {
namespace {

// The kinds each shipped model draws together, with the clients' kinds (sim/op.h).
const std::vector<std::vector<std::string_view>> kModelKinds = {
    {"client.req", "client.reply", "replicate", "ack", "catch_up", "catch_up_reply"},
    {"client.req", "client.reply", "append_entries", "append_entries_reply", "request_vote",
     "request_vote_reply", "read_index", "read_index_reply"},
    {"client.req", "client.reply", "put", "put_ack", "get", "get_reply", "read_repair", "handoff",
     "handoff_ack", "ae_digest", "ae_sync"},
};

TEST(KindColoursTest, PinnedKindsOfOneModelNeverShareAColour) {
  for (const auto& kinds : kModelKinds) {
    std::set<int> slots;
    for (const std::string_view kind : kinds) {
      const int slot = KindColourSlot(kind);
      EXPECT_NE(slot, kNoiseKindSlot) << kind;
      EXPECT_TRUE(slots.insert(slot).second) << kind << " shares slot " << slot;
    }
  }
  EXPECT_NE(KindColourHex("replicate"), KindColourHex("ack"));
  EXPECT_NE(KindColourHex("client.req"), KindColourHex("client.reply"));
}

TEST(KindColoursTest, HeartbeatsAreLightGrey) {
  for (const std::string_view kind : {"heartbeat", "raft.heartbeat", "shard:1/heartbeat_ack"}) {
    EXPECT_TRUE(IsNoiseKind(kind)) << kind;
    EXPECT_EQ(KindColourSlot(kind), kNoiseKindSlot) << kind;
    EXPECT_EQ(KindColourHex(kind), "#a0a0a0") << kind;
  }
  EXPECT_FALSE(IsNoiseKind("replicate"));
}

TEST(KindColoursTest, ANamespaceDoesNotChangeTheColour) {
  EXPECT_EQ(KindColourSlot("shard:2/replicate"), KindColourSlot("replicate"));
  EXPECT_EQ(KindColourSlot("a/b/append_entries"), KindColourSlot("append_entries"));
  EXPECT_EQ(KindColourSlot("g/gossip"), KindColourSlot("gossip"));
}

// Unknown kinds hash with FNV-1a-64: the published test vectors FNV1a64("a") =
// 0xaf63dc4c8601ec8c (mod 12 = 4) and FNV1a64("foobar") = 0x85944171f73967e8 (mod 12 = 0)
// pin the function, so a kind keeps its colour across builds and releases.
TEST(KindColoursTest, UnknownKindsHashWithFnv1a) {
  EXPECT_EQ(KindColourSlot("a"), 4);
  EXPECT_EQ(KindColourSlot("foobar"), 0);
  EXPECT_EQ(KindColourSlot("ns/foobar"), 0);
  // Every slot is reachable, so unknown models' kinds spread over the palette.
  std::set<int> slots;
  for (int i = 0; i < 200; ++i) slots.insert(KindColourSlot("kind" + std::to_string(i)));
  EXPECT_EQ(slots.size(), static_cast<size_t>(kKindPaletteSize));
}

double Luminance(std::string_view hex) {
  double channel[3];
  for (int i = 0; i < 3; ++i) {
    const double c = std::stoi(std::string(hex.substr(1 + 2 * i, 2)), nullptr, 16) / 255.0;
    channel[i] = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2];
}

TEST(KindColoursTest, PaletteIsDistinctAndReadableOnWhite) {
  std::set<std::string_view> seen;
  for (int slot = 0; slot < kKindPaletteSize; ++slot) {
    const std::string_view hex = SlotColourHex(slot);
    ASSERT_EQ(hex.size(), 7u);
    EXPECT_TRUE(seen.insert(hex).second) << hex;
    // WCAG contrast against white, for 10 px labels.
    EXPECT_GE(1.05 / (Luminance(hex) + 0.05), 4.5) << hex;
    // Not the diagrams' loss red, fail red, info amber or ok green.
    for (const std::string_view reserved : {"#d62728", "#b71c1c", "#c68400", "#2e7d32"}) {
      EXPECT_NE(hex, reserved);
    }
  }
}

// --- The renderers -----------------------------------------------------------------------

Arrow MakeArrow(uint64_t msg, int from, int to, const std::string& kind, int64_t row) {
  Arrow a;
  a.msg = msg;
  a.from = from;
  a.to = to;
  a.end_lane = to;
  a.send = {row * 1'000'000, row, row};
  a.end = {(row + 1) * 1'000'000, row + 1, row + 1};
  a.kind = kind;
  a.label = kind;
  a.title = "title-" + kind;
  return a;
}

// Two nodes and a client, one delivered message of each kind.
Diagram WithKinds(const std::vector<std::string>& kinds) {
  Diagram d;
  d.source = "kinds.jsonl";
  d.lanes = {{"n1", LaneKind::kNode}, {"n2", LaneKind::kNode}, {"c1", LaneKind::kClient}};
  int64_t row = 0;
  for (const std::string& kind : kinds) {
    d.arrows.push_back(MakeArrow(static_cast<uint64_t>(row + 1), 0, 1, kind, row));
    row += 2;
  }
  d.begin = {0, 0, 0};
  d.end = {row * 1'000'000, row, row};
  d.rows = row + 1;
  d.events_shown = row;
  return d;
}

// The stroke colour of the SVG arrow whose title is "title-KIND": its class k<slot>, then
// that class's rule in the stylesheet.
std::string SvgArrowColour(const std::string& svg, const std::string& kind) {
  const size_t title = svg.find("><title>title-" + kind + "</title>");
  if (title == std::string::npos) return "no arrow";
  const size_t cls = svg.rfind("<line class=\"m k", title);
  if (cls == std::string::npos) return "no class";
  const size_t begin = cls + std::string_view("<line class=\"m ").size();
  const std::string slot_class = svg.substr(begin, svg.find_first_of(" \"", begin) - begin);
  const size_t rule = svg.find("." + slot_class + "{stroke:");
  if (rule == std::string::npos) return "no rule for " + slot_class;
  return svg.substr(rule + slot_class.size() + 9, 7);
}

// The colour of the DOT edge whose tooltip is "title-KIND".
std::string DotArrowColour(const std::string& dot, const std::string& kind) {
  const size_t tip = dot.find("tooltip=\"title-" + kind + "\"");
  if (tip == std::string::npos) return "no edge";
  const size_t colour = dot.rfind(", color=\"", tip);
  if (colour == std::string::npos) return "no colour";
  return dot.substr(colour + 9, 7);
}

TEST(KindColoursRenderTest, SameKindSameColourWhateverElseIsDrawn) {
  // Under the old scheme (colours handed out in sorted order of the kinds present) these
  // two pictures gave `replicate` different colours.
  const Diagram a = WithKinds({"ack", "replicate"});
  const Diagram b = WithKinds({"aardvark", "abc", "client.req", "replicate", "zeta"});
  const std::string svg_a = RenderSvg(a, {}), svg_b = RenderSvg(b, {});
  const std::string dot_a = RenderDot(a, {}), dot_b = RenderDot(b, {});
  const std::string want(KindColourHex("replicate"));
  EXPECT_EQ(SvgArrowColour(svg_a, "replicate"), want);
  EXPECT_EQ(SvgArrowColour(svg_b, "replicate"), want);
  EXPECT_EQ(DotArrowColour(dot_a, "replicate"), want);
  EXPECT_EQ(DotArrowColour(dot_b, "replicate"), want);
  // And an unknown kind too.
  const Diagram c = WithKinds({"zeta"});
  EXPECT_EQ(SvgArrowColour(RenderSvg(c, {}), "zeta"), SvgArrowColour(svg_b, "zeta"));
  EXPECT_EQ(DotArrowColour(RenderDot(c, {}), "zeta"), DotArrowColour(dot_b, "zeta"));
  EXPECT_EQ(DotArrowColour(dot_b, "zeta"), std::string(KindColourHex("zeta")));
}

TEST(KindColoursRenderTest, TwoPinnedKindsDiffer) {
  const Diagram d = WithKinds({"replicate", "ack", "client.req", "client.reply"});
  const std::string svg = RenderSvg(d, {}), dot = RenderDot(d, {});
  std::set<std::string> svg_colours, dot_colours;
  for (const std::string kind : {"replicate", "ack", "client.req", "client.reply"}) {
    svg_colours.insert(SvgArrowColour(svg, kind));
    dot_colours.insert(DotArrowColour(dot, kind));
  }
  EXPECT_EQ(svg_colours.size(), 4u);
  EXPECT_EQ(dot_colours, svg_colours);
}

TEST(KindColoursRenderTest, HeartbeatIsGreyInBothFormats) {
  const Diagram d = WithKinds({"heartbeat", "replicate"});
  EXPECT_EQ(SvgArrowColour(RenderSvg(d, {}), "heartbeat"), "#a0a0a0");
  EXPECT_EQ(DotArrowColour(RenderDot(d, {}), "heartbeat"), "#a0a0a0");
}

TEST(KindColoursRenderTest, LegendListsTheKindsDrawnInTheirColours) {
  const Diagram d = WithKinds({"replicate", "a<b"});
  const std::string svg = RenderSvg(d, {});
  EXPECT_NE(svg.find(">replicate</text>"), std::string::npos);
  EXPECT_NE(svg.find(">a&lt;b</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">ack</text>"), std::string::npos);
  const std::string dot = RenderDot(d, {});
  EXPECT_NE(dot.find(std::string("COLOR=\"") + std::string(KindColourHex("replicate")) +
                     "\">&#8212;&#9658;</FONT></TD><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">"
                     "replicate</FONT>"),
            std::string::npos);
  EXPECT_NE(dot.find(">a&lt;b</FONT>"), std::string::npos);  // escaped in the HTML label
}

// A partition, a crash and a lost message are in the legend only when drawn.
TEST(KindColoursRenderTest, LegendNamesOnlyWhatIsDrawn) {
  Diagram plain = WithKinds({"replicate"});
  const std::string svg = RenderSvg(plain, {}), dot = RenderDot(plain, {});
  for (const std::string_view absent :
       {">partition<", ">node down<", ">lost (hover: why)<", ">message lost<", ">op ok<"}) {
    EXPECT_EQ(svg.find(absent), std::string::npos) << absent;
    EXPECT_EQ(dot.find(absent), std::string::npos) << absent;
  }

  Diagram busy = plain;
  busy.bands.push_back({BandType::kPartition, busy.begin, busy.end, "{n1} | {n2}"});
  busy.spans.push_back({1, SpanType::kDown, busy.begin, busy.end});
  busy.arrows.push_back(MakeArrow(99, 0, 1, "replicate", 0));
  busy.arrows.back().fate = Fate::kDropped;
  const std::string busy_svg = RenderSvg(busy, {}), busy_dot = RenderDot(busy, {});
  EXPECT_NE(busy_svg.find(">partition<"), std::string::npos);
  EXPECT_NE(busy_dot.find(">partition<"), std::string::npos);
  EXPECT_NE(busy_svg.find(">node down<"), std::string::npos);
  EXPECT_NE(busy_dot.find(">node down<"), std::string::npos);
  EXPECT_NE(busy_svg.find(">lost (hover: why)<"), std::string::npos);
  EXPECT_NE(busy_dot.find(">message lost<"), std::string::npos);
  // A lost message stays red in DOT, whatever its kind.
  EXPECT_NE(busy_dot.find("arrowhead=none, color=\"#d62728\""), std::string::npos);
}

TEST(KindColoursRenderTest, NoArrowsNoKindLegend) {
  const Diagram d = WithKinds({});
  EXPECT_EQ(RenderSvg(d, {}).find("message kinds:"), std::string::npos);
  EXPECT_EQ(RenderDot(d, {}).find("legend ["), std::string::npos);
}

}  // namespace
}  // namespace faultline::viz
