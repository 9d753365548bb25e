#include "viz/mermaid.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "viz/text_render_test_util.h"

// Golden file: tests/golden/viz/small.mmd. Regenerate after an intended change with
// FAULTLINE_UPDATE_GOLDEN=1 (see viz/text_render_test_util.h). mermaid-cli is not
// installed here, so ValidateMermaid below checks the output against the strict subset
// of the sequenceDiagram grammar that RenderMermaid promises to write.

namespace faultline::viz {
namespace {

using testing::SmallDiagram;

testing::GoldenEnv Env() {
  return {std::getenv("FAULTLINE_SOURCE_DIR"), std::getenv("FAULTLINE_UPDATE_GOLDEN")};
}

// Free text: entity codes, <br/>, and characters that mean nothing to Mermaid's lexer;
// never a bare `#`, `;`, `:`, `%`, quote, `&` or `<`, never the word "end".
bool SafeText(const std::string& text) {
  static const std::regex kText(R"(^([^#;:%"&<\n]|#[A-Za-z0-9]+;|<br/>)+$)");
  static const std::regex kEnd(R"((^|[^A-Za-z0-9_])end([^A-Za-z0-9_]|$))", std::regex::icase);
  return std::regex_match(text, kText) && !std::regex_search(text, kEnd) &&
         text.find_first_not_of(' ') != std::string::npos;
}

// Checks every line against the statements RenderMermaid may write, that ids are declared
// identifiers and no keyword, that blocks and activations balance, and that all free
// text is SafeText. Returns "" or the first problem.
std::string ValidateMermaid(const std::string& text) {
  // Mermaid's lexer takes the first rule that matches, so no id may even start with one.
  static const std::vector<std::string> kKeywords = {
      "end",         "box",        "rect",     "loop",
      "alt",         "else",       "opt",      "par",
      "and",         "critical",   "break",    "note",
      "participant", "actor",      "activate", "deactivate",
      "title",       "autonumber", "over",     "left",
      "right",       "link",       "create",   "destroy",
      "details",     "properties", "off",      "sequencediagram",
      "acctitle",    "accdescr"};
  const std::string id = "([A-Za-z][A-Za-z0-9_]*)";
  const std::regex title("^  title (.+)$");
  const std::regex box(R"(^  box rgb\(\d+,\d+,\d+\) (nodes|clients)$)");
  const std::regex participant("^ {2,4}participant " + id + "( as (.+))?$");
  const std::regex rect(R"(^  rect rgba?\([0-9.,]+\)$)");
  const std::regex activation("^  (activate|deactivate) " + id + "$");
  const std::regex message("^  " + id + R"((->>|-->>|-x|--x|-\)|--\)))" + id + ": (.+)$");
  const std::regex note("^  Note (over|right of|left of) " + id + "(," + id + ")?: (.+)$");
  std::istringstream in(text);
  std::string line;
  std::set<std::string> declared;
  std::map<std::string, int> active;
  std::vector<std::string> blocks;
  int number = 0;
  const auto known = [&](const std::string& name) { return declared.count(name) > 0; };
  while (std::getline(in, line)) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": " + line;
    std::smatch m;
    if (number == 1) {
      if (line != "sequenceDiagram") return where + " (expected sequenceDiagram)";
    } else if (line.rfind("%%", 0) == 0) {
      continue;
    } else if (std::regex_match(line, m, title)) {
      if (!SafeText(m[1])) return where + " (unsafe title)";
    } else if (std::regex_match(line, m, box)) {
      blocks.push_back("box");
    } else if (std::regex_match(line, m, participant)) {
      std::string lower = m[1];
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const std::string& keyword : kKeywords) {
        if (lower.rfind(keyword, 0) == 0) return where + " (id starts with a keyword)";
      }
      if (!declared.insert(m[1]).second) return where + " (participant declared twice)";
      if (m[2].matched && !SafeText(m[3])) return where + " (unsafe alias)";
    } else if (line == "  end") {
      if (blocks.empty()) return where + " (end without a block)";
      blocks.pop_back();
    } else if (std::regex_match(line, m, rect)) {
      blocks.push_back("rect");
    } else if (std::regex_match(line, m, activation)) {
      if (!known(m[2])) return where + " (undeclared participant)";
      if (m[1] == "activate") {
        ++active[m[2]];
      } else if (active[m[2]]-- <= 0) {
        return where + " (deactivating an idle participant)";
      }
    } else if (std::regex_match(line, m, message)) {
      if (!known(m[1]) || !known(m[3])) return where + " (undeclared participant)";
      if (!SafeText(m[4])) return where + " (unsafe message text)";
    } else if (std::regex_match(line, m, note)) {
      if (!known(m[2]) || (m[3].matched && !known(m[4]))) return where + " (undeclared)";
      if (!SafeText(m[5])) return where + " (unsafe note text)";
    } else {
      return where + " (not a statement RenderMermaid writes)";
    }
  }
  if (!blocks.empty()) return "unclosed " + blocks.back();
  for (const auto& [name, count] : active) {
    if (count != 0) return "activations of " + name + " do not balance";
  }
  return "";
}

