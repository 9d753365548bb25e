#include "viz/story_steps.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "viz/diagram_builder.h"

namespace faultline::viz {
namespace {

// n1 is primary, acknowledges c1's write of 1 and replicates it; a batch of log entries
// brings k0 to 3 on n2; n2 crashes, writes a note that names no role, then one that does.
std::string FullTrace() {
  return R"json({"i":0,"t":0,"type":"start","node":"n1"}
{"i":1,"t":0,"type":"start","node":"n2"}
{"i":2,"t":1,"type":"note","node":"n1","text":"primary in epoch 1 (initial)"}
{"i":3,"t":10,"type":"invoke","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1}
{"i":4,"t":10,"type":"send","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{"op":1,"f":"write","key":"k0","value":1}}
{"i":5,"t":11,"type":"deliver","from":"c1","to":"n1","msg":1,"kind":"client.req","body":{"op":1,"f":"write","key":"k0","value":1},"sent":10}
{"i":6,"t":11,"type":"send","from":"n1","to":"n2","msg":2,"kind":"replicate","body":{"epoch":1,"seq":1,"key":"k0","value":1}}
{"i":7,"t":12,"type":"deliver","from":"n1","to":"n2","msg":2,"kind":"replicate","body":{"epoch":1,"seq":1,"key":"k0","value":1},"sent":11}
{"i":8,"t":12,"type":"send","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{"op":1,"ok":true}}
{"i":9,"t":13,"type":"deliver","from":"n1","to":"c1","msg":3,"kind":"client.reply","body":{"op":1,"ok":true},"sent":12}
{"i":10,"t":13,"type":"complete","node":"c1","op":1,"process":0,"f":"write","key":"k0","value":1,"outcome":"ok"}
{"i":11,"t":20,"type":"send","from":"n1","to":"n2","msg":4,"kind":"append","body":{"term":4,"entries":[{"key":"k0","value":2},{"key":"k1","value":9},{"key":"k0","value":3}]}}
{"i":12,"t":21,"type":"deliver","from":"n1","to":"n2","msg":4,"kind":"append","body":{"term":4,"entries":[{"key":"k0","value":2},{"key":"k1","value":9},{"key":"k0","value":3}]},"sent":20}
{"i":13,"t":30,"type":"crash","node":"n2"}
{"i":14,"t":40,"type":"note","node":"n2","text":"semi-sync off: a write waited 1s"}
{"i":15,"t":41,"type":"note","node":"n2","text":"promoted to primary in epoch 2 (no heartbeat for 450ms)"}
)json";
}

// The events a story would keep, with a gap mark (a note no trace event has) over 2..10.
std::string StoryTrace() {
  const std::string full = FullTrace();
  std::string story;
  int line = 0;
  for (size_t at = 0; at < full.size(); ++line) {
    const size_t end = full.find('\n', at) + 1;
    if (line == 2) {
      story += R"({"i":2,"t":1,"type":"note","text":"… 9 events left out"})" "\n";
    } else if (line < 2 || line > 10) {
      story += full.substr(at, end - at);
    }
    at = end;
  }
  return story;
}

struct Fixture {
  TraceEvents full;
  Diagram story;
};

Fixture Build() {
  absl::StatusOr<TraceEvents> full = ParseTrace(FullTrace(), "trace.jsonl");
  absl::StatusOr<TraceEvents> story = ParseTrace(StoryTrace(), "trace.jsonl");
  EXPECT_TRUE(full.ok()) << full.status();
  EXPECT_TRUE(story.ok()) << story.status();
  Selection all;
  all.max_events = 0;
  absl::StatusOr<Diagram> d = BuildDiagram(*story, all);
  EXPECT_TRUE(d.ok()) << d.status();
  return {*full, *d};
}

TEST(StoryStepsTest, OneStepPerRowWithWhatItDraws) {
  const Fixture f = Build();
  const StorySteps s = BuildStorySteps(f.story, f.full, "k0");
  ASSERT_EQ(static_cast<int64_t>(s.steps.size()), f.story.rows);
  ASSERT_EQ(s.steps.size(), 8u);
  EXPECT_EQ(s.nodes, (std::vector<std::string>{"n1", "n2"}));
  for (size_t r = 0; r < s.steps.size(); ++r) EXPECT_EQ(s.steps[r].at.row, static_cast<int64_t>(r));
  EXPECT_EQ(s.steps[0].text, "0s n1 starts");
  EXPECT_EQ(s.steps[2].text, "1ns … 9 events left out");
  EXPECT_EQ(s.steps[4].text.rfind("21ns n1 \xE2\x86\x92 n2 append {", 0), 0u) << s.steps[4].text;
  EXPECT_NE(s.steps[4].text.find(" delivered"), std::string::npos);
  EXPECT_EQ(s.steps[5].text, "30ns n2 crashes");
}

TEST(StoryStepsTest, AGapCountsEveryEventItLeavesOut) {
  const Fixture f = Build();
  const StorySteps s = BuildStorySteps(f.story, f.full, "k0");
  EXPECT_EQ(s.steps[1].nodes[0].role, "");  // before the gap: no note yet
  const StoryNodeState& n1 = s.steps[2].nodes[0];
  EXPECT_EQ(n1.role, "primary in epoch 1");
  EXPECT_EQ(n1.note, "primary in epoch 1 (initial)");
  EXPECT_EQ(n1.value, "1");  // the write it acknowledged
  EXPECT_EQ(n1.value_from, "acknowledged op 1 at 13ns");
  const StoryNodeState& n2 = s.steps[2].nodes[1];
  EXPECT_EQ(n2.value, "1");
  EXPECT_EQ(n2.value_from, "replicate from n1 in epoch 1, delivered at 12ns");
}

TEST(StoryStepsTest, ValuesRolesAndFaultsAsTheTraceShowsThem) {
  const Fixture f = Build();
  const StorySteps s = BuildStorySteps(f.story, f.full, "k0");
  EXPECT_EQ(s.steps[3].nodes[1].value, "1");  // the batch is only sent
  EXPECT_EQ(s.steps[4].nodes[1].value, "3");  // its last entry of k0, not k1's 9
  EXPECT_EQ(s.steps[4].nodes[1].value_from, "append from n1 in term 4, delivered at 21ns");
  EXPECT_FALSE(s.steps[4].nodes[1].down);
  EXPECT_TRUE(s.steps[5].nodes[1].down);
  EXPECT_EQ(s.steps[6].nodes[1].role, "");  // "semi-sync off" names no role
  EXPECT_EQ(s.steps[7].nodes[1].role, "promoted to primary in epoch 2");
  EXPECT_TRUE(s.steps[7].nodes[1].down);  // no restart yet
  EXPECT_EQ(s.steps[7].nodes[0].role, "primary in epoch 1");
  // Another key: none of these values.
  const StorySteps k1 = BuildStorySteps(f.story, f.full, "k1");
  EXPECT_EQ(k1.steps[4].nodes[1].value, "9");
  EXPECT_EQ(k1.steps[4].nodes[0].value, "");
}

TEST(StoryStepsTest, RoleNotes) {
  for (const char* note : {"primary in epoch 1 (initial)", "promoted to primary in epoch 2",
                           "following n2 in epoch 2", "stepped down; following n2",
                           "became leader in term 3", "candidate in term 4",
                           "stepped down in term 3: saw term 4", "restarted as backup in epoch 2",
                           "recovered term 3 and 12 entries"}) {
    EXPECT_TRUE(IsRoleNote(note)) << note;
  }
  for (const char* note : {"semi-sync off: a write waited 1s", "two leaders in term 3",
                           "write of \"k0\" got 1 of w=2", "no other backup of epoch 2", ""}) {
    EXPECT_FALSE(IsRoleNote(note)) << note;
  }
}

}  // namespace
}  // namespace faultline::viz
