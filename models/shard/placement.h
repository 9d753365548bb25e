// Which shard owns a key: the four sharding strategies of kv.sharded, as pure values.
//
// Keys are the kv workload's "k<i>" (i >= 0). A placement maps a key to a shard index in
// [0, shard_count()); changing the topology (adding a shard, splitting a range, moving a
// key in the directory) makes a *new* placement, and MovedKeys counts what the change
// moves. The router asks its placement for each request's shard, and its migrations (Stripe's
// six phases, migration.h) carry the keys between the old placement and the new.
//
//   - hash-mod:        shard = StableHash("k<i>") mod n. Adding a shard moves ~n/(n+1) of
//                      the keys: nearly everything.
//   - consistent-hash: each shard owns `vnodes` points on a 64-bit ring; a key belongs to
//                      the first point clockwise from its hash. Adding a shard moves
//                      ~1/(n+1): only what the new points take (Karger et al., 1997).
//   - range:           shard i owns the key indexes [bounds[i], bounds[i+1]); contiguous,
//                      so a scan of a range touches one shard, and a hot range is a hot
//                      shard. Split(shard, at) gives [at, end) of it to a new shard.
//   - directory:       an explicit table key -> shard (a lookup service holds it); a key
//                      not in the table is placed hash-mod over the first shard count.
//                      Any single key can move; adding a shard moves nothing until keys
//                      are assigned to it.
//
// Removing a shard (WithShardRemoved) keeps every other shard's id: the router's groups are
// fixed by id, so ids are never renumbered; the removed id simply owns no key any more.
// hash-mod rehashes over the live ids (moves ~(n-1)/n), consistent-hash drops the shard's
// points (only its keys move, ~1/n), range merges its ranges into the lower neighbour (else
// the upper): the range merge; directory hands its assigned keys to the least-assigned
// live shard and rehashes its default keys over the live default shards.
//
// The hash is StableHash (models/quorum/hash_ring.h): the same in every build, never
// std::hash, so a seed places keys the same way everywhere.
//
//   std::unique_ptr<Placement> p = MakePlacement({.strategy = Strategy::kConsistentHash,
//                                                 .shards = 4, .vnodes = 64, .keys = 100});
//   int s = p->ShardOf(7);                           // the shard of "k7"
//   std::unique_ptr<Placement> q = p->WithShardAdded();
//   int64_t moved = MovedKeys(*p, *q, 10000);         // of k0..k9999
//   std::unique_ptr<Placement> r = q->WithShardRemoved(1);  // shard1's keys move
#ifndef FAULTLINE_MODELS_SHARD_PLACEMENT_H_
#define FAULTLINE_MODELS_SHARD_PLACEMENT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/value.h"

namespace faultline::models::shard {

enum class Strategy { kHashMod, kConsistentHash, kRange, kDirectory };

// "hash-mod", "consistent-hash", "range", "directory" (the scenario's `strategy` names).
std::string_view StrategyName(Strategy s);
std::optional<Strategy> ParseStrategy(std::string_view name);

// The index of a kv key "k<i>", or nullopt for any other value.
std::optional<int64_t> KeyIndex(const sim::Value& key);

struct PlacementOptions {
  Strategy strategy = Strategy::kHashMod;
  int shards = 3;      // >= 1
  int vnodes = 256;    // consistent-hash: points per shard, >= 1
  int64_t keys = 100;  // range: the key indexes [0, keys) split evenly; >= shards
};

class Placement {
 public:
  virtual ~Placement() = default;
  virtual Strategy strategy() const = 0;
  virtual int shard_count() const = 0;
  // The shard of key index `key` (>= 0), in [0, shard_count()).
  virtual int ShardOf(int64_t key) const = 0;
  // The same strategy with one more shard, numbered shard_count(): hash-mod rehashes,
  // consistent-hash adds the new shard's points, range splits the range that holds the most
  // key indexes in half, directory keeps every assignment (new keys may go to the new shard).
  virtual std::unique_ptr<Placement> WithShardAdded() const = 0;
  // The same strategy without `shard`: shard_count() stays (ids are stable; a later
  // WithShardAdded still numbers the new shard shard_count()), and no key maps to `shard`.
  // REQUIRES: `shard` is live and is not the only live shard.
  virtual std::unique_ptr<Placement> WithShardRemoved(int shard) const = 0;
  // The shard ids that own keys (not removed), ascending.
  virtual std::vector<int> LiveShards() const = 0;
  virtual std::unique_ptr<Placement> Clone() const = 0;
  // One line for notes and `describe`: "range [0,34)->0 [34,67)->1 [67,100)->2".
  virtual std::string Describe() const = 0;
};

std::unique_ptr<Placement> MakePlacement(const PlacementOptions& options);

// Range placement's own operations (a range placement is also built by MakePlacement).
class RangePlacement final : public Placement {
 public:
  struct Range {
    int64_t begin = 0;  // inclusive key index
    int64_t end = 0;    // exclusive
    int shard = 0;
  };
  // REQUIRES: ranges cover [0, INT64_MAX) without gaps, ascending by begin.
  explicit RangePlacement(std::vector<Range> ranges, int shard_count);
  // Splits the range holding `at` at `at`: [at, end) goes to `to_shard` (which may be new:
  // shard_count() grows to to_shard + 1). REQUIRES: `at` is not a range's begin.
  std::unique_ptr<RangePlacement> Split(int64_t at, int to_shard) const;
  const std::vector<Range>& ranges() const { return ranges_; }

  Strategy strategy() const override { return Strategy::kRange; }
  int shard_count() const override { return shard_count_; }
  int ShardOf(int64_t key) const override;
  std::unique_ptr<Placement> WithShardAdded() const override;
  // Merges each of `shard`'s ranges into the range below it (the upper one for the first).
  std::unique_ptr<Placement> WithShardRemoved(int shard) const override;
  std::vector<int> LiveShards() const override;
  std::unique_ptr<Placement> Clone() const override;
  std::string Describe() const override;

 private:
  std::vector<Range> ranges_;
  int shard_count_ = 0;
};

// Directory placement: explicit assignments over a hash-mod default.
class DirectoryPlacement final : public Placement {
 public:
  explicit DirectoryPlacement(int shard_count)
      : shard_count_(shard_count), default_shards_(shard_count) {}
  // Records key -> shard (a move, or a first assignment). REQUIRES: `shard` is live.
  void Assign(int64_t key, int shard);
  const std::map<int64_t, int>& assigned() const { return assigned_; }

  Strategy strategy() const override { return Strategy::kDirectory; }
  int shard_count() const override { return shard_count_; }
  int ShardOf(int64_t key) const override;
  std::unique_ptr<Placement> WithShardAdded() const override;
  std::unique_ptr<Placement> WithShardRemoved(int shard) const override;
  std::vector<int> LiveShards() const override;
  std::unique_ptr<Placement> Clone() const override;
  std::string Describe() const override;

 private:
  int shard_count_ = 0;
  // A key not in the table: StableHash mod the shard count the directory started with, so
  // adding a shard moves no key by itself.
  int default_shards_ = 0;
  std::map<int64_t, int> assigned_;
  std::set<int> removed_;  // ids WithShardRemoved took out
};

// How many of the key indexes [0, keys) map to a different shard in `after` than in
// `before`.
int64_t MovedKeys(const Placement& before, const Placement& after, int64_t keys);

// Load imbalance: max over mean of `per_shard` (1.0 = perfectly even; 0 when all zero).
double Imbalance(const std::vector<int64_t>& per_shard);

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_PLACEMENT_H_
