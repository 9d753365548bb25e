#include "viz/diagram_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::viz {
namespace {

// Builds trace.jsonl text: each line gets "i" (its position) and "t" prepended.
class TraceText {
 public:
  TraceText& Add(int64_t t, const std::string& rest) {
    absl::StrAppend(&text_, "{\"i\":", next_++, ",\"t\":", t, ",", rest, "}\n");
    return *this;
  }
  TraceText& Start(const std::string& node) {
    return Add(0, absl::StrCat(R"("type":"start","node":")", node, "\""));
  }
  // A message event: send, deliver, drop or duplicate.
  TraceText& Msg(int64_t t, const std::string& type, const std::string& from, const std::string& to,
                 int msg, const std::string& kind, int64_t sent = -1,
                 const std::string& reason = "") {
    std::string s =
        absl::StrCat(R"("type":")", type, R"(","from":")", from, R"(","to":")", to, R"(","msg":)",
                     msg, R"(,"kind":")", kind, R"(","body":{"epoch":1,"seq":)", msg, "}");
    if (sent >= 0) absl::StrAppend(&s, ",\"sent\":", sent);
    if (!reason.empty()) absl::StrAppend(&s, ",\"reason\":\"", reason, "\"");
    return Add(t, s);
  }
  TraceText& Op(int64_t t, const std::string& type, const std::string& client, int op,
                const std::string& f, const std::string& value, const std::string& outcome = "") {
    std::string s =
        absl::StrCat(R"("type":")", type, R"(","node":")", client, R"(","op":)", op,
                     R"(,"process":)", op, R"(,"f":")", f, R"(","key":"k1","value":)", value);
    if (!outcome.empty()) absl::StrAppend(&s, ",\"outcome\":\"", outcome, "\"");
    return Add(t, s);
  }
  TraceEvents Events() const {
    absl::StatusOr<TraceEvents> t = ParseTrace(text_, "test.jsonl");
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? *t : TraceEvents{};
  }

 private:
  std::string text_;
  int next_ = 0;
};

Diagram Build(const TraceText& text, const Selection& selection = {}) {
  absl::StatusOr<Diagram> d = BuildDiagram(text.Events(), selection);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *d : Diagram{};
}

std::vector<std::string> LaneNames(const Diagram& d) {
  std::vector<std::string> names;
  for (const Lane& l : d.lanes) names.push_back(l.name);
  return names;
}

TEST(DiagramBuilderTest, SendAndDeliverMakeAnArrow) {
  TraceText t;
  t.Start("n1").Start("n2");
  t.Msg(10, "send", "n1", "n2", 1, "replicate");
  t.Msg(25, "deliver", "n1", "n2", 1, "replicate", 10);
  const Diagram d = Build(t);
  EXPECT_EQ(LaneNames(d), (std::vector<std::string>{"n1", "n2"}));
  ASSERT_EQ(d.arrows.size(), 1u);
  const Arrow& a = d.arrows[0];
  EXPECT_EQ(a.msg, 1u);
  EXPECT_EQ(a.from, 0);
  EXPECT_EQ(a.to, 1);
  EXPECT_EQ(a.end_lane, 1);
  EXPECT_EQ(a.fate, Fate::kDelivered);
  EXPECT_FALSE(a.duplicate);
  EXPECT_EQ(a.send.time, 10);
  EXPECT_EQ(a.send.row, 2);
  EXPECT_EQ(a.send.event, 2);
  EXPECT_EQ(a.end.time, 25);
  EXPECT_EQ(a.end.row, 3);
  EXPECT_EQ(a.kind, "replicate");
  EXPECT_EQ(a.label, "replicate seq=1");
  EXPECT_EQ(a.title,
            R"(replicate #1 n1 -> n2 {"epoch":1,"seq":1}; sent at 10ns; delivered at 25ns )"
            "(after 15ns)");
  EXPECT_EQ(d.rows, 4);
  EXPECT_EQ(d.events_total, 4);
  EXPECT_EQ(d.events_shown, 4);
  EXPECT_EQ(d.begin.row, 0);
  EXPECT_EQ(d.end.row, 3);
  EXPECT_EQ(d.end.time, 25);
  EXPECT_EQ(d.note, "");
  ASSERT_EQ(d.marks.size(), 2u);
  EXPECT_EQ(d.marks[0].type, MarkType::kStart);
  EXPECT_EQ(d.source, "test.jsonl");
}

