#include "sim/partition.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::sim {
namespace {

// Role lookup where `leader` (if >= 0) is the only node holding any role: "leader".
RoleHolders LeaderIs(EndpointId leader) {
  return [leader](std::string_view role) {
    return leader >= 0 && role == "leader" ? std::vector<EndpointId>{leader}
                                           : std::vector<EndpointId>{};
  };
}

using Link = std::pair<EndpointId, EndpointId>;

// "n1".."nN" then "c1".."cM", as the simulator names endpoints.
std::vector<std::string> Names(int nodes, int clients) {
  std::vector<std::string> names;
  for (int i = 1; i <= nodes; ++i) names.push_back(absl::StrCat("n", i));
  for (int i = 1; i <= clients; ++i) names.push_back(absl::StrCat("c", i));
  return names;
}

std::set<Link> Blocked(const PartitionCut& cut) {
  return std::set<Link>(cut.blocked.begin(), cut.blocked.end());
}

PartitionCut Compute(const PartitionSpec& spec, int nodes, EndpointId leader = -1,
                     uint64_t seed = 1) {
  Rng rng(seed);
  absl::StatusOr<PartitionCut> cut = ComputePartition(spec, nodes, Names(nodes, 2), LeaderIs(leader), rng);
  EXPECT_TRUE(cut.ok()) << cut.status();
  return cut.ok() ? *cut : PartitionCut{};
}

// The endpoints `a` can send to, itself included.
std::set<EndpointId> Reach(const std::set<Link>& blocked, EndpointId a, int endpoints) {
  std::set<EndpointId> out;
  for (EndpointId b = 0; b < endpoints; ++b) {
    if (!blocked.count({a, b})) out.insert(b);
  }
  return out;
}

void ExpectNoClientCut(const std::set<Link>& blocked, int nodes) {
  for (const auto& [from, to] : blocked) {
    EXPECT_LT(from, nodes);
    EXPECT_LT(to, nodes);
  }
}

// Random halves: ceil(n/2) and floor(n/2) nodes, every cross pair cut both ways, no pair
// inside a group cut, clients untouched.
RC_GTEST_PROP(PartitionTest, HalvesSplitIntoTwoCliques, (uint64_t seed)) {
  const int n = *rc::gen::inRange(1, 10);
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kHalves;
  Rng rng(seed);
  absl::StatusOr<PartitionCut> cut = ComputePartition(spec, n, Names(n, 2), LeaderIs(-1), rng);
  RC_ASSERT(cut.ok());
  const std::set<Link> blocked = Blocked(*cut);
  RC_ASSERT(blocked.size() == cut->blocked.size());  // no link listed twice
  std::multiset<size_t> sizes;
  for (EndpointId a = 0; a < n; ++a) {
    const std::set<EndpointId> group = Reach(blocked, a, n);
    RC_ASSERT(group.count(a) == 1u);
    for (EndpointId b = 0; b < n; ++b) {
      RC_ASSERT(blocked.count({a, b}) == blocked.count({b, a}));     // symmetric
      if (group.count(b)) RC_ASSERT(Reach(blocked, b, n) == group);  // a clique
    }
    sizes.insert(group.size());
  }
  const size_t big = static_cast<size_t>((n + 1) / 2);
  RC_ASSERT(sizes.count(big) >= big);
  RC_ASSERT(blocked.size() == 2 * big * (n - big));
  for (const auto& [from, to] : blocked) RC_ASSERT(from < n && to < n);
}

TEST(PartitionTest, HalvesDescriptionListsBothGroups) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kHalves;
  const PartitionCut cut = Compute(spec, 3);
  EXPECT_TRUE(cut.description == "{n1,n2} | {n3}" || cut.description == "{n1,n3} | {n2}" ||
              cut.description == "{n2,n3} | {n1}")
      << cut.description;
}

TEST(PartitionTest, IsolateByName) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kIsolate;
  spec.target = "n2";
  const PartitionCut cut = Compute(spec, 5);
  const std::set<Link> blocked = Blocked(cut);
  EXPECT_EQ(blocked.size(), 8u);
  for (EndpointId other : {0, 2, 3, 4}) {
    EXPECT_TRUE(blocked.count({1, other}));
    EXPECT_TRUE(blocked.count({other, 1}));
  }
  EXPECT_EQ(cut.description, "{n2} | {n1,n3,n4,n5}");
  ExpectNoClientCut(blocked, 5);
}

TEST(PartitionTest, IsolatePrimaryUsesTheLeader) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kIsolate;
  spec.target = "primary";
  EXPECT_EQ(Compute(spec, 3, /*leader=*/2).description, "{n3} | {n1,n2}");
  spec.target = "leader";
  EXPECT_EQ(Compute(spec, 3, /*leader=*/0).description, "{n1} | {n2,n3}");
}