int CountLines(const std::string& text, const std::regex& pattern) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += std::regex_search(line, pattern) ? 1 : 0;
  return n;
}

TEST(MermaidTest, Golden) {
  testing::ExpectGolden(Env(), "small.mmd", RenderMermaid(SmallDiagram(), RenderOptions{}));
}

TEST(MermaidTest, SameInputSameBytes) {
  EXPECT_EQ(RenderMermaid(SmallDiagram(), RenderOptions{}),
            RenderMermaid(SmallDiagram(), RenderOptions{}));
}

TEST(MermaidTest, SmallDiagramKeepsToTheGrammar) {
  const std::string text = RenderMermaid(SmallDiagram(), RenderOptions{});
  EXPECT_EQ(ValidateMermaid(text), "") << text;
  // Participants in lane order, nodes then clients, in two boxes.
  EXPECT_NE(text.find("  box rgb(220,232,246) nodes\n    participant n1\n    participant n2\n"
                      "    participant n3\n  end\n  box rgb(246,234,214) clients\n"
                      "    participant c1\n    participant c2\n  end\n"),
            std::string::npos)
      << text;
}

TEST(MermaidTest, ArrowsByFate) {
  const std::string text = RenderMermaid(SmallDiagram(), RenderOptions{});
  EXPECT_NE(text.find("  c1->>n1: write k1 5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  n1-xn3: replicate seq=1 (lost#58; loss)\n"), std::string::npos);
  EXPECT_NE(text.find("  n1-->>n2: replicate seq=1 (dup)\n"), std::string::npos);
  EXPECT_NE(text.find("  n1-)c2: ok 5 (in flight)\n"), std::string::npos);
  EXPECT_NE(text.find("rect rgba(228,87,46,0.12)"), std::string::npos);
  EXPECT_NE(text.find("Note right of c1: write k1 5 -> ok"), std::string::npos);
  EXPECT_NE(text.find("Note over n3: crash at 10ms"), std::string::npos);
  EXPECT_NE(text.find("Note over n1,c2: workload over#58; every fault healed\n"),
            std::string::npos);
}

// Arrows are drawn where messages arrive: the reply sent at row 7 and delivered at row 12
// comes after the duplicate delivered at row 11.
TEST(MermaidTest, MessagesInArrivalOrder) {
  const std::string text = RenderMermaid(SmallDiagram(), RenderOptions{});
  const size_t dup = text.find("n1-->>n2");
  const size_t reply = text.find("n1->>c1");
  ASSERT_NE(dup, std::string::npos);
  ASSERT_NE(reply, std::string::npos);
  EXPECT_LT(dup, reply);
}

TEST(MermaidTest, TextEscaping) {
  EXPECT_EQ(MermaidText("write k1 5"), "write k1 5");
  EXPECT_EQ(MermaidText("a;b#c"), "a#59;b#35;c");
  EXPECT_EQ(MermaidText("key: value"), "key#58; value");
  EXPECT_EQ(MermaidText("say \"hi\" & <b>"), "say #quot;hi#quot; #amp; #lt;b>");
  EXPECT_EQ(MermaidText("100%"), "100#37;");
  EXPECT_EQ(MermaidText("one\ntwo"), "one<br/>two");
  EXPECT_EQ(MermaidText("one\ntwo", false), "one two");
  EXPECT_EQ(MermaidText("end"), "#101;nd");
  EXPECT_EQ(MermaidText("the END."), "the #69;ND.");
  EXPECT_EQ(MermaidText("endpoint append end_x"), "endpoint append end_x");
  EXPECT_EQ(MermaidText("(end)"), "(#101;nd)");
  EXPECT_EQ(MermaidText(""), "-");
  EXPECT_EQ(MermaidText("   "), "-");
  EXPECT_EQ(MermaidText("bad \xff"), "bad \xEF\xBF\xBD");
  EXPECT_EQ(MermaidText("#35;"), "#35;35#59;");  // a literal entity stays literal
}

// Lane names that are keywords, collide, or are not identifiers get aliases.
TEST(MermaidTest, ParticipantNamesThatCollideGetAliases) {
  Diagram d = SmallDiagram();
  d.lanes[0].name = "end";
  d.lanes[1].name = "Note";
  d.lanes[2].name = "n-3;#";
  d.lanes[3].name = "L4";
  d.lanes[4].name = "endpoint";
  const std::string text = RenderMermaid(d, RenderOptions{});
  EXPECT_EQ(ValidateMermaid(text), "") << text;
  EXPECT_NE(text.find("    participant L0 as #101;nd\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    participant L1 as Note\n"), std::string::npos);
  EXPECT_NE(text.find("    participant L2 as n-3#59;#35;\n"), std::string::npos);
  EXPECT_NE(text.find("    participant L4\n"), std::string::npos);
  EXPECT_NE(text.find("    participant L4_ as endpoint\n"), std::string::npos);
}