TEST(DiagramBuilderTest, LossAtSendEndsOnTheSenderAndLaterDropsOnTheReceiver) {
  TraceText t;
  t.Msg(10, "send", "n1", "n2", 1, "ack");
  t.Msg(10, "drop", "n1", "n2", 1, "ack", 10, "loss");
  t.Msg(20, "send", "n1", "n2", 2, "ack");
  t.Msg(30, "drop", "n1", "n2", 2, "ack", 20, "partition");
  t.Msg(40, "send", "n1", "n2", 3, "ack");
  t.Msg(40, "drop", "n1", "n2", 3, "ack", 40, "partition");
  const Diagram d = Build(t);
  ASSERT_EQ(d.arrows.size(), 3u);
  EXPECT_EQ(d.arrows[0].fate, Fate::kDropped);
  EXPECT_EQ(d.arrows[0].drop_reason, "loss");
  EXPECT_EQ(d.arrows[0].end_lane, d.arrows[0].from);
  EXPECT_NE(d.arrows[0].title.find("lost at send: loss"), std::string::npos);
  EXPECT_EQ(d.arrows[1].drop_reason, "partition");
  EXPECT_EQ(d.arrows[1].end_lane, d.arrows[1].to);
  EXPECT_NE(d.arrows[1].title.find("dropped at 30ns (after 10ns): partition"), std::string::npos);
  EXPECT_EQ(d.arrows[2].end_lane, d.arrows[2].from);  // cut by a partition at send time
}

TEST(DiagramBuilderTest, DuplicateMakesASecondArrowMarkedDuplicate) {
  TraceText t;
  t.Msg(10, "send", "n1", "n2", 7, "replicate");
  t.Msg(10, "duplicate", "n1", "n2", 7, "replicate");
  t.Msg(15, "deliver", "n1", "n2", 7, "replicate", 10);
  t.Msg(18, "deliver", "n1", "n2", 7, "replicate", 10);
  const Diagram d = Build(t);
  ASSERT_EQ(d.arrows.size(), 2u);
  EXPECT_FALSE(d.arrows[0].duplicate);
  EXPECT_EQ(d.arrows[0].send.row, 0);
  EXPECT_EQ(d.arrows[0].end.row, 2);
  EXPECT_TRUE(d.arrows[1].duplicate);
  EXPECT_EQ(d.arrows[1].send.row, 1);  // drawn from the duplicate event
  EXPECT_EQ(d.arrows[1].end.row, 3);
  EXPECT_NE(d.arrows[1].title.find("second copy"), std::string::npos);
}

TEST(DiagramBuilderTest, UnfinishedMessagesAreInFlightAtTheEnd) {
  TraceText t;
  t.Msg(10, "send", "n1", "n2", 1, "replicate");
  t.Msg(10, "duplicate", "n1", "n2", 1, "replicate");
  t.Msg(12, "deliver", "n1", "n2", 1, "replicate", 10);
  t.Msg(20, "send", "n2", "n1", 2, "ack");
  t.Add(25, R"("type":"start","node":"n3")").Add(30, R"("type":"crash","node":"n3")");
  const Diagram d = Build(t);
  ASSERT_EQ(d.arrows.size(), 3u);
  EXPECT_EQ(d.arrows[0].fate, Fate::kDelivered);
  EXPECT_EQ(d.arrows[1].fate, Fate::kInFlight);  // the duplicate copy of 1
  EXPECT_TRUE(d.arrows[1].duplicate);
  EXPECT_EQ(d.arrows[2].fate, Fate::kInFlight);
  EXPECT_EQ(d.arrows[2].msg, 2u);
  EXPECT_EQ(d.arrows[2].end.row, d.end.row);
  EXPECT_EQ(d.arrows[2].end.time, 30);
  EXPECT_NE(d.arrows[2].title.find("still in flight"), std::string::npos);
}