TEST(PartitionTest, IsolatePrimaryWithoutLeaderIsAnError) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kIsolate;
  spec.target = "primary";
  Rng rng(1);
  absl::StatusOr<PartitionCut> cut = ComputePartition(spec, 3, Names(3, 1), LeaderIs(-1), rng);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kFailedPrecondition);
  spec.target = "n9";
  cut = ComputePartition(spec, 3, Names(3, 1), LeaderIs(-1), rng);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PartitionTest, MajorityRingOfFive) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kMajorityRing;
  const std::set<Link> blocked = Blocked(Compute(spec, 5));
  for (EndpointId a = 0; a < 5; ++a) {
    // Itself plus its two ring neighbours (one each side): a majority of 3.
    const std::set<EndpointId> expected = {a, (a + 1) % 5, (a + 4) % 5};
    EXPECT_EQ(Reach(blocked, a, 5), expected) << "n" << a + 1;
    for (EndpointId b = 0; b < 5; ++b) {
      EXPECT_EQ(blocked.count({a, b}), blocked.count({b, a}));
    }
  }
  ExpectNoClientCut(blocked, 5);
}

TEST(PartitionTest, MajorityRingEveryNodeSeesADistinctMajority) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kMajorityRing;
  for (int n = 4; n <= 9; ++n) {
    const std::set<Link> blocked = Blocked(Compute(spec, n));
    std::set<std::set<EndpointId>> views;
    for (EndpointId a = 0; a < n; ++a) {
      const std::set<EndpointId> sees = Reach(blocked, a, n);
      EXPECT_GE(sees.size(), static_cast<size_t>(n / 2 + 1)) << n;
      views.insert(sees);
    }
    EXPECT_EQ(views.size(), static_cast<size_t>(n)) << n;
  }
}

TEST(PartitionTest, BridgeNodeSeesBothHalves) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kBridge;
  spec.target = "n1";
  const PartitionCut cut = Compute(spec, 5);
  const std::set<Link> blocked = Blocked(cut);
  EXPECT_EQ(cut.description, "{n2,n3} | {n4,n5} bridged by n1");
  EXPECT_EQ(Reach(blocked, 0, 5).size(), 5u);
  for (EndpointId b = 1; b < 5; ++b) EXPECT_FALSE(blocked.count({b, 0}));
  EXPECT_EQ(Reach(blocked, 1, 5), (std::set<EndpointId>{0, 1, 2}));
  EXPECT_EQ(Reach(blocked, 4, 5), (std::set<EndpointId>{0, 3, 4}));
  ExpectNoClientCut(blocked, 5);
  spec.target.clear();  // the default bridge is the middle node
  EXPECT_EQ(Compute(spec, 5).description, "{n1,n2} | {n4,n5} bridged by n3");
}

TEST(PartitionTest, GroupsPutUnlistedNodesTogether) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kGroups;
  spec.groups = {{"n1", "n2"}, {"n3"}};
  const PartitionCut cut = Compute(spec, 5);
  const std::set<Link> blocked = Blocked(cut);
  EXPECT_EQ(cut.description, "{n1,n2} | {n3} | {n4,n5}");
  EXPECT_EQ(Reach(blocked, 0, 5), (std::set<EndpointId>{0, 1}));
  EXPECT_EQ(Reach(blocked, 2, 5), (std::set<EndpointId>{2}));
  EXPECT_EQ(Reach(blocked, 3, 5), (std::set<EndpointId>{3, 4}));
  ExpectNoClientCut(blocked, 5);
}

TEST(PartitionTest, GroupsMayCutAClient) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kGroups;
  spec.groups = {{"n1", "c1"}, {"n2", "n3"}};
  const std::set<Link> blocked = Blocked(Compute(spec, 3));
  // Endpoints: n1=0 n2=1 n3=2 c1=3 c2=4. c1 sits with n1; unlisted c2 is never cut.
  EXPECT_TRUE(blocked.count({3, 1}));
  EXPECT_TRUE(blocked.count({2, 3}));
  EXPECT_FALSE(blocked.count({3, 0}));
  for (const auto& [from, to] : blocked) EXPECT_TRUE(from != 4 && to != 4);
}

TEST(PartitionTest, OneWayCutsOnlyOneDirection) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kOneWay;
  spec.from = {"n1"};
  spec.to = {"n2", "n3"};
  const PartitionCut cut = Compute(spec, 3);
  EXPECT_EQ(Blocked(cut), (std::set<Link>{{0, 1}, {0, 2}}));
  EXPECT_EQ(cut.description, "{n1} -/-> {n2,n3}");
}

TEST(PartitionTest, RandomTargetIsAlwaysANode) {
  Rng rng(4);
  const std::vector<std::string> names = Names(3, 5);
  std::set<EndpointId> seen;
  for (int i = 0; i < 200; ++i) {
    absl::StatusOr<EndpointId> e = ResolveTarget("random", 3, names, LeaderIs(-1), rng);
    ASSERT_TRUE(e.ok());
    seen.insert(*e);
  }
  EXPECT_EQ(seen, (std::set<EndpointId>{0, 1, 2}));
  EXPECT_EQ(*ResolveTarget("c2", 3, names, LeaderIs(-1), rng), 4);
}

}  // namespace
}  // namespace faultline::sim
