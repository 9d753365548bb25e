#include "models/quorum/version.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace faultline::models {
namespace {

using sim::Value;

Version Lww(int64_t value, int64_t ts, sim::EndpointId writer) {
  return Version{.value = Value::Int(value), .ts = ts, .writer = writer, .clock = {}};
}
Version Vc(int64_t value, VectorClock clock) {
  return Version{.value = Value::Int(value), .ts = value, .writer = 0, .clock = std::move(clock)};
}

TEST(VersionTest, LwwKeepsTheNewerStampWhateverTheOrder) {
  Siblings s;
  EXPECT_TRUE(MergeVersion(s, Lww(1, 100, 0), VersionMode::kLww));
  EXPECT_FALSE(MergeVersion(s, Lww(2, 90, 1), VersionMode::kLww));  // older: dropped
  EXPECT_EQ(ReadValue(s), Value::Int(1));
  EXPECT_TRUE(MergeVersion(s, Lww(3, 100, 2), VersionMode::kLww));  // same ts: higher node
  EXPECT_EQ(ReadValue(s), Value::Int(3));
  EXPECT_EQ(s.size(), 1u);
}

TEST(VersionTest, LwwSkewLosesTheLaterWrite) {
  // Write 1 at true time 100 by a node on time; write 2 at true time 200 by a node whose
  // clock is 500 behind: stamped -300, it loses to the older write.
  Siblings s;
  MergeVersion(s, Lww(1, 100, 0), VersionMode::kLww);
  MergeVersion(s, Lww(2, 200 - 500, 1), VersionMode::kLww);
  EXPECT_EQ(ReadValue(s), Value::Int(1));
}

TEST(VersionTest, VectorKeepsConcurrentSiblingsAndDropsDominatedOnes) {
  Siblings s;
  EXPECT_TRUE(MergeVersion(s, Vc(1, {{0, 1}}), VersionMode::kVector));
  EXPECT_TRUE(MergeVersion(s, Vc(2, {{1, 1}}), VersionMode::kVector));  // concurrent
  EXPECT_EQ(ReadValue(s), Value::List({Value::Int(1), Value::Int(2)}));
  EXPECT_FALSE(MergeVersion(s, Vc(1, {{0, 1}}), VersionMode::kVector));  // already there
  // A write that saw both supersedes both.
  EXPECT_TRUE(MergeVersion(s, Vc(3, {{0, 2}, {1, 1}}), VersionMode::kVector));
  EXPECT_EQ(ReadValue(s), Value::Int(3));
  EXPECT_FALSE(MergeVersion(s, Vc(2, {{1, 1}}), VersionMode::kVector));  // dominated
  EXPECT_EQ(s.size(), 1u);
}

TEST(VersionTest, SiblingValuesAreSortedAscending) {
  Siblings s;
  MergeVersion(s, Vc(9, {{2, 1}}), VersionMode::kVector);
  MergeVersion(s, Vc(4, {{0, 1}}), VersionMode::kVector);
  MergeVersion(s, Vc(7, {{1, 1}}), VersionMode::kVector);
  EXPECT_EQ(ReadValue(s), Value::List({Value::Int(4), Value::Int(7), Value::Int(9)}));
  EXPECT_EQ(ReadValue({}), Value());
}

TEST(VersionTest, CompareClocks) {
  EXPECT_EQ(CompareClocks({{0, 1}}, {{0, 1}}), ClockOrder::kEqual);
  EXPECT_EQ(CompareClocks({{0, 1}}, {{0, 2}}), ClockOrder::kBefore);
  EXPECT_EQ(CompareClocks({{0, 1}, {1, 1}}, {{0, 1}}), ClockOrder::kAfter);
  EXPECT_EQ(CompareClocks({{0, 2}}, {{0, 1}, {1, 1}}), ClockOrder::kConcurrent);
  EXPECT_EQ(CompareClocks({}, {{3, 1}}), ClockOrder::kBefore);
}

TEST(VersionTest, EncodeDecodeRoundTrips) {
  Siblings s;
  MergeVersion(s, Vc(1, {{0, 1}, {2, 5}}), VersionMode::kVector);
  MergeVersion(s, Vc(2, {{1, 3}}), VersionMode::kVector);
  EXPECT_EQ(DecodeSiblings(EncodeSiblings(s)), s);
  EXPECT_EQ(DecodeSiblings(Value::Int(3)), std::nullopt);
}

// A random vector clock over nodes 0..3 with counters 0..3 (0: absent).
rc::Gen<VectorClock> GenClock() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(4, rc::gen::inRange(0, 4)),
                      [](const std::vector<int>& counters) {
                        VectorClock c;
                        for (int i = 0; i < 4; ++i) {
                          if (counters[i] > 0) c.push_back({i, counters[i]});
                        }
                        return c;
                      });
}

RC_GTEST_PROP(VersionProperty, ClockMergeIsASemilattice, ()) {
  const VectorClock a = *GenClock();
  const VectorClock b = *GenClock();
  const VectorClock c = *GenClock();
  RC_ASSERT(MergeClocks(a, b) == MergeClocks(b, a));
  RC_ASSERT(MergeClocks(MergeClocks(a, b), c) == MergeClocks(a, MergeClocks(b, c)));
  RC_ASSERT(MergeClocks(a, a) == a);
  // The merge is an upper bound of both, and the order is antisymmetric.
  const ClockOrder ab = CompareClocks(a, MergeClocks(a, b));
  RC_ASSERT(ab == ClockOrder::kBefore || ab == ClockOrder::kEqual);
  const ClockOrder x = CompareClocks(a, b);
  const ClockOrder y = CompareClocks(b, a);
  RC_ASSERT((x == ClockOrder::kBefore) == (y == ClockOrder::kAfter));
  RC_ASSERT((x == ClockOrder::kConcurrent) == (y == ClockOrder::kConcurrent));
}

RC_GTEST_PROP(VersionProperty, SiblingMergeIsOrderIndependent, ()) {
  // Replicas that receive the same versions in any order end with the same siblings:
  // what lets read repair and anti-entropy converge.
  const std::vector<VectorClock> clocks =
      *rc::gen::container<std::vector<VectorClock>>(*rc::gen::inRange(1, 7), GenClock());
  std::vector<Version> versions;
  for (size_t i = 0; i < clocks.size(); ++i) {
    if (!clocks[i].empty()) versions.push_back(Vc(static_cast<int64_t>(i), clocks[i]));
  }
  // Distinct versions need distinct clocks (the model's node-wide counter makes them so).
  std::sort(versions.begin(), versions.end(),
            [](const Version& a, const Version& b) { return a.clock.size() < b.clock.size(); });
  std::vector<Version> unique;
  for (const Version& v : versions) {
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const Version& u) { return u.clock == v.clock; })) {
      unique.push_back(v);
    }
  }
  Siblings forward;
  for (const Version& v : unique) MergeVersion(forward, v, VersionMode::kVector);
  Siblings backward;
  for (auto it = unique.rbegin(); it != unique.rend(); ++it) {
    MergeVersion(backward, *it, VersionMode::kVector);
  }
  RC_ASSERT(forward == backward);
  // No sibling dominates another.
  for (const Version& a : forward) {
    for (const Version& b : forward) {
      if (&a != &b) RC_ASSERT(CompareClocks(a.clock, b.clock) == ClockOrder::kConcurrent);
    }
  }
}

}  // namespace
}  // namespace faultline::models