TEST(DiagramBuilderTest, ClientOpsBecomeBars) {
  TraceText t;
  t.Start("n1");
  t.Op(10, "invoke", "c2", 1, "write", "5");
  t.Op(11, "invoke", "c10", 2, "read", "null");
  t.Op(20, "complete", "c2", 1, "write", "5", "ok");
  t.Op(21, "invoke", "c2", 3, "cas", "[5,6]");
  t.Op(30, "complete", "c10", 2, "read", "5", "ok");
  t.Op(31, "invoke", "c1", 4, "write", "7");
  t.Op(32, "complete", "c1", 4, "write", "7", "info");
  const Diagram d = Build(t);
  EXPECT_EQ(LaneNames(d), (std::vector<std::string>{"n1", "c1", "c2", "c10"}));
  EXPECT_EQ(d.lanes[1].kind, LaneKind::kClient);
  ASSERT_EQ(d.ops.size(), 4u);  // by invoke
  EXPECT_EQ(d.ops[0].label, "op 1 write k1 5 -> ok");
  EXPECT_EQ(d.ops[0].lane, 2);
  EXPECT_EQ(d.ops[0].outcome, OpOutcome::kOk);
  EXPECT_EQ(d.ops[0].invoke.time, 10);
  EXPECT_EQ(d.ops[0].complete.time, 20);
  EXPECT_EQ(d.ops[1].label, "op 2 read k1 -> 5");
  EXPECT_EQ(d.ops[1].result, "5");
  EXPECT_EQ(d.ops[1].lane, 3);
  EXPECT_EQ(d.ops[2].label, "op 3 cas k1 [5,6] (pending)");
  EXPECT_EQ(d.ops[2].outcome, OpOutcome::kPending);
  EXPECT_EQ(d.ops[2].complete.row, d.end.row);
  EXPECT_EQ(d.ops[3].outcome, OpOutcome::kInfo);
  EXPECT_EQ(d.ops[3].label, "op 4 write k1 7 -> info");
}

TEST(DiagramBuilderTest, CrashesAndPausesMakeSpansAndMarks) {
  TraceText t;
  t.Start("n1").Start("n2");
  t.Add(10, R"("type":"crash","node":"n2")");
  t.Add(20, R"("type":"pause","node":"n1")");
  t.Add(30, R"("type":"restart","node":"n2")");
  t.Add(40, R"("type":"crash","node":"n2")");
  t.Add(50, R"("type":"timer","node":"n1","msg":3,"tag":2)");
  t.Add(60, R"("type":"clock","node":"n1","local":55,"text":"jump -5ns")");
  const Diagram d = Build(t);
  ASSERT_EQ(d.spans.size(), 3u);  // by begin
  EXPECT_EQ(d.spans[0].type, SpanType::kDown);
  EXPECT_EQ(d.spans[0].lane, 1);
  EXPECT_EQ(d.spans[0].begin.time, 10);
  EXPECT_EQ(d.spans[0].end.time, 30);
  EXPECT_EQ(d.spans[1].type, SpanType::kPaused);
  EXPECT_EQ(d.spans[1].end.row, d.end.row);  // never resumed
  EXPECT_EQ(d.spans[2].begin.time, 40);
  EXPECT_EQ(d.spans[2].end.time, 60);
  ASSERT_EQ(d.marks.size(), 8u);
  EXPECT_EQ(d.marks[2].type, MarkType::kCrash);
  EXPECT_EQ(d.marks[6].type, MarkType::kTimer);
  EXPECT_EQ(d.marks[6].text, "tag 2");
  EXPECT_EQ(d.marks[7].type, MarkType::kClock);
  EXPECT_EQ(d.marks[7].text, "jump -5ns");
}

