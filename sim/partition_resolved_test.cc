// PartitionCut::resolved: the partition with every choice made. Computed again it must
// draw nothing, need no role, and cut the same links with the same description, so that
// `faultline fuzz` can write a random nemesis's partitions down as a schedule.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/partition.h"

namespace faultline::sim {
namespace {

using Link = std::pair<EndpointId, EndpointId>;
using Shape = PartitionSpec::Shape;

constexpr int kNodes = 5;
constexpr EndpointId kLeader = 2;  // n3

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (int i = 1; i <= kNodes; ++i) names.push_back(absl::StrCat("n", i));
  for (int i = 1; i <= 2; ++i) names.push_back(absl::StrCat("c", i));
  return names;
}

// n3 leads; n1, n2, n4, n5 follow.
std::vector<EndpointId> Roles(std::string_view role) {
  if (role == "leader") return {kLeader};
  if (role == "follower") return {0, 1, 3, 4};
  return {};
}

std::vector<EndpointId> NoRoles(std::string_view) { return {}; }

// A name the resolved spec must never hold: one that draws or asks for a role.
bool Unresolved(const std::string& name) {
  return name == "random" || name == "leader" || name == "primary" || name == "follower" ||
         name.starts_with("role:");
}

std::vector<std::string> AllNames(const PartitionSpec& spec) {
  std::vector<std::string> out = {spec.target};
  for (const auto& g : spec.groups) out.insert(out.end(), g.begin(), g.end());
  out.insert(out.end(), spec.from.begin(), spec.from.end());
  out.insert(out.end(), spec.to.begin(), spec.to.end());
  return out;
}

std::set<Link> Blocked(const PartitionCut& cut) {
  return std::set<Link>(cut.blocked.begin(), cut.blocked.end());
}

// Computes `spec` into `cut`, then its resolved form with no roles and a fresh stream.
// Returns what went wrong: a name left unresolved, a different cut or description, a
// draw by the resolved form; empty when it replays.
std::string ReplayProblem(const PartitionSpec& spec, uint64_t seed, PartitionCut& cut) {
  Rng rng(seed);
  absl::StatusOr<PartitionCut> first = ComputePartition(spec, kNodes, Names(), Roles, rng);
  if (!first.ok()) return absl::StrCat("the spec failed: ", first.status().message());
  cut = *first;
  for (const std::string& name : AllNames(cut.resolved)) {
    if (Unresolved(name)) return absl::StrCat(name, " left in ", cut.description);
  }
  Rng replay_rng(seed + 1);
  absl::StatusOr<PartitionCut> again =
      ComputePartition(cut.resolved, kNodes, Names(), NoRoles, replay_rng);
  if (!again.ok()) return absl::StrCat("the resolved spec failed: ", again.status().message());
  if (again->description != cut.description) {
    return absl::StrCat(again->description, " replays ", cut.description);
  }
  if (Blocked(*again) != Blocked(cut))
    return absl::StrCat("other links cut than ", cut.description);
  if (replay_rng.Next() != Rng(seed + 1).Next()) return "the resolved form drew";
  return "";
}

// ReplayProblem for a plain test: the cut, with a failure if it does not replay.
PartitionCut ExpectResolvedReplays(const PartitionSpec& spec, uint64_t seed) {
  PartitionCut cut;
  EXPECT_EQ(ReplayProblem(spec, seed, cut), "");
  return cut;
}

PartitionSpec Spec(Shape shape, std::string target = "") {
  PartitionSpec spec;
  spec.shape = shape;
  spec.target = std::move(target);
  return spec;
}

RC_GTEST_PROP(PartitionResolvedTest, EveryShapeReplaysWithoutDrawing, (uint64_t seed)) {
  const std::vector<std::string> targets = {"random", "leader", "follower", "n2", "c1"};
  const std::string target = *rc::gen::elementOf(targets);
  PartitionSpec groups = Spec(Shape::kGroups);
  groups.groups = {{target, "random"}, {"follower"}};
  PartitionSpec one_way = Spec(Shape::kOneWay);
  one_way.from = {"leader", target};
  one_way.to = {"random", "n5"};
  const std::vector<PartitionSpec> specs = {Spec(Shape::kHalves),
                                            Spec(Shape::kIsolate, target),
                                            Spec(Shape::kMajorityRing),
                                            Spec(Shape::kBridge, target == "c1" ? "n1" : target),
                                            Spec(Shape::kBridge),
                                            groups,
                                            one_way};
  for (const PartitionSpec& spec : specs) {
    PartitionCut cut;
    RC_ASSERT(ReplayProblem(spec, seed, cut) == "");
  }
}

TEST(PartitionResolvedTest, HalvesBecomeTheTwoGroupsDrawn) {
  const PartitionCut cut = ExpectResolvedReplays(Spec(Shape::kHalves), 7);
  EXPECT_EQ(cut.resolved.shape, Shape::kGroups);
  ASSERT_EQ(cut.resolved.groups.size(), 2u);
  EXPECT_EQ(cut.resolved.groups[0].size(), 3u);
  EXPECT_EQ(cut.resolved.groups[1].size(), 2u);
}

TEST(PartitionResolvedTest, IsolateNamesTheNodeItHit) {
  const PartitionCut cut = ExpectResolvedReplays(Spec(Shape::kIsolate, "leader"), 1);
  EXPECT_EQ(cut.resolved.shape, Shape::kIsolate);
  EXPECT_EQ(cut.resolved.target, "n3");
}

TEST(PartitionResolvedTest, BridgeNamesItsDefaultNode) {
  const PartitionCut cut = ExpectResolvedReplays(Spec(Shape::kBridge), 1);
  EXPECT_EQ(cut.resolved.target, "n3");
}

TEST(PartitionResolvedTest, GroupsListTheUnlistedNodesGroup) {
  PartitionSpec spec = Spec(Shape::kGroups);
  spec.groups = {{"leader", "c2"}, {"n1"}};
  const PartitionCut cut = ExpectResolvedReplays(spec, 1);
  EXPECT_EQ(cut.resolved.shape, Shape::kGroups);
  EXPECT_EQ(cut.resolved.groups,
            (std::vector<std::vector<std::string>>{{"n3", "c2"}, {"n1"}, {"n2", "n4", "n5"}}));
}

TEST(PartitionResolvedTest, MajorityRingStaysARing) {
  const PartitionCut cut = ExpectResolvedReplays(Spec(Shape::kMajorityRing), 1);
  EXPECT_EQ(cut.resolved.shape, Shape::kMajorityRing);
  EXPECT_TRUE(cut.resolved.target.empty());
}

TEST(PartitionResolvedTest, OneWayNamesBothEnds) {
  PartitionSpec spec = Spec(Shape::kOneWay);
  spec.from = {"leader"};
  spec.to = {"n1", "c1"};
  const PartitionCut cut = ExpectResolvedReplays(spec, 1);
  EXPECT_EQ(cut.resolved.from, (std::vector<std::string>{"n3"}));
  EXPECT_EQ(cut.resolved.to, (std::vector<std::string>{"n1", "c1"}));
}

}  // namespace
}  // namespace faultline::sim
