// Summarising big selections (event_summary.h), through BuildDiagram as the CLI uses it.
#include "viz/internal/event_summary.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "viz/diagram_builder.h"

namespace faultline::viz {
namespace {

// A run of `rounds` heartbeat rounds n1 -> n2, n3 with a client op every round; a
// partition at round 100 healed at round 150, n3 crashed at 200 and restarted at 220,
// a node note at 120 and a phase at 250.
std::string BigTrace(int rounds) {
  std::string text;
  int64_t i = 0, msg = 0;
  const auto add = [&](int64_t t, const std::string& rest) {
    absl::StrAppend(&text, "{\"i\":", i++, ",\"t\":", t, ",", rest, "}\n");
  };
  for (const char* n : {"n1", "n2", "n3"}) add(0, absl::StrCat(R"("type":"start","node":")", n, "\""));
  for (int r = 0; r < rounds; ++r) {
    const int64_t t = 1'000'000 * (r + 1);
    if (r == 100) add(t, R"("type":"partition","text":"{n1} | {n2,n3}")");
    if (r == 150) add(t, R"("type":"heal","text":"healed")");
    if (r == 200) add(t, R"("type":"crash","node":"n3")");
    if (r == 220) add(t, R"("type":"restart","node":"n3")");
    if (r == 120) add(t, R"("type":"note","node":"n2","text":"promoted to primary")");
    if (r == 250) add(t, R"("type":"note","text":"final reads")");
    std::string delivers[2];
    for (int k = 0; k < 2; ++k) {
      ++msg;
      const std::string m =
          absl::StrCat(R"("from":"n1","to":")", k == 0 ? "n2" : "n3", R"(","msg":)", msg,
                       R"(,"kind":"heartbeat","body":{"epoch":1})");
      add(t, absl::StrCat(R"("type":"send",)", m));
      delivers[k] = absl::StrCat(R"("type":"deliver",)", m, ",\"sent\":", t);
    }
    add(t + 10, absl::StrCat(R"("type":"invoke","node":"c1","op":)", r + 1,
                             R"(,"process":0,"f":"read","key":"k1","value":null)"));
    for (const std::string& d : delivers) add(t + 100, d);
    add(t + 900, absl::StrCat(R"("type":"complete","node":"c1","op":)", r + 1,
                              R"(,"process":0,"f":"read","key":"k1","value":1,"outcome":"ok")"));
  }
  return text;
}

Diagram Build(const std::string& text, const Selection& s) {
  absl::StatusOr<TraceEvents> trace = ParseTrace(text, "big.jsonl");
  EXPECT_TRUE(trace.ok()) << trace.status();
  absl::StatusOr<Diagram> d = BuildDiagram(*trace, s);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *d : Diagram{};
}

int CountMarks(const Diagram& d, MarkType type) {
  int n = 0;
  for (const Mark& m : d.marks) n += m.type == type;
  return n;
}

TEST(EventSummaryTest, BigSelectionFitsTheRowsAndKeepsEveryFault) {
  Selection s;
  s.max_rows = 120;
  const Diagram d = Build(BigTrace(300), s);
  EXPECT_LE(d.rows, 120);
  EXPECT_GT(d.rows, 60);  // the budget is used, not wasted
  ASSERT_EQ(d.bands.size(), 1u);
  EXPECT_EQ(d.bands[0].text, "{n1} | {n2,n3}");
  EXPECT_EQ(CountMarks(d, MarkType::kCrash), 1);
  EXPECT_EQ(CountMarks(d, MarkType::kRestart), 1);
  EXPECT_EQ(CountMarks(d, MarkType::kNote), 1);
  EXPECT_EQ(d.spans.size(), 1u);
  int gaps = 0;
  bool phase = false;
  for (const ClusterNote& n : d.cluster_notes) {
    if (n.text.rfind("\xE2\x80\xA6 ", 0) == 0) {
      ++gaps;
      EXPECT_NE(n.text.find("events left out ("), std::string::npos) << n.text;
      EXPECT_NE(n.text.find("heartbeat"), std::string::npos) << n.text;
    }
    phase = phase || n.text == "final reads";
  }
  EXPECT_TRUE(phase);
  EXPECT_GT(gaps, 0);
  EXPECT_EQ(d.events_shown + gaps, d.rows);
  EXPECT_NE(d.note.find("summarised to fit 120 rows"), std::string::npos) << d.note;
  EXPECT_NE(d.note.find(absl::StrCat(gaps, " gaps marked")), std::string::npos) << d.note;
}

TEST(EventSummaryTest, NoMessageOrOpIsCutByAGap) {
  Selection s;
  s.max_rows = 100;
  const Diagram d = Build(BigTrace(300), s);
  ASSERT_FALSE(d.arrows.empty());
  for (const Arrow& a : d.arrows) {
    EXPECT_EQ(a.fate, Fate::kDelivered) << a.msg;
    EXPECT_LT(a.send.row, a.end.row) << a.msg;
  }
  for (const OpBar& op : d.ops) EXPECT_EQ(op.outcome, OpOutcome::kOk) << op.op;
}

TEST(EventSummaryTest, SmallSelectionsAndMaxRowsZeroAreNotSummarised) {
  Selection s;
  s.max_rows = 0;
  const Diagram all = Build(BigTrace(300), s);
  EXPECT_EQ(all.rows, all.events_total);
  EXPECT_EQ(all.note, "");
  s.max_rows = 100'000;
  EXPECT_EQ(Build(BigTrace(300), s).rows, all.rows);
}

TEST(EventSummaryTest, MaxEventsCapsBeforeSummarising) {
  Selection s;
  s.max_events = 500;
  s.max_rows = 80;
  const Diagram d = Build(BigTrace(300), s);
  EXPECT_LE(d.rows, 80);
  EXPECT_NE(d.note.find("of 500 events drawn"), std::string::npos) << d.note;
  EXPECT_NE(d.note.find("max-events"), std::string::npos) << d.note;
}

TEST(EventSummaryTest, SameTraceSameSummary) {
  Selection s;
  s.max_rows = 90;
  const Diagram a = Build(BigTrace(300), s), b = Build(BigTrace(300), s);
  ASSERT_EQ(a.cluster_notes.size(), b.cluster_notes.size());
  for (size_t i = 0; i < a.cluster_notes.size(); ++i) {
    EXPECT_EQ(a.cluster_notes[i].text, b.cluster_notes[i].text);
  }
  EXPECT_EQ(a.note, b.note);
}

}  // namespace
}  // namespace faultline::viz
