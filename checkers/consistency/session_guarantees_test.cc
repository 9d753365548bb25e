// Hand-written histories for the four session guarantees: each has a history that
// breaks it and a near miss that must not be flagged (concurrent ops, other sessions,
// info and fail ops, siblings).
#include "checkers/consistency/session_guarantees.h"

#include <gtest/gtest.h>

#include "checkers/test_histories.h"

namespace faultline::checkers::consistency {
namespace {

using testing::Hist;
using testing::Keyed;
using testing::Op;
using testing::R;
using testing::RNil;
using testing::W;

Operation Siblings(int64_t p, std::vector<int64_t> values, int64_t call, int64_t ret) {
  return Op(p, "read", {}, {}, Value::Set(std::move(values)), call, ret);
}

template <typename Check>
GuaranteeResult Judge(Check check, const History& h) {
  absl::StatusOr<KvView> view = KvView::Build(h);
  EXPECT_TRUE(view.ok()) << view.status();
  return check(*view);
}

// --- read-your-writes -----------------------------------------------------------------

TEST(ReadYourWritesTest, NilAfterOwnAckedWriteIsAViolation) {
  const History h = Hist({W(1, 7, 0, 10), RNil(1, 20, 30)});
  const GuaranteeResult r = Judge(CheckReadYourWrites, h);
  EXPECT_EQ(r.checker, "read-your-writes");
  ASSERT_EQ(r.violations, 1u);
  ASSERT_EQ(r.evidence.size(), 1u);
  const Finding& f = r.evidence[0];
  EXPECT_EQ(f.process, 1);
  ASSERT_EQ(f.ops.size(), 2u);
  EXPECT_EQ(f.ops[0].op, 1u);  // the read
  EXPECT_EQ(f.ops[1].op, 0u);  // its own write
  EXPECT_EQ(f.explanation,
            "op 2 (process 1) read  -> nil at 20ns after its write of 7 was acked at 10ns");
}

TEST(ReadYourWritesTest, OlderValueAfterOwnWriteIsAViolation) {
  // 4 was acked (5) before 7 was invoked (10): 4 precedes 7.
  const History h = Hist({W(0, 4, 0, 5), W(1, 7, 10, 20), R(1, 4, 30, 40)});
  const GuaranteeResult r = Judge(CheckReadYourWrites, h);
  EXPECT_EQ(r.violations, 1u);
  EXPECT_NE(r.evidence.at(0).explanation.find("4 is older"), std::string::npos);
}

TEST(ReadYourWritesTest, ConcurrentValueIsNotAViolation) {
  // 4's write overlaps 7's (acked at 15 > 10): the store may order 4 after 7.
  const History h = Hist({W(0, 4, 0, 15), W(1, 7, 10, 20), R(1, 4, 30, 40)});
  EXPECT_EQ(Judge(CheckReadYourWrites, h).violations, 0u);
}

TEST(ReadYourWritesTest, OtherSessionsFailedWritesAndSiblingsAreFine) {
  const History h = Hist({
      W(1, 7, 0, 10), RNil(2, 20, 30),                 // another session: not this guarantee
      W(3, 8, 0, 10, Status::kFail), RNil(3, 20, 30),  // the write did not happen
      W(0, 4, 0, 5), W(4, 9, 10, 20), Siblings(4, {4, 9}, 30, 40),  // contains 9
  });
  EXPECT_EQ(Judge(CheckReadYourWrites, h).violations, 0u);
  const History old_siblings =
      Hist({W(0, 4, 0, 5), W(0, 5, 6, 8), W(4, 9, 10, 20), Siblings(4, {4, 5}, 30, 40)});
  EXPECT_EQ(Judge(CheckReadYourWrites, old_siblings).violations, 1u);
}

TEST(ReadYourWritesTest, ReadOverlappingOwnWriteIsNotJudged) {
  // A read by the same process must follow its write; a read of another key is another
  // key's business.
  const History h = Hist({Keyed(W(1, 7, 0, 10), "a"), Keyed(RNil(1, 20, 30), "b")});
  EXPECT_EQ(Judge(CheckReadYourWrites, h).violations, 0u);
}

// --- monotonic-reads ------------------------------------------------------------------

TEST(MonotonicReadsTest, GoingBackToAnOlderValueIsAViolation) {
  const History h = Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 2, 40, 50), R(1, 1, 60, 70)});
  const GuaranteeResult r = Judge(CheckMonotonicReads, h);
  ASSERT_EQ(r.violations, 1u);
  const Finding& f = r.evidence.at(0);
  EXPECT_EQ(f.process, 1);
  EXPECT_EQ(f.ops.at(0).op, 3u);  // the read that went back
  EXPECT_EQ(f.ops.at(1).op, 2u);  // the earlier read
  EXPECT_EQ(f.ops.at(2).op, 1u);  // the write it had seen
}

