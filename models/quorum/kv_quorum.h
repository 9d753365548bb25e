// kv.quorum: a Dynamo-style leaderless key-value store (int64 keys -> int64 values, nil
// initially) with tunable N, R and W, last-write-wins or vector-clock versions, read
// repair, hinted handoff and anti-entropy.
//
// See quorum_node.h for the protocol and models/README.md for the textbook behaviours
// each parameter shows.
//
//   sim::ModelRegistry registry;
//   registry.Add(QuorumModelInfo());
#ifndef FAULTLINE_MODELS_QUORUM_KV_QUORUM_H_
#define FAULTLINE_MODELS_QUORUM_KV_QUORUM_H_

#include <optional>
#include <string>

#include "models/quorum/quorum_options.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr char kQuorumName[] = "kv.quorum";

// The model's name, parameters (with defaults and help), workload and factory.
sim::ModelInfo QuorumModelInfo();

// Decodes validated parameters (a test may leave some out: they take the defaults).
QuorumOptions QuorumOptionsFromConfig(const sim::ModelConfig& config);

// The checks across parameters: 1 <= r, w <= n <= the node count. Returns "what is
// wrong; the fix", or nullopt.
std::optional<std::string> CheckQuorumConfig(const sim::ModelConfig& config);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_KV_QUORUM_H_