// The validator itself catches what it is there to catch.
TEST(MermaidTest, ValidatorRejectsBrokenText) {
  const std::string head =
      "sequenceDiagram\n  box rgb(1,2,3) nodes\n    participant n1\n"
      "    participant n2\n  end\n";
  EXPECT_EQ(ValidateMermaid(head + "  n1->>n2: fine\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  n1->>n2: a;b\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  n1->>n2: a # b\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  n1->>n2: key: value\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  n1->>n2: end\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  n1->>n3: undeclared\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  end\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  rect rgb(1,2,3)\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  deactivate n1\n"), "");
  EXPECT_NE(ValidateMermaid(head + "  activate n1\n"), "");
  EXPECT_NE(ValidateMermaid("sequenceDiagram\n  box rgb(1,2,3) nodes\n    participant endx\n"
                            "  end\n"),
            "");
}

TEST(MermaidTest, HostileLabelsKeepToTheGrammar) {
  Diagram d = SmallDiagram();
  d.source = "title; with # and end\nand a newline";
  for (Arrow& a : d.arrows) {
    a.label = "end";
    a.drop_reason = "end; #x";
  }
  d.arrows[0].label = "a \"quoted\" label; # end\n-> { } %% not a comment : colon";
  d.arrows[1].label = "style:#35;fill";  // would trip Mermaid's style-line preprocessing
  d.arrows[2].kind = "end";
  d.arrows[2].label = "";
  for (OpBar& op : d.ops) op.label = "end";
  for (Mark& m : d.marks) m.text = "end\n; # \" end";
  d.bands[0].text = "{end} | {n2;n3}";
  d.note = "note: with; everything # end";
  const std::string text = RenderMermaid(d, RenderOptions{});
  EXPECT_EQ(ValidateMermaid(text), "") << text;
  RenderOptions no_labels;
  no_labels.message_labels = false;
  no_labels.title = "end";
  EXPECT_EQ(ValidateMermaid(RenderMermaid(d, no_labels)), "");
}

TEST(MermaidTest, CapLeavesItemsOutAndSaysHowMany) {
  const std::string all = RenderMermaid(SmallDiagram(), RenderOptions{});
  const std::string capped = RenderMermaidWithCap(SmallDiagram(), RenderOptions{}, 5);
  EXPECT_EQ(ValidateMermaid(capped), "") << capped;
  const std::regex statement(R"(^  ([A-Za-z0-9_]+(->>|-->>|-x|--x|-\))|Note ))");
  const int total = CountLines(all, statement) - 1;     // without the opening note
  EXPECT_EQ(CountLines(capped, statement), 1 + 5 + 1);  // opening note, 5 items, closing note
  EXPECT_NE(capped.find(std::to_string(total - 5) + " more messages and notes left out"),
            std::string::npos)
      << capped;
  // Every cap from 1 to past the end keeps the blocks and activations balanced.
  for (int cap = 1; cap <= total + 1; ++cap) {
    SCOPED_TRACE(cap);
    EXPECT_EQ(ValidateMermaid(RenderMermaidWithCap(SmallDiagram(), RenderOptions{}, cap)), "");
  }
  EXPECT_EQ(all.find("left out ("), std::string::npos);
}

TEST(MermaidTest, EmptyDiagram) {
  const std::string text = RenderMermaid(Diagram{}, RenderOptions{});
  EXPECT_EQ(text.rfind("sequenceDiagram\n", 0), 0u);
  EXPECT_EQ(ValidateMermaid(text), "") << text;
}

TEST(MermaidTest, OneLaneNotesOverItAlone) {
  Diagram d;
  d.lanes = {{"n1", LaneKind::kNode}};
  d.marks.push_back(Mark{0, testing::AtRow(0, 0), MarkType::kCrash, ""});
  d.bands.push_back(
      Band{BandType::kPartition, testing::AtRow(0, 0), testing::AtRow(1, 5), "{n1} | {}"});
  d.rows = 2;
  const std::string text = RenderMermaid(d, RenderOptions{});
  EXPECT_EQ(ValidateMermaid(text), "") << text;
  EXPECT_EQ(text.find("Note over n1,n1"), std::string::npos);
}

// Bands that overlap without nesting are closed and reopened so `rect` blocks nest.
TEST(MermaidTest, OverlappingBandsNest) {
  Diagram d = SmallDiagram();
  d.bands.push_back(Band{BandType::kLinkFault, testing::AtRow(15, 9000), testing::AtRow(26, 45000),
                         "n1 -> n2 slow"});
  const std::string text = RenderMermaid(d, RenderOptions{});
  EXPECT_EQ(ValidateMermaid(text), "") << text;
  EXPECT_EQ(CountLines(text, std::regex("^  rect rgba\\(245")), 2) << text;
}

}  // namespace
}  // namespace faultline::viz