TEST(MonotonicReadsTest, NilAfterAValueIsAViolation) {
  const History h = Hist({W(0, 1, 0, 10), R(1, 1, 20, 30), RNil(1, 40, 50)});
  EXPECT_EQ(Judge(CheckMonotonicReads, h).violations, 1u);
}

TEST(MonotonicReadsTest, ConcurrentWritesAndOtherReadersAreFine) {
  // 1's write is acked at 30, after 2's was invoked at 10: the two are concurrent.
  const History concurrent =
      Hist({W(0, 1, 0, 30), W(2, 2, 10, 20), R(1, 2, 40, 50), R(1, 1, 60, 70)});
  EXPECT_EQ(Judge(CheckMonotonicReads, concurrent).violations, 0u);
  // Two readers: each is monotonic on its own.
  const History two = Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 2, 40, 50), R(3, 1, 60, 70)});
  EXPECT_EQ(Judge(CheckMonotonicReads, two).violations, 0u);
  // A value nobody wrote is no evidence either way.
  const History unknown = Hist({W(0, 1, 0, 10), R(1, 1, 20, 30), R(1, 99, 40, 50)});
  EXPECT_EQ(Judge(CheckMonotonicReads, unknown).violations, 0u);
}

// --- monotonic-writes -----------------------------------------------------------------

TEST(MonotonicWritesTest, ReaderSeesTheSecondWriteThenTheFirst) {
  const History h =
      Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 2, 40, 50), R(1, 1, 60, 70), R(1, 2, 80, 90)});
  const GuaranteeResult r = Judge(CheckMonotonicWrites, h);
  ASSERT_EQ(r.violations, 1u);
  const Finding& f = r.evidence.at(0);
  EXPECT_EQ(f.process, 0);        // the writing session's guarantee broke
  EXPECT_EQ(f.ops.at(0).op, 3u);  // the read of 1
  EXPECT_EQ(f.ops.at(2).op, 0u);  // first write
  EXPECT_EQ(f.ops.at(3).op, 1u);  // second write
}

TEST(MonotonicWritesTest, FinalReadReturnsTheFirstOfTwoAckedWrites) {
  const History h = Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 1, 40, 50)});
  const GuaranteeResult r = Judge(CheckMonotonicWrites, h);
  ASSERT_EQ(r.violations, 1u);
  EXPECT_EQ(r.evidence.at(0).ops.at(0).role, "final read");
}

TEST(MonotonicWritesTest, WritesOfTwoSessionsOrAnUnackedSecondWriteAreFine) {
  // Different sessions, concurrent: no order to keep.
  const History two = Hist({W(0, 1, 0, 10), W(2, 2, 5, 30), R(1, 2, 40, 50), R(1, 1, 60, 70)});
  EXPECT_EQ(Judge(CheckMonotonicWrites, two).violations, 0u);
  // The second write timed out: it may never have happened.
  const History info = Hist({W(0, 1, 0, 10), W(0, 2, 20, 0, Status::kInfo), R(1, 1, 40, 50)});
  EXPECT_EQ(Judge(CheckMonotonicWrites, info).violations, 0u);
  // A final read that overlaps the second write is not final.
  const History overlapping = Hist({W(0, 1, 0, 10), W(0, 2, 20, 60), R(1, 1, 40, 50)});
  EXPECT_EQ(Judge(CheckMonotonicWrites, overlapping).violations, 0u);
}

