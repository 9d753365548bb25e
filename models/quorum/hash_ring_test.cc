#include "models/quorum/hash_ring.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "models/kv/kv_workload.h"

namespace faultline::models {
namespace {

std::vector<sim::EndpointId> Members(int n) {
  std::vector<sim::EndpointId> out;
  for (int i = 0; i < n; ++i) out.push_back(i);
  return out;
}

TEST(HashRingTest, StableHashIsPinned) {
  // FNV-1a 64 then splitmix64's finalizer, computed independently. A change here moves
  // keys to other nodes and changes every kv.quorum trace hash.
  EXPECT_EQ(StableHash(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(KeyPosition(sim::Value::Str("k1")), 0xf0936b410ad60686ULL);  // over "\"k1\""
}

TEST(HashRingTest, PreferenceListIsDeterministicAndDistinct) {
  const HashRing a(Members(5));
  const HashRing b(Members(5));
  for (int k = 0; k < 50; ++k) {
    const sim::Value key = KvKey(k);
    for (int n = 1; n <= 5; ++n) {
      const std::vector<sim::EndpointId> pref = a.PreferenceList(key, n);
      EXPECT_EQ(pref, b.PreferenceList(key, n));
      ASSERT_EQ(pref.size(), static_cast<size_t>(n));
      EXPECT_EQ(std::set<sim::EndpointId>(pref.begin(), pref.end()).size(), pref.size());
      // A longer list extends a shorter one (the walk goes on clockwise).
      const std::vector<sim::EndpointId> walk = a.Walk(key);
      EXPECT_TRUE(std::equal(pref.begin(), pref.end(), walk.begin()));
    }
  }
}

TEST(HashRingTest, KeysSpreadOverEveryNode) {
  const HashRing ring(Members(5));
  std::map<sim::EndpointId, int> first;
  for (int k = 0; k < 200; ++k) ++first[ring.PreferenceList(KvKey(k), 1).front()];
  ASSERT_EQ(first.size(), 5u);
  for (const auto& [node, count] : first) EXPECT_GT(count, 10) << "node " << node;
}

TEST(HashRingTest, RingOverASubsetUsesOnlyItsMembers) {
  const HashRing ring({2, 4, 7});
  for (int k = 0; k < 20; ++k) {
    for (const sim::EndpointId node : ring.Walk(KvKey(k))) {
      EXPECT_TRUE(node == 2 || node == 4 || node == 7);
    }
  }
}

}  // namespace
}  // namespace faultline::models
