// The consistent-hash ring that places keys on kv.quorum's nodes.
//
// Every member owns kTokensPerNode points ("virtual nodes") on a 64-bit ring; a key hashes
// to a point, and its *preference list* is the first n distinct nodes met walking
// clockwise from there (Dynamo, section 4.3). Nodes further along the walk are the
// fallbacks a sloppy quorum uses when a preference-list node does not answer.
//
// The hash is FNV-1a over the key's JSON text, finished with a 64-bit mixer, and never
// std::hash: it must be the same in every process and build, or the same seed would place
// keys differently.
//
//   HashRing ring(ctx.members());
//   std::vector<sim::EndpointId> all = ring.Walk(Value::Str("k3"));   // every node, once
//   std::vector<sim::EndpointId> pref = ring.PreferenceList(Value::Str("k3"), 3);
#ifndef FAULTLINE_MODELS_QUORUM_HASH_RING_H_
#define FAULTLINE_MODELS_QUORUM_HASH_RING_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// FNV-1a 64 over `bytes`, then a finalizer (splitmix64's) so nearby inputs spread out.
uint64_t StableHash(std::string_view bytes);
// A key's position on the ring.
uint64_t KeyPosition(const sim::Value& key);

class HashRing {
 public:
  // Virtual nodes per member: enough that 3..10 nodes get roughly even shares.
  static constexpr int kTokensPerNode = 16;

  // REQUIRES: members is non-empty.
  explicit HashRing(const std::vector<sim::EndpointId>& members);

  // Every member once, in clockwise order from the key's position.
  std::vector<sim::EndpointId> Walk(const sim::Value& key) const;
  // The first n of Walk(key). REQUIRES: 1 <= n <= the member count (checked).
  std::vector<sim::EndpointId> PreferenceList(const sim::Value& key, int n) const;
  // Whether `node` is in the key's preference list of length n.
  bool IsReplica(const sim::Value& key, int n, sim::EndpointId node) const;

  int member_count() const { return member_count_; }

 private:
  // (position, node), sorted; kTokensPerNode * member count entries.
  std::vector<std::pair<uint64_t, sim::EndpointId>> tokens_;
  int member_count_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_HASH_RING_H_