// --- writes-follow-reads --------------------------------------------------------------

// Process 1 reads a -> 2 and then writes b := 9; process 2 reads b -> 9 and then a -> 1,
// which precedes 2.
History CrossKey(bool reader_reads_a_first) {
  std::vector<Operation> ops = {Keyed(W(0, 1, 0, 10), "a"), Keyed(W(0, 2, 20, 30), "a"),
                                Keyed(R(1, 2, 40, 50), "a"), Keyed(W(1, 9, 60, 70), "b")};
  if (reader_reads_a_first) {
    ops.push_back(Keyed(R(2, 1, 80, 90), "a"));
    ops.push_back(Keyed(R(2, 9, 100, 110), "b"));
  } else {
    ops.push_back(Keyed(R(2, 9, 80, 90), "b"));
    ops.push_back(Keyed(R(2, 1, 100, 110), "a"));
  }
  return Hist(ops);
}

TEST(WritesFollowReadsTest, ReaderOfWSeesAValueOlderThanWsCause) {
  const History h = CrossKey(false);
  const GuaranteeResult r = Judge(CheckWritesFollowReads, h);
  ASSERT_EQ(r.violations, 1u);
  const Finding& f = r.evidence.at(0);
  EXPECT_EQ(f.key, "a");
  EXPECT_EQ(f.process, 2);
  EXPECT_EQ(f.ops.at(0).op, 5u);                            // the read of a -> 1
  EXPECT_EQ(f.ops.at(2).op, 3u);                            // w
  EXPECT_EQ(f.ops.at(4).op, 1u);                            // v
  EXPECT_EQ(Judge(CheckMonotonicReads, h).violations, 0u);  // not the same guarantee
}

TEST(WritesFollowReadsTest, ReadBeforeSeeingWOrWriteBeforeTheReadIsFine) {
  EXPECT_EQ(Judge(CheckWritesFollowReads, CrossKey(true)).violations, 0u);
  // Process 1 writes b := 9 before it reads a -> 2: 9 does not follow that read.
  const History h = Hist({Keyed(W(0, 1, 0, 10), "a"), Keyed(W(0, 2, 20, 30), "a"),
                          Keyed(W(1, 9, 35, 38), "b"), Keyed(R(1, 2, 40, 50), "a"),
                          Keyed(R(2, 9, 80, 90), "b"), Keyed(R(2, 1, 100, 110), "a")});
  EXPECT_EQ(Judge(CheckWritesFollowReads, h).violations, 0u);
}

// --- shared -----------------------------------------------------------------------------

TEST(SessionGuaranteesTest, EvidenceIsCappedButEveryViolationCounted) {
  std::vector<Operation> ops = {W(1, 7, 0, 10)};
  for (int i = 0; i < 25; ++i) ops.push_back(RNil(1, 20 + 10 * i, 25 + 10 * i));
  const GuaranteeResult r = Judge(CheckReadYourWrites, Hist(ops));
  EXPECT_EQ(r.violations, 25u);
  ASSERT_EQ(r.evidence.size(), kMaxEvidence);
  EXPECT_EQ(r.evidence.front().ops.front().op, 1u);  // earliest first
  EXPECT_EQ(r.keys, std::vector<std::string>{""});
}

TEST(SessionGuaranteesTest, RefusesOpsOtherThanReadWriteCas) {
  History h = Hist({Op(0, "append", Value::Str("x"), {}, {}, 0, 10)});
  h.ops[0].line = 3;
  absl::StatusOr<KvView> view = KvView::Build(h);
  ASSERT_FALSE(view.ok());
  EXPECT_NE(view.status().message().find("test:3:"), std::string::npos);
  EXPECT_NE(view.status().message().find("'append'"), std::string::npos);
}

}  // namespace
}  // namespace faultline::checkers::consistency
