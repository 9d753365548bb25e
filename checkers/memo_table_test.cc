// The search's memo: LinearizedSet's window and hash against a plain bitset, and
// MemoTable against std::set, on random toggles and inserts.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "checkers/internal/linearized_set.h"
#include "checkers/internal/memo_table.h"

namespace faultline::checkers::internal {
namespace {

std::vector<bool> Members(const LinearizedSet& set, size_t n) {
  std::vector<bool> bits(n);
  for (size_t i = 0; i < n; ++i) bits[i] = set.Test(i);
  return bits;
}

// What the window must say: every word before it full, every word after it empty.
void ExpectWindowInvariant(const LinearizedSet& set, size_t n) {
  const size_t begin = set.window_begin();
  const size_t end = begin + set.window().size();
  for (size_t i = 0; i < n; ++i) {
    if (i / 64 < begin) RC_ASSERT(set.Test(i));
    if (i / 64 >= end && !set.window().empty()) RC_ASSERT(!set.Test(i));
  }
}

TEST(LinearizedSetTest, WindowCoversExactlyThePartlySetWords) {
  LinearizedSet set(200);
  EXPECT_TRUE(set.window().empty());
  for (size_t i = 0; i < 64; ++i) set.Set(i);
  EXPECT_EQ(set.window_begin(), 1u);
  EXPECT_TRUE(set.window().empty());
  set.Set(130);
  EXPECT_EQ(set.window_begin(), 1u);
  EXPECT_EQ(set.window().size(), 2u);  // words 1 and 2
  set.Clear(5);
  EXPECT_EQ(set.window_begin(), 0u);
  EXPECT_EQ(set.window().size(), 3u);
  set.Clear(130);
  set.Set(5);
  EXPECT_EQ(set.window_begin(), 1u);
  EXPECT_TRUE(set.window().empty());
}

TEST(LinearizedSetTest, HashDependsOnlyOnMembers) {
  LinearizedSet a(100);
  LinearizedSet b(100);
  a.Set(3);
  a.Set(70);
  b.Set(70);
  b.Set(9);
  b.Set(3);
  b.Clear(9);
  EXPECT_EQ(a.hash(), b.hash());
  b.Clear(3);
  EXPECT_NE(a.hash(), b.hash());
}

RC_GTEST_PROP(LinearizedSetTest, MatchesAPlainBitsetUnderRandomToggles,
              (const std::vector<uint16_t>& toggles)) {
  const size_t n = 300;
  LinearizedSet set(n);
  std::vector<bool> expected(n);
  for (uint16_t t : toggles) {
    const size_t i = t % n;
    if (expected[i]) {
      set.Clear(i);
    } else {
      set.Set(i);
    }
    expected[i] = !expected[i];
    ExpectWindowInvariant(set, n);
  }
  RC_ASSERT(Members(set, n) == expected);
}

// A MemoTable says "new" exactly when std::set does, across growth and collisions of
// sets that differ only in the state or only in one far bit.
RC_GTEST_PROP(MemoTableTest, AgreesWithStdSet,
              (const std::vector<std::pair<uint16_t, uint8_t>>& moves)) {
  const size_t n = 150;
  LinearizedSet set(n);
  std::vector<bool> bits(n);
  MemoTable memo;
  std::set<std::pair<std::vector<bool>, uint32_t>> reference;
  for (const auto& [toggle, state8] : moves) {
    const size_t i = toggle % n;
    if (bits[i]) {
      set.Clear(i);
    } else {
      set.Set(i);
    }
    bits[i] = !bits[i];
    const uint32_t state = state8 % 4;
    const bool fresh = reference.emplace(bits, state).second;
    RC_ASSERT(memo.Insert(set, state) == fresh);
  }
  RC_ASSERT(memo.size() == reference.size());
}

TEST(MemoTableTest, GrowsPastItsFirstCapacityAndStillFindsEveryEntry) {
  LinearizedSet set(5000);
  MemoTable memo;
  for (size_t i = 0; i < 5000; ++i) {
    set.Set(i);
    ASSERT_TRUE(memo.Insert(set, static_cast<uint32_t>(i % 3)));
  }
  for (size_t i = 5000; i-- > 0;) {
    ASSERT_FALSE(memo.Insert(set, static_cast<uint32_t>(i % 3)));
    set.Clear(i);
  }
  EXPECT_EQ(memo.size(), 5000u);
  EXPECT_GT(memo.memory_bytes(), 5000u * 32);
}

}  // namespace
}  // namespace faultline::checkers::internal
