// Diagrams for the renderer tests (included by viz/*_test.cc only), built by hand until
// they can come from a trace: SmallDiagram() for golden files, and RandomDiagram() for
// RapidCheck properties, which also returns what the diagram should show as events.
//
//   const Diagram d = SmallDiagram();
//   ExpectGolden("tests/golden/viz/small.shiviz.log", RenderShiViz(d, {}), root, update);
//
// (Its own namespace: viz/text_render_test_util.h has another SmallDiagram in
// viz::testing, and both end up in the one viz_test binary.)
#ifndef FAULTLINE_VIZ_TEST_DIAGRAMS_H_
#define FAULTLINE_VIZ_TEST_DIAGRAMS_H_

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "viz/diagram.h"

namespace faultline::viz::test_diagrams {

inline constexpr int64_t kMs = 1'000'000;

inline At AtEvent(int64_t event, int64_t time) { return At{time, event, event}; }

inline Arrow MakeArrow(uint64_t msg, int from, int to, At send, At end, Fate fate, std::string kind,
                       std::string label) {
  Arrow a;
  a.msg = msg;
  a.from = from;
  a.to = to;
  a.end_lane = to;
  a.send = send;
  a.end = end;
  a.fate = fate;
  a.kind = std::move(kind);
  a.label = std::move(label);
  a.title = a.label + " (msg " + std::to_string(msg) + ")";
  return a;
}

// Three nodes and two clients: a write replicated to two backups (one copy duplicated,
// one dropped by a partition), a read whose reply is lost to a crash (info), a pending
// write, a lost heartbeat, a pause, a timer, a clock jump, notes and a link fault.
inline Diagram SmallDiagram() {
  Diagram d;
  d.source = "small.jsonl";
  d.lanes = {{"n1", LaneKind::kNode},
             {"n2", LaneKind::kNode},
             {"n3", LaneKind::kNode},
             {"c1", LaneKind::kClient},
             {"c2", LaneKind::kClient}};
  for (int n = 0; n < 3; ++n) d.marks.push_back({n, AtEvent(n, 0), MarkType::kStart, ""});
  d.arrows.push_back(MakeArrow(1, 3, 0, AtEvent(4, 1 * kMs), AtEvent(5, 2'500'000),
                               Fate::kDelivered, "client.req", "client.req write k1 5"));
  d.arrows.push_back(MakeArrow(2, 0, 1, AtEvent(6, 2'500'000), AtEvent(9, 3'000'001),
                               Fate::kDelivered, "replicate", "replicate seq=1"));
  Arrow to_n3 = MakeArrow(3, 0, 2, AtEvent(7, 2'500'000), AtEvent(11, 3'500'000), Fate::kDropped,
                          "replicate", "replicate seq=1");
  to_n3.drop_reason = "partition";
  d.arrows.push_back(to_n3);
  Arrow dup = MakeArrow(2, 0, 1, AtEvent(8, 2'500'000), AtEvent(12, 3'700'000), Fate::kDelivered,
                        "replicate", "replicate seq=1");
  dup.duplicate = true;
  d.arrows.push_back(dup);
  d.arrows.push_back(MakeArrow(4, 1, 0, AtEvent(13, 4 * kMs), AtEvent(14, 5 * kMs),
                               Fate::kDelivered, "ack", "ack seq=1"));
  d.arrows.push_back(MakeArrow(5, 0, 3, AtEvent(15, 5 * kMs), AtEvent(16, 6 * kMs),
                               Fate::kDelivered, "client.resp", "client.resp ok"));
  d.arrows.push_back(MakeArrow(6, 3, 2, AtEvent(20, 7'500'000), AtEvent(21, 7'600'000),
                               Fate::kDropped, "client.req", "client.req read k1"));
  d.arrows.back().drop_reason = "node-down";
  Arrow lost = MakeArrow(7, 0, 1, AtEvent(28, 11 * kMs), AtEvent(28, 11 * kMs), Fate::kDropped,
                         "heartbeat", "heartbeat");
  lost.drop_reason = "loss";
  lost.end_lane = 0;
  d.arrows.push_back(lost);
  d.arrows.push_back(MakeArrow(8, 4, 0, AtEvent(31, 11'500'000), AtEvent(33, 12 * kMs),
                               Fate::kInFlight, "client.req", "client.req write k2 7"));

  OpBar write;
  write.lane = 3;
  write.op = 1;
  write.process = 0;
  write.f = "write";
  write.key = "k1";
  write.value = "5";
  write.result = "5";
  write.outcome = OpOutcome::kOk;
  write.invoke = AtEvent(3, 1 * kMs);
  write.complete = AtEvent(17, 6 * kMs);
  write.label = "write k1 5 -> ok";
  d.ops.push_back(write);
  OpBar read = write;
  read.op = 2;
  read.f = "read";
  read.value = "null";
  read.result = "";
  read.outcome = OpOutcome::kInfo;
  read.invoke = AtEvent(19, 7'500'000);
  read.complete = AtEvent(27, 10'500'000);
  read.label = "read k1 -> info";
  d.ops.push_back(read);
  OpBar pending = write;
  pending.lane = 4;
  pending.op = 3;
  pending.process = 1;
  pending.key = "k2";
  pending.value = "7";
  pending.result = "";
  pending.outcome = OpOutcome::kPending;
  pending.invoke = AtEvent(30, 11'500'000);
  pending.complete = AtEvent(33, 12 * kMs);
  pending.label = "write k2 7 -> ?";
  d.ops.push_back(pending);

  d.marks.push_back({2, AtEvent(18, 7 * kMs), MarkType::kCrash, ""});
  d.marks.push_back({1, AtEvent(22, 8 * kMs), MarkType::kTimer, "election"});
  d.marks.push_back({0, AtEvent(23, 8 * kMs), MarkType::kPause, ""});
  d.marks.push_back({0, AtEvent(25, 9'500'000), MarkType::kResume, ""});
  d.marks.push_back({2, AtEvent(26, 10 * kMs), MarkType::kRestart, ""});
  d.marks.push_back({0, AtEvent(29, 11 * kMs), MarkType::kClock, "jump +300ms"});
  d.marks.push_back({1, AtEvent(32, 11'800'000), MarkType::kNote, "became \"leader\"\nterm 2"});
  d.spans.push_back({2, SpanType::kDown, AtEvent(18, 7 * kMs), AtEvent(26, 10 * kMs)});
  d.spans.push_back({0, SpanType::kPaused, AtEvent(23, 8 * kMs), AtEvent(25, 9'500'000)});
  d.bands.push_back(
      {BandType::kPartition, AtEvent(10, 3'200'000), AtEvent(24, 9 * kMs), "{n1,n2} | {n3}"});
  d.bands.push_back(
      {BandType::kLinkFault, AtEvent(24, 9 * kMs), AtEvent(24, 9 * kMs), "n1->n2 latency x10"});
  d.cluster_notes.push_back({AtEvent(33, 12 * kMs), "workload over: every fault healed"});
  d.begin = AtEvent(0, 0);
  d.end = AtEvent(33, 12 * kMs);
  d.rows = 34;
  d.events_total = 40;
  d.events_shown = 34;
  d.note = "showing 34 of 40 events";
  return d;
}

// What a random diagram shows, event by event (keyed by At::event), for checking a
// renderer against: its lane, and for a delivery the event index of its send.
struct ExpectedEvent {
  int lane = 0;
  int64_t send_event = -1;  // >= 0: this is the delivery of the message sent there
};

struct RandomCase {
  Diagram diagram;
  std::map<int64_t, ExpectedEvent> events;  // the lane-local events ShiViz must write
};

// A random but well-formed diagram: a sequence of steps (one trace event each, time never
// decreasing, often tied) that mark lanes, send, deliver, drop, duplicate messages and run
// client ops, plus random spans and bands (which may overlap each other arbitrarily).
inline RandomCase RandomDiagram() {
  RandomCase c;
  Diagram& d = c.diagram;
  const int nodes = *rc::gen::inRange(1, 5);
  const int clients = *rc::gen::inRange(0, 3);
  for (int i = 0; i < nodes; ++i) d.lanes.push_back({"n" + std::to_string(i + 1), LaneKind::kNode});
  for (int i = 0; i < clients; ++i) {
    d.lanes.push_back({"c" + std::to_string(i + 1), LaneKind::kClient});
  }
  const int lanes = nodes + clients;
  const int steps = *rc::gen::inRange(0, 60);
  std::vector<size_t> in_flight;        // arrows not yet delivered or dropped
  std::vector<int> open_op(lanes, -1);  // per lane: index in d.ops of its open op
  int64_t now = 0;
  uint64_t next_msg = 1;
  for (int64_t step = 0; step < steps; ++step) {
    now += *rc::gen::element<int64_t>(0, 0, 1, 999, 1000, 1'234'567);
    const At at{now, step, step};
    const int lane = *rc::gen::inRange(0, lanes);
    switch (*rc::gen::inRange(0, 6)) {
      case 0:
        d.marks.push_back({lane, at, static_cast<MarkType>(*rc::gen::inRange(0, 8)), "m"});
        c.events[step] = {lane, -1};
        break;
      case 1: {
        const int to = *rc::gen::inRange(0, lanes);
        d.arrows.push_back(MakeArrow(next_msg++, lane, to, at, at, Fate::kInFlight, "k", "k"));
        in_flight.push_back(d.arrows.size() - 1);
        c.events[step] = {lane, -1};
        break;
      }
      case 2:
      case 3: {
        if (in_flight.empty()) break;
        const size_t pick = *rc::gen::inRange<size_t>(0, in_flight.size());
        Arrow& a = d.arrows[in_flight[pick]];
        in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(pick));
        a.end = at;
        if (*rc::gen::arbitrary<bool>()) {
          a.fate = Fate::kDelivered;
          c.events[step] = {a.to, a.send.event};
        } else {
          a.fate = Fate::kDropped;
          a.drop_reason = "loss";
        }
        break;
      }
      case 4: {  // the network copies a message still in flight
        if (in_flight.empty()) break;
        Arrow copy = d.arrows[in_flight[*rc::gen::inRange<size_t>(0, in_flight.size())]];
        copy.duplicate = true;
        copy.send = at;
        copy.end = at;
        d.arrows.push_back(copy);
        in_flight.push_back(d.arrows.size() - 1);
        c.events[step] = {copy.from, -1};
        break;
      }
      default: {
        if (d.lanes[lane].kind != LaneKind::kClient) break;
        if (open_op[lane] < 0) {
          OpBar op;
          op.lane = lane;
          op.op = d.ops.size() + 1;
          op.f = "write";
          op.key = "k1";
          op.value = "1";
          op.invoke = at;
          d.ops.push_back(op);
          open_op[lane] = static_cast<int>(d.ops.size() - 1);
        } else {
          OpBar& op = d.ops[open_op[lane]];
          op.complete = at;
          op.outcome = static_cast<OpOutcome>(*rc::gen::inRange(0, 3));
          op.result = "1";
          open_op[lane] = -1;
        }
        c.events[step] = {lane, -1};
        break;
      }
    }
  }
  d.begin = At{0, 0, 0};
  d.end = At{now, steps, steps};
  for (size_t i : in_flight) d.arrows[i].end = d.end;
  for (int i : open_op) {
    if (i >= 0) d.ops[i].complete = d.end;
  }
  const auto random_at = [&] {
    const int64_t e = *rc::gen::inRange<int64_t>(0, steps + 1);
    return At{*rc::gen::inRange<int64_t>(0, now + 1), e, e};
  };
  const int intervals = *rc::gen::inRange(0, 8);
  for (int i = 0; i < intervals; ++i) {
    At b = random_at();
    At e = random_at();
    if (e.time < b.time) std::swap(b, e);
    if (*rc::gen::arbitrary<bool>()) {
      d.spans.push_back({*rc::gen::inRange(0, lanes),
                         *rc::gen::arbitrary<bool>() ? SpanType::kDown : SpanType::kPaused, b, e});
    } else {
      d.bands.push_back({BandType::kPartition, b, e, "{n1} | {n2}"});
    }
  }
  d.events_total = steps;
  d.events_shown = steps;
  d.rows = steps;
  return c;
}

// Compares `actual` with the golden file ROOT/RELATIVE; with `update`, rewrites it instead.
inline void ExpectGolden(const std::string& relative, const std::string& actual,
                         const std::string& root, bool update) {
  const std::filesystem::path path = std::filesystem::path(root) / relative;
  if (update) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path
                         << " (FAULTLINE_UPDATE_GOLDEN=1 writes it)";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "output differs from " << path
      << "; if the change is intended, rerun with FAULTLINE_UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace faultline::viz::test_diagrams

#endif  // FAULTLINE_VIZ_TEST_DIAGRAMS_H_
