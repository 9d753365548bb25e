#include "sim/scheduler.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace faultline::sim {
namespace {

TEST(SchedulerTest, PopNextOnEmptyReturnsNullopt) {
  Scheduler s;
  EXPECT_FALSE(s.PopNext().has_value());
  EXPECT_EQ(s.now(), 0);
  EXPECT_EQ(s.executed(), 0u);
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_EQ(s.PeekTime(), kNever);
}

TEST(SchedulerTest, PopsInTimeOrderAndCarriesPayload) {
  Scheduler s;
  s.Schedule(30, /*kind=*/3, /*target=*/30, /*arg=*/300);
  s.Schedule(10, 1, 10, 100);
  s.Schedule(20, 2, 20, 200);
  EXPECT_EQ(s.PeekTime(), 10);
  for (uint32_t i = 1; i <= 3; ++i) {
    auto ev = s.PopNext();
    ASSERT_TRUE(ev.has_value());
    EXPECT_EQ(ev->time, static_cast<Nanos>(10 * i));
    EXPECT_EQ(ev->kind, i);
    EXPECT_EQ(ev->target, 10 * i);
    EXPECT_EQ(ev->arg, 100u * i);
  }
  EXPECT_FALSE(s.PopNext().has_value());
}

TEST(SchedulerTest, TiesRunInSchedulingOrder) {
  Scheduler s;
  // Enough events at one instant to exercise several levels of the 4-ary heap.
  for (uint64_t i = 0; i < 50; ++i) s.Schedule(7, 0, 0, i);
  for (uint64_t i = 0; i < 50; ++i) {
    auto ev = s.PopNext();
    ASSERT_TRUE(ev.has_value());
    EXPECT_EQ(ev->arg, i);
    EXPECT_EQ(ev->seq, i);
  }
}

TEST(SchedulerTest, NowAdvancesToPoppedEventAndExecutedCounts) {
  Scheduler s;
  s.Schedule(5 * kMillisecond, 0, 0, 0);
  s.Schedule(2 * kMillisecond, 0, 0, 0);
  EXPECT_EQ(s.pending(), 2u);
  ASSERT_TRUE(s.PopNext().has_value());
  EXPECT_EQ(s.now(), 2 * kMillisecond);
  EXPECT_EQ(s.executed(), 1u);
  // Scheduling at now() is allowed and keeps the clock where it is.
  s.Schedule(s.now(), 0, 0, 0);
  ASSERT_TRUE(s.PopNext().has_value());
  EXPECT_EQ(s.now(), 2 * kMillisecond);
  ASSERT_TRUE(s.PopNext().has_value());
  EXPECT_EQ(s.now(), 5 * kMillisecond);
  EXPECT_EQ(s.executed(), 3u);
  // An empty pop neither counts nor moves time.
  EXPECT_FALSE(s.PopNext().has_value());
  EXPECT_EQ(s.executed(), 3u);
  EXPECT_EQ(s.now(), 5 * kMillisecond);
}

TEST(SchedulerDeathTest, SchedulingInThePastAborts) {
  Scheduler s;
  s.Schedule(10, 0, 0, 0);
  ASSERT_TRUE(s.PopNext().has_value());
  EXPECT_DEATH(s.Schedule(9, 0, 0, 0), "scheduled in the past");
}

// Random interleavings of Schedule and PopNext agree with a std::multimap keyed by
// (time, seq), and the popped sequence never goes back in (time, seq).
RC_GTEST_PROP(SchedulerTest, MatchesMultimapModel, ()) {
  const auto ops = *rc::gen::container<std::vector<std::pair<bool, uint8_t>>>(
      rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::inRange<uint8_t>(0, 20)));
  Scheduler s;
  std::multimap<std::pair<Nanos, uint64_t>, uint64_t> model;
  uint64_t next_seq = 0;
  std::pair<Nanos, uint64_t> last_popped{-1, 0};
  auto pop_and_compare = [&] {
    auto ev = s.PopNext();
    if (model.empty()) {
      RC_ASSERT(!ev.has_value());
      return;
    }
    RC_ASSERT(ev.has_value());
    auto it = model.begin();
    RC_ASSERT(ev->time == it->first.first);
    RC_ASSERT(ev->seq == it->first.second);
    RC_ASSERT(ev->arg == it->second);
    const std::pair<Nanos, uint64_t> key{ev->time, ev->seq};
    RC_ASSERT(last_popped < key);
    last_popped = key;
    model.erase(it);
  };
  for (const auto& [schedule, delta] : ops) {
    if (schedule) {
      const Nanos at = s.now() + delta;  // deltas of 0 produce many ties
      s.Schedule(at, 0, 0, next_seq * 1000 + 1);
      model.emplace(std::make_pair(at, next_seq), next_seq * 1000 + 1);
      ++next_seq;
    } else {
      pop_and_compare();
    }
    RC_ASSERT(s.pending() == model.size());
  }
  while (!model.empty()) pop_and_compare();
  RC_ASSERT(!s.PopNext().has_value());
}

}  // namespace
}  // namespace faultline::sim
