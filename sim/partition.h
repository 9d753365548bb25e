// Partition shapes: turn a PartitionSpec (halves, isolate, majority-ring, bridge, groups,
// one-way) into the directed links it cuts, plus a description people can read.
//
// Shapes cut links between server nodes only; clients keep reaching every node unless
// `groups` or `one-way` name them, as in Jepsen, where clients talk to nodes from outside
// the partitioned network.
#ifndef FAULTLINE_SIM_PARTITION_H_
#define FAULTLINE_SIM_PARTITION_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/message.h"
#include "sim/rng.h"
#include "sim/scenario.h"

namespace faultline::sim {

struct PartitionCut {
  std::vector<std::pair<EndpointId, EndpointId>> blocked;  // directed (from, to)
  std::string description;                                  // "{n1,n2} | {n3}"
  // The spec with every choice made and every name concrete ("n3", never "random" or
  // "leader"): computed again, it draws nothing and gives the same cut and description.
  // Halves become the two groups drawn; groups list the unlisted nodes' group too; a
  // bridge names its node; a majority ring stays as it is.
  PartitionSpec resolved;
};

// The live nodes holding a role now, ascending ("leader" -> {n2}).
using RoleHolders = std::function<std::vector<EndpointId>(std::string_view role)>;

// Endpoint names: nodes first ("n1".."nN"), then clients. `roles` resolves the role
// targets (none holding it: such a shape is an error). `rng` draws "random" targets, a
// holder of "follower" or "role:NAME", and the halves.
absl::StatusOr<PartitionCut> ComputePartition(const PartitionSpec& spec, int node_count,
                                              const std::vector<std::string>& names,
                                              const RoleHolders& roles, Rng& rng);

// Resolves a target name to an endpoint: a node or client name; "leader" (or "primary",
// the same role in primary-backup's words) is the lowest-numbered live node that leads;
// "follower" and "role:NAME" a random live node holding that role; "random" a random
// node.
absl::StatusOr<EndpointId> ResolveTarget(std::string_view target, int node_count,
                                         const std::vector<std::string>& names,
                                         const RoleHolders& roles, Rng& rng);

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_PARTITION_H_
