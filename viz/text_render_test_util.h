// Test helpers for the text renderers (DOT, Mermaid): a small hand-built Diagram with one
// of everything, golden-file comparison, and running a command with its stderr captured.
//
// Golden files live in tests/golden/viz/. To regenerate them after an intended change:
//   FAULTLINE_UPDATE_GOLDEN=1 build-h5/viz/viz_test --gtest_filter='*Golden*'
// (run from the source root, or with FAULTLINE_SOURCE_DIR set, as ctest does), then
// review the diff with `git diff tests/golden/viz/` before committing it.
#ifndef FAULTLINE_VIZ_TEXT_RENDER_TEST_UTIL_H_
#define FAULTLINE_VIZ_TEXT_RENDER_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "viz/diagram.h"

namespace faultline::viz::testing {

// The At of row `row` at `time_us` microseconds (event index == row + 100).
inline At AtRow(int64_t row, int64_t time_us) { return At{time_us * 1000, row, row + 100}; }

// Three nodes and two clients over 28 rows and 50 ms: a client write that is replicated
// (one replica copy lost at send, one duplicated), a read whose reply is still in flight
// when the op times out (info), a pending cas, a partition with a heartbeat dropped at
// delivery, a crash and restart of n3, a pause of n2, a timer, a clock jump, a note full
// of characters every format must escape, and a note across the cluster.
inline Diagram SmallDiagram() {
  Diagram d;
  d.source = "runs/small/trace.jsonl";
  d.lanes = {{"n1", LaneKind::kNode},
             {"n2", LaneKind::kNode},
             {"n3", LaneKind::kNode},
             {"c1", LaneKind::kClient},
             {"c2", LaneKind::kClient}};
  const auto arrow = [](uint64_t msg, int from, int to, At send, At end, Fate fate,
                        std::string kind, std::string label) {
    Arrow a;
    a.msg = msg;
    a.from = from;
    a.to = to;
    a.send = send;
    a.end = end;
    a.end_lane = to;
    a.fate = fate;
    a.kind = kind;
    a.label = label;
    a.title = kind + " " + label + "\nsent " + std::to_string(send.time) + "ns";
    return a;
  };
  d.arrows.push_back(
      arrow(1, 3, 0, AtRow(2, 1000), AtRow(3, 3000), Fate::kDelivered, "client.req", "write k1 5"));
  d.arrows.push_back(arrow(2, 0, 1, AtRow(4, 3000), AtRow(8, 5000), Fate::kDelivered, "replicate",
                           "replicate seq=1"));
  Arrow lost = arrow(3, 0, 2, AtRow(5, 3000), AtRow(6, 3000), Fate::kDropped, "replicate",
                     "replicate seq=1");
  lost.drop_reason = "loss";
  lost.end_lane = 0;  // lost at send: the arrow ends beside its sender
  d.arrows.push_back(lost);
  d.arrows.push_back(
      arrow(4, 0, 3, AtRow(7, 4000), AtRow(12, 8000), Fate::kDelivered, "client.reply", "ok"));
  Arrow dup = arrow(2, 0, 1, AtRow(9, 5000), AtRow(11, 7000), Fate::kDelivered, "replicate",
                    "replicate seq=1");
  dup.duplicate = true;
  d.arrows.push_back(dup);
  d.arrows.push_back(
      arrow(5, 4, 0, AtRow(15, 9000), AtRow(17, 12000), Fate::kDelivered, "client.req", "read k1"));
  d.arrows.push_back(
      arrow(6, 0, 4, AtRow(18, 12000), AtRow(27, 50000), Fate::kInFlight, "client.reply", "ok 5"));
  Arrow cut = arrow(7, 0, 1, AtRow(20, 20000), AtRow(21, 22000), Fate::kDropped, "heartbeat",
                    "heartbeat \"epoch\"=1; #end");
  cut.drop_reason = "partition";
  d.arrows.push_back(cut);

  const auto op = [](int lane, uint64_t id, int64_t process, std::string f, std::string key,
                     std::string value, std::string result, OpOutcome outcome, At invoke,
                     At complete, std::string label) {
    OpBar o;
    o.lane = lane;
    o.op = id;
    o.process = process;
    o.f = f;
    o.key = key;
    o.value = value;
    o.result = result;
    o.outcome = outcome;
    o.invoke = invoke;
    o.complete = complete;
    o.label = label;
    return o;
  };
  d.ops.push_back(op(3, 1, 0, "write", "k1", "5", "5", OpOutcome::kOk, AtRow(1, 1000),
                     AtRow(13, 8000), "write k1 5 -> ok"));
  d.ops.push_back(op(4, 2, 1, "read", "k1", "null", "", OpOutcome::kInfo, AtRow(14, 9000),
                     AtRow(24, 40000), "read k1 -> info"));
  d.ops.push_back(op(3, 3, 0, "cas", "k1", "[5,6]", "", OpOutcome::kPending, AtRow(26, 50000),
                     AtRow(27, 50000), "cas k1 5->6 pending"));
  d.ops.push_back(op(4, 4, 2, "write", "k2", "7", "", OpOutcome::kFail, AtRow(25, 45000),
                     AtRow(27, 50000), "write k2 7 -> fail"));

  d.marks.push_back(Mark{0, AtRow(0, 0), MarkType::kStart, ""});
  d.marks.push_back(Mark{2, AtRow(16, 10000), MarkType::kCrash, ""});
  d.marks.push_back(Mark{1, AtRow(19, 15000), MarkType::kTimer, "tag 1"});
  d.marks.push_back(Mark{1, AtRow(22, 25000), MarkType::kPause, ""});
  d.marks.push_back(Mark{2, AtRow(23, 30000), MarkType::kRestart, ""});
  d.marks.push_back(Mark{1, AtRow(24, 40000), MarkType::kResume, ""});
  d.marks.push_back(Mark{0, AtRow(26, 45000), MarkType::kClock, "+5ms"});
  d.marks.push_back(
      Mark{0, AtRow(25, 45000), MarkType::kNote, "say \"hi\" back\\slash & <b>\nline two; # end"});

  d.spans.push_back(Span{2, SpanType::kDown, AtRow(16, 10000), AtRow(23, 30000)});
  d.spans.push_back(Span{1, SpanType::kPaused, AtRow(22, 25000), AtRow(24, 40000)});
  d.bands.push_back(
      Band{BandType::kPartition, AtRow(10, 6000), AtRow(22, 25000), "{n1} | {n2,n3}"});
  d.cluster_notes.push_back(ClusterNote{AtRow(24, 40000), "workload over: every fault healed"});

  d.begin = AtRow(0, 0);
  d.end = AtRow(27, 50000);
  d.rows = 28;
  d.events_total = 16730;
  d.events_shown = 28;
  d.note = "showing 28 of 16,730 events (--max-events); heartbeat hidden";
  return d;
}

inline std::string ReadFileOrEmpty(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Where the process environment says things are; each _test.cc fills it with getenv
// (tests/tidy.sh allows getenv in _test.cc files only).
struct GoldenEnv {
  const char* source_dir = nullptr;  // FAULTLINE_SOURCE_DIR (ctest sets it); null: "."
  const char* update = nullptr;      // FAULTLINE_UPDATE_GOLDEN; "1": rewrite the files
};

// Compares `actual` with tests/golden/viz/`name`; with FAULTLINE_UPDATE_GOLDEN=1 set,
// writes it instead (and the test still passes).
inline void ExpectGolden(const GoldenEnv& env, const std::string& name, const std::string& actual) {
  const std::filesystem::path root = env.source_dir != nullptr ? env.source_dir : ".";
  const std::filesystem::path path = root / "tests" / "golden" / "viz" / name;
  if (env.update != nullptr && std::string(env.update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing: run with FAULTLINE_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(ReadFileOrEmpty(path), actual)
      << "differs from " << path << "; if the change is intended, regenerate with "
      << "FAULTLINE_UPDATE_GOLDEN=1 and review `git diff tests/golden/viz/`";
}

// A fresh scratch directory for one test.
inline std::filesystem::path ScratchDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Whether `program` is on PATH.
inline bool HaveProgram(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

struct ShellResult {
  int exit_code = -1;
  std::string err;  // everything written to stderr
};

// Runs `command` with sh, its stderr captured through a file in `dir`.
inline ShellResult RunShell(const std::string& command, const std::filesystem::path& dir) {
  const std::filesystem::path err_path = dir / "stderr.txt";
  const int status = std::system((command + " 2>'" + err_path.string() + "'").c_str());
  ShellResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = ReadFileOrEmpty(err_path);
  return result;
}

}  // namespace faultline::viz::testing

#endif  // FAULTLINE_VIZ_TEXT_RENDER_TEST_UTIL_H_
