#include "checkers/consistency/kv_view.h"

#include <gtest/gtest.h>

#include "checkers/test_histories.h"

namespace faultline::checkers::consistency {
namespace {

using testing::Cas;
using testing::Hist;
using testing::Keyed;
using testing::Op;
using testing::R;
using testing::W;

TEST(KvViewTest, VersionOrderIsRealTimeOrProgramOrder) {
  const History h = Hist({W(0, 1, 0, 10), W(1, 2, 5, 20), W(1, 3, 20, 30), W(2, 4, 31, 40),
                          W(3, 5, 41, 0, Status::kInfo), W(4, 6, 50, 60)});
  absl::StatusOr<KvView> view = KvView::Build(h);
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->Precedes(0, 1));  // overlap: concurrent
  EXPECT_FALSE(view->Precedes(1, 0));
  EXPECT_TRUE(view->Precedes(1, 2));  // one process, in order (20 == 20 in time)
  EXPECT_FALSE(view->Precedes(2, 1));
  EXPECT_TRUE(view->Precedes(0, 3));   // 10 < 31
  EXPECT_FALSE(view->Precedes(2, 2));  // nothing precedes itself
  EXPECT_TRUE(view->Precedes(3, 4));   // an info write may follow an acked one...
  EXPECT_FALSE(view->Precedes(4, 5));  // ...but precedes nothing
}

TEST(KvViewTest, ValuesNameTheirWriteUnlessAmbiguousOrFailed) {
  const History h =
      Hist({W(0, 1, 0, 10), W(1, 2, 0, 10), W(2, 2, 0, 10), W(3, 3, 0, 10, Status::kFail),
            Cas(4, 1, 4, 11, 12), R(5, 1, 20, 30), R(5, 2, 20, 30), R(5, 3, 20, 30),
            R(5, 4, 20, 30), Op(5, "read", {}, {}, Value::Set({1, 4}), 40, 50)});
  absl::StatusOr<KvView> view = KvView::Build(h);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->ambiguous_values(), 1u);
  EXPECT_EQ(view->judged_ops(), 9u);  // the failed write is not judged
  EXPECT_EQ(view->Observe(5).writers, std::vector<std::optional<size_t>>{0});
  EXPECT_EQ(view->Observe(6).writers, std::vector<std::optional<size_t>>{std::nullopt});
  EXPECT_EQ(view->Observe(7).writers, std::vector<std::optional<size_t>>{std::nullopt});
  EXPECT_EQ(view->Observe(8).writers, std::vector<std::optional<size_t>>{4});  // the cas
  const Observation siblings = view->Observe(9);
  EXPECT_EQ(siblings.writers, (std::vector<std::optional<size_t>>{0, 4}));
  EXPECT_TRUE(KvView::Contains(siblings, 4));
  // Siblings precede a write only when all of them do; nil precedes every write.
  EXPECT_FALSE(view->ObservationPrecedes(siblings, 4));
  EXPECT_TRUE(view->ObservationPrecedes(Observation{}, 0));
  EXPECT_FALSE(view->ObservationPrecedes(view->Observe(6), 4));  // names no write
}

TEST(KvViewTest, KeysAreSortedByName) {
  const History h =
      Hist({Keyed(W(0, 1, 0, 10), "b"), Keyed(W(0, 2, 20, 30), "a"), Keyed(R(1, 1, 40, 50), "b")});
  absl::StatusOr<KvView> view = KvView::Build(h);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->keys().size(), 2u);
  EXPECT_EQ(view->keys()[0].name, "a");
  EXPECT_EQ(view->keys()[1].reads, std::vector<size_t>{2});
  EXPECT_EQ(ReadValueText(Value::Set({5, 3})), "[3, 5]");
}

}  // namespace
}  // namespace faultline::checkers::consistency
