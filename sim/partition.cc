#include "sim/partition.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/strings.h"

namespace faultline::sim {
namespace {

using Groups = std::vector<std::vector<EndpointId>>;

std::vector<std::string> NamesOf(const std::vector<EndpointId>& endpoints,
                                 const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (EndpointId e : endpoints) out.push_back(names[e]);
  return out;
}

std::string DescribeGroups(const Groups& groups, const std::vector<std::string>& names) {
  std::vector<std::string> parts;
  for (const auto& g : groups) {
    parts.push_back(absl::StrCat("{", absl::StrJoin(NamesOf(g, names), ","), "}"));
  }
  return absl::StrJoin(parts, " | ");
}

// Cuts every link between endpoints of different groups, both directions.
void CutBetweenGroups(const Groups& groups, PartitionCut& cut) {
  for (size_t i = 0; i < groups.size(); ++i) {
    for (size_t j = 0; j < groups.size(); ++j) {
      if (i == j) continue;
      for (EndpointId a : groups[i]) {
        for (EndpointId b : groups[j]) cut.blocked.emplace_back(a, b);
      }
    }
  }
}

// Cuts every node pair that `connected` says cannot talk, both directions.
template <typename Fn>
void CutNodesUnless(int node_count, Fn connected, PartitionCut& cut) {
  for (EndpointId a = 0; a < node_count; ++a) {
    for (EndpointId b = 0; b < node_count; ++b) {
      if (a != b && !connected(a, b)) cut.blocked.emplace_back(a, b);
    }
  }
}

// The explicit `groups` shape that cuts between exactly these groups.
PartitionSpec GroupsSpec(const Groups& groups, const std::vector<std::string>& names) {
  PartitionSpec spec;
  spec.shape = PartitionSpec::Shape::kGroups;
  for (const auto& g : groups) spec.groups.push_back(NamesOf(g, names));
  return spec;
}

std::vector<EndpointId> AllNodes(int node_count) {
  std::vector<EndpointId> nodes(node_count);
  for (int i = 0; i < node_count; ++i) nodes[i] = i;
  return nodes;
}

}  // namespace

absl::StatusOr<EndpointId> ResolveTarget(std::string_view target, int node_count,
                                         const std::vector<std::string>& names,
                                         const RoleHolders& roles, Rng& rng) {
  const bool leads = target == "primary" || target == "leader";
  if (leads || target == "follower" || target.starts_with("role:")) {
    const std::string_view role =
        leads ? "leader" : (target == "follower" ? target : target.substr(5));
    const std::vector<EndpointId> holders = roles(role);
    if (holders.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no live node holds the role '", Sv(role), "' right now, so '", Sv(target),
          "' names no node"));
    }
    if (leads) return holders.front();
    return holders[rng.Below(holders.size())];
  }
  if (target == "random") return static_cast<EndpointId>(rng.Below(node_count));
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == target) return static_cast<EndpointId>(i);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown endpoint '", Sv(target), "'"));
}

