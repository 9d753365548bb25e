// A kv.quorum node's durable state: the versions of the keys it replicates, and the hints
// it keeps as a stand-in for unreachable replicas (sloppy quorum).
//
// Every change is written through to the node's disk (one record per key, one per hint);
// the caller syncs before it acknowledges, so an acknowledged write survives a crash and
// a restarted node reloads what it had (Load).
//
//   ReplicaStore store;
//   store.Load(ctx.disk());
//   if (store.Apply(key, versions, VersionMode::kLww, /*overwrite=*/false, ctx.disk())) ...
//   ctx.disk().Sync();
#ifndef FAULTLINE_MODELS_QUORUM_REPLICA_STORE_H_
#define FAULTLINE_MODELS_QUORUM_REPLICA_STORE_H_

#include <cstdint>
#include <map>
#include <utility>

#include "models/quorum/version.h"
#include "sim/disk.h"
#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

class ReplicaStore {
 public:
  // A write kept for `target` (a preference-list replica that did not answer). `seq`
  // changes whenever the hint changes, so a handoff ack for an older copy keeps it.
  struct Hint {
    int64_t seq = 0;
    Siblings versions;
  };
  using HintKey = std::pair<sim::EndpointId, sim::Value>;  // (target, key)

  // Replaces the contents with what `disk` holds (after a restart).
  void Load(const sim::Disk& disk);

  // The key's versions, or nullptr if it has none.
  const Siblings* Find(const sim::Value& key) const;
  // Reconciles `incoming` into the key's versions (or, with `overwrite`, the planted bug,
  // replaces them) and writes the result to `disk` unsynced. Returns whether it changed.
  bool Apply(const sim::Value& key, const Siblings& incoming, VersionMode mode, bool overwrite,
             sim::Disk& disk);
  // Every key, ordered. Bounded by the workload's keyspace.
  const std::map<sim::Value, Siblings>& keys() const { return data_; }

  // Keeps `incoming` for `target` as Apply keeps a key's versions.
  void AddHint(sim::EndpointId target, const sim::Value& key, const Siblings& incoming,
               VersionMode mode, bool overwrite, sim::Disk& disk);
  // Drops the hint if its seq is still `seq`; returns whether it did.
  bool DropHint(sim::EndpointId target, const sim::Value& key, int64_t seq, sim::Disk& disk);
  // Ordered by (target, key). Bounded by nodes x keyspace.
  const std::map<HintKey, Hint>& hints() const { return hints_; }
  // The versions of `key` this node holds as hints for any target, reconciled.
  Siblings HintedVersions(const sim::Value& key, VersionMode mode) const;

 private:
  std::map<sim::Value, Siblings> data_;
  std::map<HintKey, Hint> hints_;
  int64_t next_hint_seq_ = 1;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_REPLICA_STORE_H_