TEST(DiagramBuilderTest, PartitionsLinkFaultsAndClusterNotes) {
  TraceText t;
  t.Start("n1").Start("n2");
  t.Add(10, R"("type":"partition","text":"{n1} | {n2}")");
  t.Add(20, R"("type":"partition","text":"{n2} | {n1}")");  // replaces the first
  t.Add(30, R"("type":"heal","text":"partition healed")");
  t.Add(35, R"("type":"link","text":"n1->*: loss 20%")");
  t.Add(40, R"("type":"partition","text":"{n1,n2} | {}")");
  t.Add(50, R"("type":"note","text":"workload over")");
  const Diagram d = Build(t);
  ASSERT_EQ(d.bands.size(), 4u);
  EXPECT_EQ(d.bands[0].text, "{n1} | {n2}");
  EXPECT_EQ(d.bands[0].begin.time, 10);
  EXPECT_EQ(d.bands[0].end.time, 20);
  EXPECT_EQ(d.bands[1].end.time, 30);
  EXPECT_EQ(d.bands[2].type, BandType::kLinkFault);
  EXPECT_EQ(d.bands[2].begin.row, d.bands[2].end.row);
  EXPECT_EQ(d.bands[3].end.time, 50);  // still cut at the end
  ASSERT_EQ(d.cluster_notes.size(), 1u);
  EXPECT_EQ(d.cluster_notes[0].text, "workload over");
  EXPECT_EQ(d.cluster_notes[0].at.row, 7);
}

TraceText ThreeNodes() {
  TraceText t;
  t.Start("n1").Start("n2").Start("n3");
  t.Msg(10, "send", "n1", "n2", 1, "heartbeat");
  t.Msg(10, "send", "n1", "n3", 2, "replicate");
  t.Msg(12, "deliver", "n1", "n2", 1, "heartbeat", 10);
  t.Msg(14, "deliver", "n1", "n3", 2, "replicate", 10);
  t.Add(20, R"("type":"crash","node":"n3")");
  t.Op(21, "invoke", "c1", 1, "read", "null");
  t.Msg(21, "send", "c1", "n1", 3, "client.req");
  t.Msg(23, "deliver", "c1", "n1", 3, "client.req", 21);
  return t;
}

TEST(DiagramBuilderTest, NodesKeepMessagesOnlyWhenBothEndsAreKept) {
  Selection s;
  s.nodes = {"n1", "n2"};
  const Diagram d = Build(ThreeNodes(), s);
  EXPECT_EQ(LaneNames(d), (std::vector<std::string>{"n1", "n2"}));
  ASSERT_EQ(d.arrows.size(), 1u);
  EXPECT_EQ(d.arrows[0].kind, "heartbeat");
  EXPECT_TRUE(d.ops.empty());
  EXPECT_EQ(d.events_shown, 4);  // two starts, a send and its delivery
  EXPECT_EQ(d.note, "showing 4 of 11 events: only lanes n1, n2");
}

TEST(DiagramBuilderTest, UnknownNamesAreErrorsListingTheKnownOnes) {
  Selection s;
  s.nodes = {"n4"};
  absl::StatusOr<Diagram> d = BuildDiagram(ThreeNodes().Events(), s);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      d.status().message(),
      "unknown node 'n4' in the selection (did you mean 'n1'?); the trace has n1, n2, n3, c1");
  s = Selection{};
  s.hide_kinds = {"heartbeats"};
  d = BuildDiagram(ThreeNodes().Events(), s);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "unknown message kind 'heartbeats' in the selection (did you mean 'heartbeat'?); the "
            "trace has client.req, heartbeat, replicate");
  s = Selection{};
  s.from = 10;
  s.to = 5;
  EXPECT_FALSE(BuildDiagram(ThreeNodes().Events(), s).ok());
}

TEST(DiagramBuilderTest, KindsAndHideKindsFilterMessagesOnly) {
  Selection s;
  s.hide_kinds = {"heartbeat"};
  Diagram d = Build(ThreeNodes(), s);
  ASSERT_EQ(d.arrows.size(), 2u);
  EXPECT_EQ(d.arrows[0].kind, "replicate");
  EXPECT_EQ(d.events_shown, 9);
  EXPECT_EQ(d.note, "showing 9 of 11 events: hidden: heartbeat");
  s = Selection{};
  s.kinds = {"client.req"};
  d = Build(ThreeNodes(), s);
  ASSERT_EQ(d.arrows.size(), 1u);
  EXPECT_EQ(d.arrows[0].label, "client.req seq=3");
  EXPECT_EQ(d.ops.size(), 1u);  // ops and crashes are not messages: kept
  EXPECT_EQ(d.marks.size(), 4u);
}

