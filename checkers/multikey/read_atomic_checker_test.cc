#include "checkers/multikey/read_atomic_checker.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "checkers/multikey/multikey_history.h"

namespace faultline::checkers::multikey {
namespace {

// One op's invoke and completion lines: KEYS as JSON ("[\"k1\",\"k7\"]").
std::string MultiOp(int op, int process, const std::string& f, const std::string& keys,
                    int64_t invoke_ns, int64_t complete_ns, const std::string& type,
                    const std::string& invoke_value, const std::string& complete_value) {
  const std::string head = absl::StrCat(R"({"process":)", process, R"(,"client":"c)", process,
                                        R"(","op":)", op, R"(,"f":")", f, R"(","key":)", keys);
  return absl::StrCat(head, R"(,"time":)", invoke_ns, R"(,"type":"invoke","value":)", invoke_value,
                      "}\n", head, R"(,"time":)", complete_ns, R"(,"type":")", type,
                      R"(","value":)", complete_value, "}\n");
}
std::string MultiWrite(int op, int process, const std::string& keys, int64_t value,
                       int64_t invoke_ns, int64_t complete_ns, const std::string& type = "ok") {
  const std::string v = absl::StrCat(value);
  return MultiOp(op, process, "multi-write", keys, invoke_ns, complete_ns, type, v, v);
}
std::string MultiRead(int op, int process, const std::string& keys, const std::string& read,
                      int64_t invoke_ns, int64_t complete_ns) {
  return MultiOp(op, process, "multi-read", keys, invoke_ns, complete_ns, "ok", "null", read);
}

// Histories are written in time order per process; lines of different processes may
// interleave in any order the reader accepts (it pairs per process).
struct Checked {
  MultiKeyHistory history;
  ReadAtomicReport report;
};
void CheckText(const std::string& text, Checked& out) {
  absl::StatusOr<MultiKeyHistory> h = ReadMultiKeyHistoryText(text, "h.jsonl");
  ASSERT_TRUE(h.ok()) << h.status();
  out.history = *std::move(h);
  out.report = CheckReadAtomic(out.history);
}

const char kAB[] = R"(["k1","k7"])";

TEST(ReadAtomicCheckerTest, CatchesAReadThatSawPartOfAWrite) {
  // X (1) completes at 20; W (2) begins at 30; R sees W at k1 and X at k7.
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 1, 0, 20) + MultiWrite(2, 1, kAB, 2, 30, 90) +
                MultiRead(3, 2, kAB, "[2,1]", 40, 60),
            c);
  const ReadAtomicReport& r = c.report;
  ASSERT_FALSE(r.Valid());
  ASSERT_EQ(r.fractured.size(), 1u);
  const FracturedRead& f = r.fractured[0];
  EXPECT_EQ(f.read->op, 3u);
  EXPECT_EQ(f.read->client, "c2");
  EXPECT_EQ(f.write->op, 2u);
  EXPECT_EQ(f.saw_key, "k1");
  EXPECT_EQ(f.stale_key, "k7");
  EXPECT_EQ(f.stale_value, 1);
  ASSERT_NE(f.stale_write, nullptr);
  EXPECT_EQ(f.stale_write->op, 1u);
  EXPECT_EQ(r.fractured_reads, 1);
  EXPECT_EQ(r.metrics.at("fractured_reads"), 1);
  EXPECT_EQ(r.metrics.at("multi_read_latency_p50_ns"), 20);
  EXPECT_EQ(r.metrics.at("multi_write_latency_p99_ns"), 60);
}

TEST(ReadAtomicCheckerTest, CatchesAReadThatFoundNothingWhereTheWriteWrote) {
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 4, 0, 50) + MultiRead(2, 2, kAB, "[null,4]", 10, 30), c);
  ASSERT_EQ(c.report.fractured.size(), 1u);
  EXPECT_EQ(c.report.fractured[0].stale_key, "k1");
  EXPECT_FALSE(c.report.fractured[0].stale_value.has_value());
  EXPECT_EQ(c.report.fractured[0].stale_write, nullptr);
}

