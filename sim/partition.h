// Partition shapes: turn a PartitionSpec (halves, isolate, majority-ring, bridge, groups,
// one-way) into the directed links it cuts, plus a description people can read.
//
// Shapes cut links between server nodes only; clients keep reaching every node unless
// `groups` or `one-way` name them, as in Jepsen, where clients talk to nodes from outside
// the partitioned network.
#ifndef FAULTLINE_SIM_PARTITION_H_
#define FAULTLINE_SIM_PARTITION_H_

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
};

// Endpoint names: nodes first ("n1".."nN"), then clients. `leader` resolves the targets
// "primary" / "leader" (-1 when no node leads: such a shape is an error). `rng` draws
// "random" targets and the halves.
absl::StatusOr<PartitionCut> ComputePartition(const PartitionSpec& spec, int node_count,
                                              const std::vector<std::string>& names,
                                              EndpointId leader, Rng& rng);

// Resolves a target name (a node or client name, "primary", "leader", "random") to an
// endpoint; "random" draws among nodes only.
absl::StatusOr<EndpointId> ResolveTarget(std::string_view target, int node_count,
                                         const std::vector<std::string>& names,
                                         EndpointId leader, Rng& rng);

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_PARTITION_H_
