// RenderShiViz: a golden file for a small hand-built diagram, and a RapidCheck property
// that on random diagrams the vector clocks are exactly happens-before: event a's clock is
// below event b's if and only if a path of lane order and message deliveries leads from a
// to b (so a delivery's clock dominates its send's, each lane's clocks strictly increase,
// and concurrent events are not ordered).
//
// Regenerate the golden files after an intended change with
//   FAULTLINE_UPDATE_GOLDEN=1 ./build/viz_test   (from the source root), then review the diff.
#include "viz/shiviz.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "viz/test_diagrams.h"

namespace faultline::viz {
namespace {

using nlohmann::json;
namespace td = test_diagrams;
using td::SmallDiagram;

std::string SourceRoot() {
  const char* root = std::getenv("FAULTLINE_SOURCE_DIR");  // test-only: ctest sets it
  return root ? root : ".";
}

bool UpdateGolden() {
  const char* update = std::getenv("FAULTLINE_UPDATE_GOLDEN");  // test-only
  return update && std::string(update) == "1";
}

// One event of a ShiViz log as read back.
struct Parsed {
  std::string host;
  std::map<std::string, int64_t> clock;
  std::string text;
  int64_t event = -1;  // the "i=N" the text ends with
};

// Reads the log back as ShiViz would; fails the test (and returns what it has) on a
// malformed line.
std::vector<Parsed> ParseLog(const std::string& log) {
  std::vector<Parsed> out;
  std::vector<std::string> lines = absl::StrSplit(log, '\n');
  EXPECT_GE(lines.size(), 3u);
  if (lines.size() < 3) return out;
  EXPECT_EQ(lines[0], kShiVizRegex);
  EXPECT_EQ(lines[1], "");      // no delimiter between executions
  EXPECT_EQ(lines.back(), "");  // the text ends with a newline
  lines.pop_back();
  EXPECT_EQ(lines.size() % 2, 0u) << "host lines and event lines must pair up";
  for (size_t i = 2; i + 1 < lines.size(); i += 2) {
    Parsed p;
    const size_t space = lines[i].find(' ');
    EXPECT_NE(space, std::string::npos) << lines[i];
    if (space == std::string::npos) return out;
    p.host = lines[i].substr(0, space);
    const json clock = json::parse(lines[i].substr(space + 1));
    for (const auto& [host, value] : clock.items()) p.clock[host] = value.get<int64_t>();
    p.text = lines[i + 1];
    const size_t at = p.text.rfind("i=");
    EXPECT_NE(at, std::string::npos) << p.text;
    if (at != std::string::npos) p.event = std::stoll(p.text.substr(at + 2));
    EXPECT_FALSE(p.text.empty());
    out.push_back(std::move(p));
  }
  return out;
}

int64_t Entry(const std::map<std::string, int64_t>& clock, const std::string& host) {
  const auto it = clock.find(host);
  return it == clock.end() ? 0 : it->second;
}

// a <= b entry-wise and a != b.
bool Before(const std::map<std::string, int64_t>& a, const std::map<std::string, int64_t>& b) {
  bool strictly = false;
  for (const auto& [host, value] : a) {
    if (value > Entry(b, host)) return false;
  }
  for (const auto& [host, value] : b) strictly |= value > Entry(a, host);
  return strictly;
}

TEST(ShiVizTest, SmallDiagramMatchesGolden) {
  td::ExpectGolden("tests/golden/viz/small.shiviz.log",
                   RenderShiViz(SmallDiagram(), RenderOptions{}), SourceRoot(), UpdateGolden());
}

TEST(ShiVizTest, SmallDiagramClocks) {
  const std::vector<Parsed> log = ParseLog(RenderShiViz(SmallDiagram(), RenderOptions{}));
  ASSERT_FALSE(log.empty());
  // Trace order.
  for (size_t i = 1; i < log.size(); ++i) EXPECT_LE(log[i - 1].event, log[i].event);
  std::map<int64_t, const Parsed*> by_event;
  for (const Parsed& p : log) by_event[p.event] = &p;
  // The client's request reaches n1 (event 5) after c1 sent it (event 4).
  ASSERT_TRUE(by_event.count(4) && by_event.count(5));
  EXPECT_TRUE(Before(by_event[4]->clock, by_event[5]->clock));
  EXPECT_EQ(by_event[5]->host, "n1");
  EXPECT_EQ(by_event[5]->clock, (std::map<std::string, int64_t>{{"n1", 2}, {"c1", 2}}));
  // The dropped replicate to n3 (sent at 7) never reaches n3: n3's restart (26) does not
  // know of it.
  EXPECT_EQ(Entry(by_event[26]->clock, "n1"), 0);
  // No receive is written for drops and the in-flight message.
  EXPECT_EQ(by_event.count(11), 0u);
  EXPECT_EQ(by_event.count(21), 0u);
  EXPECT_EQ(by_event.count(33), 0u);
  // The note's line break is flattened: every event is one line.
  EXPECT_NE(by_event[32]->text.find("became \"leader\" term 2"), std::string::npos);
}

TEST(ShiVizTest, HostNamesAreOneWordAndUnique) {
  Diagram d;
  d.lanes = {{"node one", LaneKind::kNode}, {"node_one", LaneKind::kNode}, {"", LaneKind::kNode}};
  for (int i = 0; i < 3; ++i) d.marks.push_back({i, {i, i, i}, MarkType::kStart, ""});
  const std::vector<Parsed> log = ParseLog(RenderShiViz(d, RenderOptions{}));
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].host, "node_one");
  EXPECT_EQ(log[1].host, "node_one#2");
  EXPECT_EQ(log[2].host, "lane2");
}

