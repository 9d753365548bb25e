#include "checkers/consistency/lost_writes.h"

#include <gtest/gtest.h>

#include "checkers/consistency/final_reads.h"
#include "checkers/test_histories.h"

namespace faultline::checkers::consistency {
namespace {

using testing::Hist;
using testing::Keyed;
using testing::R;
using testing::RNil;
using testing::W;

GuaranteeResult Lost(const History& h) {
  absl::StatusOr<KvView> view = KvView::Build(h);
  EXPECT_TRUE(view.ok()) << view.status();
  return CheckLostWrites(*view);
}

TEST(LostWritesTest, AckedWriteNoFinalReadReturnsIsLost) {
  // 2 is acked at 30; both final reads return 1, which was acked before 2 was invoked.
  const History h = Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 1, 40, 50), R(2, 1, 45, 55)});
  const GuaranteeResult r = Lost(h);
  EXPECT_EQ(r.checker, "lost-writes");
  ASSERT_EQ(r.violations, 1u);
  const Finding& f = r.evidence.at(0);
  EXPECT_EQ(f.process, 0);
  ASSERT_EQ(f.ops.size(), 3u);
  EXPECT_EQ(f.ops[0].op, 1u);  // the lost write
  EXPECT_EQ(f.ops[1].role, "final read");
  EXPECT_NE(f.explanation.find("2 final reads return only 1, all older"), std::string::npos)
      << f.explanation;
}

TEST(LostWritesTest, NilFinalReadsLoseEveryAckedWrite) {
  const History h = Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), RNil(1, 40, 50)});
  EXPECT_EQ(Lost(h).violations, 2u);
}

TEST(LostWritesTest, OneFinalReadSeeingItOrAConcurrentWriteIsEnough) {
  // One of two final reads returns 2.
  EXPECT_EQ(
      Lost(Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), R(1, 1, 40, 50), R(2, 2, 45, 55)})).violations,
      0u);
  // 3 overlaps 2 (invoked at 25, before 2 was acked at 30): it may have replaced 2.
  EXPECT_EQ(
      Lost(Hist({W(0, 1, 0, 10), W(0, 2, 20, 30), W(3, 3, 25, 35), R(1, 3, 40, 50)})).violations,
      0u);
  // An info write was never acknowledged, so it cannot be lost.
  EXPECT_EQ(Lost(Hist({W(0, 1, 0, 10), W(3, 5, 12, 0, Status::kInfo), R(1, 1, 40, 50)})).violations,
            0u);
}

TEST(LostWritesTest, WithoutFinalReadsNothingIsJudged) {
  // The only read overlaps the last ok write: it is not final.
  EXPECT_EQ(Lost(Hist({W(0, 1, 0, 10), W(0, 2, 20, 60), RNil(1, 40, 50)})).violations, 0u);
}

TEST(FinalReadsTest, LastQualifyingReadOfEachProcessPerKey) {
  const History h =
      Hist({Keyed(W(0, 1, 0, 10), "a"), Keyed(R(1, 1, 20, 30), "a"), Keyed(R(1, 1, 40, 50), "a"),
            Keyed(R(2, 1, 5, 8), "a"), Keyed(R(2, 1, 60, 70), "b")});
  absl::StatusOr<KvView> view = KvView::Build(h);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->keys().size(), 2u);
  EXPECT_EQ(FinalReads(*view, view->keys()[0]), std::vector<size_t>{2});
  EXPECT_TRUE(FinalReads(*view, view->keys()[1]).empty());  // b was never written
}

}  // namespace
}  // namespace faultline::checkers::consistency
