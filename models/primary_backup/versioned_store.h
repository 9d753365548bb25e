// A node's key-value store, with a version per key and a copy of everything on its disk.
//
// Versions order writes within one primary's reign: replication messages can be lost,
// duplicated and reordered, so a backup applies an entry only if its version is newer than
// what it holds (last writer wins). Every change is written through to the disk and synced
// before the caller acknowledges it, so a restart reloads exactly what was acknowledged.
//
//   VersionedStore store;
//   store.Load(ctx.disk());
//   if (store.Apply(key, value, EpochSeq{epoch, seq}, ctx.disk())) ...;
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_VERSIONED_STORE_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_VERSIONED_STORE_H_

#include <compare>
#include <cstdint>
#include <map>

#include "sim/disk.h"
#include "sim/value.h"

namespace faultline::models {

// Orders the writes of one primary's reign: (epoch, seq), compared lexicographically.
// (Not named Version: kv.quorum has a Version in the same namespace, and two classes of
// one name in one program break the one-definition rule.)
struct EpochSeq {
  int64_t epoch = 0;
  int64_t seq = 0;
  auto operator<=>(const EpochSeq&) const = default;
};

class VersionedStore {
 public:
  struct Cell {
    sim::Value value;
    EpochSeq version;
  };

  // Replaces the in-memory store with what the disk holds (nil cells are absent).
  void Load(const sim::Disk& disk);

  // The value of `key`, or nil when the key was never written.
  sim::Value Get(const sim::Value& key) const;
  EpochSeq VersionOf(const sim::Value& key) const;

  // Stores `value` at `version` if that is newer than what `key` holds; writes it to the
  // disk and syncs. Returns whether the value was applied.
  bool Apply(const sim::Value& key, const sim::Value& value, EpochSeq version, sim::Disk& disk);

  // Forgets every key, on disk too (the disk has no delete: a nil record is a tombstone).
  // Does not sync: the caller syncs together with its new epoch, so a crash cannot leave
  // the old store paired with the new epoch.
  void ClearUnsynced(sim::Disk& disk);

  // Ordered by key, so iteration is deterministic. Bounded by the workload's key count.
  const std::map<sim::Value, Cell>& cells() const { return cells_; }
  size_t size() const { return cells_.size(); }

 private:
  std::map<sim::Value, Cell> cells_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_VERSIONED_STORE_H_