RC_GTEST_PROP(ShiVizProperties, VectorClocksAreHappensBefore, ()) {
  const td::RandomCase c = td::RandomDiagram();
  const std::vector<Parsed> log = ParseLog(RenderShiViz(c.diagram, RenderOptions{}));
  RC_ASSERT(!::testing::Test::HasFailure());
  // Exactly the expected events, in trace order.
  RC_ASSERT(log.size() == c.events.size());
  size_t k = 0;
  for (const auto& [event, expected] : c.events) {
    RC_ASSERT(log[k].event == event);
    RC_ASSERT(log[k].host == c.diagram.lanes[expected.lane].name);
    ++k;
  }
  // Each lane's own entry counts 1, 2, 3, ...
  std::map<std::string, int64_t> own;
  for (const Parsed& p : log) RC_ASSERT(Entry(p.clock, p.host) == ++own[p.host]);
  // Happens-before by reachability: lane order plus send -> delivery edges.
  const size_t n = log.size();
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < n; ++i) index[log[i].event] = i;
  std::vector<std::vector<bool>> hb(n, std::vector<bool>(n, false));
  std::map<std::string, size_t> last_on_lane;
  for (size_t j = 0; j < n; ++j) {  // log order is a topological order
    std::vector<size_t> preds;
    if (const auto it = last_on_lane.find(log[j].host); it != last_on_lane.end()) {
      preds.push_back(it->second);
    }
    const int64_t send = c.events.at(log[j].event).send_event;
    if (send >= 0) {
      RC_ASSERT(index.count(send) == 1u);
      preds.push_back(index[send]);
      RC_ASSERT(Before(log[index[send]].clock, log[j].clock));  // delivery dominates send
    }
    for (size_t p : preds) {
      hb[p][j] = true;
      for (size_t i = 0; i < n; ++i) {
        if (hb[i][p]) hb[i][j] = true;
      }
    }
    last_on_lane[log[j].host] = j;
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      RC_ASSERT(Before(log[i].clock, log[j].clock) == static_cast<bool>(hb[i][j]));
    }
  }
}

RC_GTEST_PROP(ShiVizProperties, SameDiagramSameBytes, ()) {
  const td::RandomCase c = td::RandomDiagram();
  RC_ASSERT(RenderShiViz(c.diagram, RenderOptions{}) == RenderShiViz(c.diagram, RenderOptions{}));
}

}  // namespace
}  // namespace faultline::viz
