// kv.raft: a key-value store replicated by Raft, with pre-vote, check-quorum, five read
// modes and five planted bugs (README.md beside this file).
//
//   registry.Add(RaftModelInfo());
#ifndef FAULTLINE_MODELS_RAFT_KV_RAFT_H_
#define FAULTLINE_MODELS_RAFT_KV_RAFT_H_

#include "models/raft/raft_options.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr char kRaftName[] = "kv.raft";

sim::ModelInfo RaftModelInfo();

// Decodes validated parameters; a parameter a caller (a test) left out keeps its default.
RaftOptions RaftOptionsFromConfig(const sim::ModelConfig& config);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_RAFT_KV_RAFT_H_