absl::StatusOr<PartitionCut> ComputePartition(const PartitionSpec& spec, int node_count,
                                              const std::vector<std::string>& names,
                                              const RoleHolders& roles, Rng& rng) {
  PartitionCut cut;
  switch (spec.shape) {
    case PartitionSpec::Shape::kHalves: {
      // Random halves, as Jepsen's partition-random-halves: a Fisher-Yates shuffle.
      std::vector<EndpointId> nodes = AllNodes(node_count);
      for (int i = node_count - 1; i > 0; --i) {
        std::swap(nodes[i], nodes[rng.Below(static_cast<uint64_t>(i) + 1)]);
      }
      const int first = (node_count + 1) / 2;
      Groups groups = {{nodes.begin(), nodes.begin() + first},
                       {nodes.begin() + first, nodes.end()}};
      for (auto& g : groups) std::sort(g.begin(), g.end());
      CutBetweenGroups(groups, cut);
      cut.description = DescribeGroups(groups, names);
      cut.resolved = GroupsSpec(groups, names);
      return cut;
    }
    case PartitionSpec::Shape::kIsolate: {
      FL_ASSIGN_OR_RETURN(EndpointId target,
                          ResolveTarget(spec.target, node_count, names, roles, rng));
      Groups groups = {{target}, {}};
      for (EndpointId n = 0; n < node_count; ++n) {
        if (n != target) groups[1].push_back(n);
      }
      CutBetweenGroups(groups, cut);
      cut.description = DescribeGroups(groups, names);
      cut.resolved.shape = spec.shape;
      cut.resolved.target = names[target];
      return cut;
    }
    case PartitionSpec::Shape::kMajorityRing: {
      // Each node sees the nodes within `reach` of it around the ring n1..nN: a majority
      // for itself, yet no two neighbours see the same majority.
      const int majority = node_count / 2 + 1;
      const int reach = majority / 2;
      auto connected = [&](EndpointId a, EndpointId b) {
        int d = std::abs(a - b);
        return std::min(d, node_count - d) <= reach;
      };
      CutNodesUnless(node_count, connected, cut);
      cut.description = absl::StrCat("majority ring: each node sees its ", reach,
                                     " nearest neighbours each way");
      cut.resolved.shape = spec.shape;
      return cut;
    }
    case PartitionSpec::Shape::kBridge: {
      EndpointId bridge = node_count / 2;
      if (!spec.target.empty()) {
        FL_ASSIGN_OR_RETURN(bridge, ResolveTarget(spec.target, node_count, names, roles, rng));
      }
      std::vector<EndpointId> others;
      for (EndpointId n = 0; n < node_count; ++n) {
        if (n != bridge) others.push_back(n);
      }
      const size_t first = others.size() / 2;
      Groups groups = {{others.begin(), others.begin() + first},
                       {others.begin() + first, others.end()}};
      CutBetweenGroups(groups, cut);
      cut.description = absl::StrCat(DescribeGroups(groups, names), " bridged by ",
                                     names[bridge]);
      cut.resolved.shape = spec.shape;
      cut.resolved.target = names[bridge];
      return cut;
    }
    case PartitionSpec::Shape::kGroups: {
      Groups groups;
      std::vector<bool> listed(names.size(), false);
      for (const auto& g : spec.groups) {
        groups.emplace_back();
        for (const std::string& name : g) {
          FL_ASSIGN_OR_RETURN(EndpointId e, ResolveTarget(name, node_count, names, roles, rng));
          groups.back().push_back(e);
          listed[e] = true;
        }
      }
      // Nodes nobody listed stay together in a group of their own.
      std::vector<EndpointId> rest;
      for (EndpointId n = 0; n < node_count; ++n) {
        if (!listed[n]) rest.push_back(n);
      }
      if (!rest.empty()) groups.push_back(rest);
      CutBetweenGroups(groups, cut);
      cut.description = DescribeGroups(groups, names);
      cut.resolved = GroupsSpec(groups, names);
      return cut;
    }
    case PartitionSpec::Shape::kOneWay: {
      std::vector<EndpointId> from, to;
      for (const std::string& name : spec.from) {
        FL_ASSIGN_OR_RETURN(EndpointId e, ResolveTarget(name, node_count, names, roles, rng));
        from.push_back(e);
      }
      for (const std::string& name : spec.to) {
        FL_ASSIGN_OR_RETURN(EndpointId e, ResolveTarget(name, node_count, names, roles, rng));
        to.push_back(e);
      }
      for (EndpointId a : from) {
        for (EndpointId b : to) {
          if (a != b) cut.blocked.emplace_back(a, b);
        }
      }
      cut.description = absl::StrCat(DescribeGroups({from}, names), " -/-> ",
                                     DescribeGroups({to}, names));
      cut.resolved.shape = spec.shape;
      cut.resolved.from = NamesOf(from, names);
      cut.resolved.to = NamesOf(to, names);
      return cut;
    }
  }
  return absl::InternalError("unknown partition shape");
}

}  // namespace faultline::sim
