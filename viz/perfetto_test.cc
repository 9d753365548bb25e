// RenderPerfetto: a golden file for a small hand-built diagram, and the trace-event JSON
// parsed back and checked (every flow start has exactly one end with its id, durations are
// never negative, every track is named, slices on one track nest or are disjoint), on the
// small diagram and on random ones.
//
// Regenerate the golden files after an intended change with
//   FAULTLINE_UPDATE_GOLDEN=1 ./build/viz_test   (from the source root), then review the diff.
#include "viz/perfetto.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"
#include "viz/internal/trace_event_json.h"
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

// Microseconds back to integer nanoseconds (the values in these tests fit a double).
int64_t Ns(const json& micros) { return std::llround(micros.get<double>() * 1000.0); }

// Checks the structure viewers rely on; returns a description of the first problem.
std::string CheckTraceEvents(const std::string& text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return std::string("not JSON: ") + e.what();
  }
  if (doc.value("displayTimeUnit", "") != "ns") return "displayTimeUnit is not ns";
  if (!doc.contains("traceEvents") || !doc["traceEvents"].is_array()) return "no traceEvents";
  std::map<uint64_t, std::pair<int, int>> flows;  // bind_id -> (outs, ins)
  std::set<int64_t> named_tids;
  std::set<int64_t> used_tids;
  std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>> slices;  // tid -> [begin, end]
  for (const json& e : doc["traceEvents"]) {
    const std::string ph = e.at("ph").get<std::string>();
    if (e.at("pid").get<int64_t>() != 1) return "pid is not 1: " + e.dump();
    const int64_t tid = e.at("tid").get<int64_t>();
    if (ph == "M") {
      if (e.at("name") == "thread_name") {
        if (e.at("args").at("name").get<std::string>().empty()) return "empty thread name";
        named_tids.insert(tid);
      }
      continue;
    }
    used_tids.insert(tid);
    if (!e.at("ts").is_number()) return "ts is not a number: " + e.dump();
    if (ph == "X") {
      if (!e.at("dur").is_number() || Ns(e.at("dur")) < 0) return "bad dur: " + e.dump();
      slices[tid].push_back({Ns(e.at("ts")), Ns(e.at("ts")) + Ns(e.at("dur"))});
      if (e.contains("bind_id")) {
        auto& [outs, ins] = flows[e.at("bind_id").get<uint64_t>()];
        if (e.value("flow_out", false)) ++outs;
        if (e.value("flow_in", false)) ++ins;
      }
    } else if (ph == "i") {
      const std::string scope = e.at("s").get<std::string>();
      if (scope != "t" && scope != "g") return "bad instant scope: " + e.dump();
    } else {
      return "unexpected phase: " + e.dump();
    }
  }
  for (const auto& [id, counts] : flows) {
    if (counts.first != 1 || counts.second != 1) {
      return "flow " + std::to_string(id) + " has " + std::to_string(counts.first) +
             " starts and " + std::to_string(counts.second) + " ends";
    }
  }
  for (int64_t tid : used_tids) {
    if (named_tids.count(tid) == 0) return "thread " + std::to_string(tid) + " has no name";
  }
  for (auto& [tid, list] : slices) {
    // Sorted as a viewer would (begin, then the longer first), a stack of open slices
    // must hold every slice inside the one below it.
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<int64_t> open;
    for (const auto& [b, e] : list) {
      while (!open.empty() && open.back() <= b) open.pop_back();
      if (!open.empty() && e > open.back()) {
        return "slices overlap on thread " + std::to_string(tid);
      }
      open.push_back(e);
    }
  }
  return "";
}

TEST(PerfettoTest, FormatMicrosIsExact) {
  using internal::FormatMicros;
  EXPECT_EQ(FormatMicros(0), "0");
  EXPECT_EQ(FormatMicros(1), "0.001");
  EXPECT_EQ(FormatMicros(1500), "1.5");
  EXPECT_EQ(FormatMicros(2000), "2");
  EXPECT_EQ(FormatMicros(1'234'567), "1234.567");
  EXPECT_EQ(FormatMicros(3'000'001), "3000.001");
  EXPECT_EQ(FormatMicros(-1), "-0.001");
  EXPECT_EQ(FormatMicros(-2'500'010), "-2500.01");
  EXPECT_EQ(FormatMicros(INT64_MAX), "9223372036854775.807");
  EXPECT_EQ(FormatMicros(INT64_MIN), "-9223372036854775.808");
}

TEST(PerfettoTest, SmallDiagramMatchesGolden) {
  td::ExpectGolden("tests/golden/viz/small.perfetto.json",
                   RenderPerfetto(SmallDiagram(), RenderOptions{}), SourceRoot(), UpdateGolden());
}

TEST(PerfettoTest, SmallDiagramIsWellFormed) {
  const std::string text = RenderPerfetto(SmallDiagram(), RenderOptions{});
  EXPECT_EQ(CheckTraceEvents(text), "");
  const json doc = json::parse(text);
  std::vector<std::string> thread_names;
  int flow_starts = 0;
  int ops = 0;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name") {
      thread_names.push_back(e["args"]["name"].get<std::string>());
    }
    if (e.value("flow_out", false)) ++flow_starts;
    if (e["ph"] == "X" && e.value("cat", "") == "op") ++ops;
  }
  // Lanes in order, then the network track.
  EXPECT_EQ(thread_names, (std::vector<std::string>{"n1", "n2", "n3", "c1", "c2", "network"}));
  // Every message but the one still in flight has a flow; the duplicate has its own.
  EXPECT_EQ(flow_starts, 8);
  EXPECT_EQ(ops, 3);
}

TEST(PerfettoTest, SameDiagramSameBytes) {
  EXPECT_EQ(RenderPerfetto(SmallDiagram(), RenderOptions{}),
            RenderPerfetto(SmallDiagram(), RenderOptions{}));
}

TEST(PerfettoTest, OverlappingSpansGoToAnExtraTrack) {
  Diagram d;
  d.lanes = {{"n1", LaneKind::kNode}};
  d.spans.push_back({0, SpanType::kPaused, {100, 1, 1}, {300, 3, 3}});
  d.spans.push_back({0, SpanType::kDown, {200, 2, 2}, {400, 4, 4}});  // crosses the pause
  d.spans.push_back({0, SpanType::kDown, {500, 5, 5}, {600, 6, 6}});
  const std::string text = RenderPerfetto(d, RenderOptions{});
  EXPECT_EQ(CheckTraceEvents(text), "");
  EXPECT_NE(text.find("\"name\":\"n1 (2)\""), std::string::npos) << text;
}

TEST(PerfettoTest, EmptyDiagramIsValid) {
  EXPECT_EQ(CheckTraceEvents(RenderPerfetto(Diagram{}, RenderOptions{})), "");
}

RC_GTEST_PROP(PerfettoProperties, RandomDiagramsAreWellFormed, ()) {
  const td::RandomCase c = td::RandomDiagram();
  const std::string text = RenderPerfetto(c.diagram, RenderOptions{});
  RC_ASSERT(CheckTraceEvents(text) == "");
  int delivered_or_dropped = 0;
  for (const Arrow& a : c.diagram.arrows) delivered_or_dropped += a.fate != Fate::kInFlight;
  RC_ASSERT(static_cast<int>(json::parse(text)["traceEvents"].size()) >= delivered_or_dropped);
}

}  // namespace
}  // namespace faultline::viz