TEST(DiagramBuilderTest, MaxEventsKeepsTheFirstAndSaysSo) {
  Selection s;
  s.max_events = 6;
  const Diagram d = Build(ThreeNodes(), s);
  EXPECT_EQ(d.events_shown, 6);
  EXPECT_EQ(d.rows, 6);
  EXPECT_EQ(d.end.time, 12);
  ASSERT_EQ(d.arrows.size(), 2u);
  EXPECT_EQ(d.arrows[0].fate, Fate::kDelivered);
  EXPECT_EQ(d.arrows[1].fate, Fate::kInFlight);  // delivered after the cut
  EXPECT_EQ(d.note, "showing the first 6 of 11 events (the max-events cap)");
  s.hide_kinds = {"heartbeat"};
  s.max_events = 3;
  EXPECT_EQ(Build(ThreeNodes(), s).note,
            "showing 3 of 11 events: the first 3 of 9 that match (the max-events cap); hidden: "
            "heartbeat");
}

TEST(DiagramBuilderTest, AWindowStartsThingsThatBeganBeforeItAtTheTop) {
  Selection s;
  s.from = 12;
  const Diagram d = Build(ThreeNodes(), s);
  EXPECT_EQ(d.begin.time, 12);
  EXPECT_EQ(d.begin.row, 0);
  ASSERT_EQ(d.arrows.size(), 3u);
  EXPECT_EQ(d.arrows[0].send.row, 0);  // sent at 10, before the window
  EXPECT_EQ(d.arrows[0].send.time, 12);
  EXPECT_NE(d.arrows[0].title.find("sent at 10ns (before the selection)"), std::string::npos);
  EXPECT_EQ(d.arrows[0].end.row, 0);
  EXPECT_EQ(d.arrows[1].end.row, 1);
  ASSERT_EQ(d.spans.size(), 1u);
  EXPECT_EQ(d.spans[0].begin.time, 20);
  EXPECT_EQ(d.note, "showing 6 of 11 events: from 12ns");
}

TEST(DiagramBuilderTest, AroundTimeCentresAWindowOnTheNearestEvent) {
  Selection s;
  s.around_time = 19;  // nearest: the crash at 20 (position 7)
  s.around_events = 1;
  Diagram d = Build(ThreeNodes(), s);
  EXPECT_EQ(d.events_shown, 3);
  EXPECT_EQ(d.begin.event, 6);
  EXPECT_EQ(d.end.event, 8);
  EXPECT_EQ(d.note, "showing 3 of 11 events: 3 events around 19ns (up to 1 either side)");
  s.around_events = 3;
  s.max_events = 2;  // the cap keeps the events nearest the centre
  d = Build(ThreeNodes(), s);
  EXPECT_EQ(d.events_shown, 2);
  EXPECT_EQ(d.begin.event, 7);
  EXPECT_EQ(d.end.event, 8);
}

TEST(DiagramBuilderTest, EmptySelectionIsAnEmptyDiagramWithANote) {
  Selection s;
  s.from = 1000;
  const Diagram d = Build(ThreeNodes(), s);
  EXPECT_EQ(d.events_shown, 0);
  EXPECT_EQ(d.rows, 0);
  EXPECT_TRUE(d.arrows.empty());
  EXPECT_EQ(d.lanes.size(), 4u);
  EXPECT_EQ(d.note, "no events match the selection: from 1us");
}

TEST(DiagramBuilderTest, SameTraceSameDiagram) {
  const Diagram a = Build(ThreeNodes());
  const Diagram b = Build(ThreeNodes());
  ASSERT_EQ(a.arrows.size(), b.arrows.size());
  for (size_t i = 0; i < a.arrows.size(); ++i) EXPECT_EQ(a.arrows[i].title, b.arrows[i].title);
}

}  // namespace
}  // namespace faultline::viz
