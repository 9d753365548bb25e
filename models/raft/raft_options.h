// kv.raft's parameters, decoded once from the scenario's validated ModelConfig
// (kv_raft.cc lists them with their help text).
#ifndef FAULTLINE_MODELS_RAFT_RAFT_OPTIONS_H_
#define FAULTLINE_MODELS_RAFT_RAFT_OPTIONS_H_

#include <cstdint>

#include "sim/time.h"

namespace faultline::models {

struct RaftOptions {
  enum class Reads { kLog, kLeaderReadIndex, kLeaderLease, kFollowerReadIndex, kFollowerStale };
  // Planted bugs: each one a minimal deviation from a correct Raft (see the README).
  enum class Bug {
    kNone,
    kCommitWithoutQuorum,
    kVoteTwice,
    kCommitOldTerm,
    kStaleLeaderRead,
    kNoFsync
  };

  sim::Nanos heartbeat_ns = 50 * sim::kMillisecond;
  // Each wait for a leader is drawn uniformly from [election_timeout_ns, 2x).
  sim::Nanos election_timeout_ns = 300 * sim::kMillisecond;
  // leader-lease: how long after a heartbeat round starts (leader's local clock) its
  // majority of acks lets the leader answer reads alone. Kept below the election timeout,
  // the least time a follower waits before it helps elect another leader.
  sim::Nanos lease_ns = 270 * sim::kMillisecond;
  int64_t max_batch = 64;
  bool pre_vote = true;
  Reads reads = Reads::kLeaderReadIndex;
  Bug bug = Bug::kNone;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_RAFT_RAFT_OPTIONS_H_