TEST(ReadAtomicCheckerTest, AReadOfAllOfWOrAllOlderIsNotFlagged) {
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 1, 0, 20) + MultiWrite(2, 1, kAB, 2, 30, 90) +
                MultiRead(3, 2, kAB, "[2,2]", 40, 60) + MultiRead(4, 3, kAB, "[1,1]", 40, 60) +
                MultiRead(5, 4, kAB, "[null,null]", 0, 5),
            c);
  EXPECT_TRUE(c.report.Valid());
  EXPECT_EQ(c.report.multi_reads_ok, 3);
  EXPECT_EQ(c.report.metrics.at("fractured_reads"), 0);
}

TEST(ReadAtomicCheckerTest, ConcurrentWritesAreNotFlagged) {
  // X and W overlap: X may take effect after W at k7, so [W at k1, X at k7] is possible
  // under read atomicity (and so is a read of X at k1 and W at k7).
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 1, 0, 50) + MultiWrite(2, 3, kAB, 2, 10, 60) +
                MultiRead(3, 2, kAB, "[2,1]", 40, 70) + MultiRead(4, 4, kAB, "[1,2]", 40, 70),
            c);
  EXPECT_TRUE(c.report.Valid());
}

TEST(ReadAtomicCheckerTest, AnOlderWriteThatTimedOutIsNoEvidence) {
  // X's end is unknown (info): it may have taken effect after W.
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 1, 0, 20, "info") + MultiWrite(2, 3, kAB, 2, 30, 90) +
                MultiRead(3, 2, kAB, "[2,1]", 40, 60),
            c);
  EXPECT_TRUE(c.report.Valid());
}

TEST(ReadAtomicCheckerTest, AKeyTheWriteDidNotWriteIsNotJudged) {
  // W wrote k1 and k2 only: k7's old value says nothing about W.
  Checked c;
  CheckText(MultiWrite(1, 1, kAB, 1, 0, 20) + MultiWrite(2, 1, R"(["k1","k2"])", 2, 30, 90) +
                MultiRead(3, 2, kAB, "[2,1]", 40, 60),
            c);
  EXPECT_TRUE(c.report.Valid());
}

TEST(ReadAtomicCheckerTest, ReaderErrorsNameTheLineAndTheShape) {
  const auto error = [](const std::string& text) {
    absl::StatusOr<MultiKeyHistory> h = ReadMultiKeyHistoryText(text, "h.jsonl");
    return h.ok() ? std::string() : std::string(h.status().message());
  };
  EXPECT_NE(error(R"({"time":0,"process":1,"type":"invoke","f":"multi-read","key":"k1"})")
                .find("h.jsonl:1: expected \"key\" of a multi-read to be a non-empty list"),
            std::string::npos);
  EXPECT_NE(error(MultiOp(1, 1, "multi-read", kAB, 0, 5, "ok", "null", "[1]"))
                .find("h.jsonl:2: expected \"value\" of an ok multi-read to be a list of 2"),
            std::string::npos);
  EXPECT_NE(
      error(R"({"time":0,"process":1,"type":"invoke","f":"multi-write","key":["k1"],"value":"x"})")
          .find("the integer it writes"),
      std::string::npos);
}

TEST(ReadAtomicCheckerTest, SingleKeyOpsAndObservationsAreCountedNotJudged) {
  Checked c;
  CheckText(R"({"time":0,"process":9,"type":"invoke","f":"write","key":"k1","value":7}
{"time":1,"node":"n1","type":"observe","f":"load","key":"shard0","value":1}
{"time":2,"process":9,"type":"ok","f":"write","key":"k1","value":7}
)" + MultiRead(1, 1, kAB, "[7,null]", 3, 4),
            c);
  EXPECT_TRUE(c.report.Valid());
  EXPECT_EQ(c.history.other_ops, 1);
  EXPECT_EQ(c.history.observations, 1);
  EXPECT_EQ(c.report.notes.size(), 1u);  // 7: written by no multi-write
}

}  // namespace
}  // namespace faultline::checkers::multikey
