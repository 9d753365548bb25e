// A small hash tree over a set of keys' versions, for anti-entropy (Dynamo, section 4.7).
//
// Keys fall into kLeaves buckets by their ring position; a leaf is an order-independent
// digest of its keys and their sibling sets, and the root digests the leaves. Two
// replicas exchange root and leaves (one small message) and then send each other only
// the keys of the buckets whose leaves differ, instead of every (key, version) pair.
//
//   MerkleTree t;
//   for (const auto& [key, versions] : shared) t.Add(key, versions);
//   std::vector<int32_t> differ = MerkleTree::Differing(t.leaves(), peer_leaves);
#ifndef FAULTLINE_MODELS_QUORUM_MERKLE_TREE_H_
#define FAULTLINE_MODELS_QUORUM_MERKLE_TREE_H_

#include <cstdint>
#include <vector>

#include "models/quorum/version.h"
#include "sim/value.h"

namespace faultline::models {

class MerkleTree {
 public:
  static constexpr int kLeaves = 16;

  MerkleTree() : leaves_(kLeaves, 0) {}

  // The bucket (leaf index) of a key.
  static int BucketOf(const sim::Value& key);
  // The indexes at which a and b differ (a bucket missing from one side differs).
  static std::vector<int32_t> Differing(const std::vector<uint64_t>& a,
                                        const std::vector<uint64_t>& b);

  // Adds one key; the order of adds does not matter. An empty sibling set adds nothing
  // (a replica without the key and one with no versions of it agree).
  void Add(const sim::Value& key, const Siblings& versions);

  const std::vector<uint64_t>& leaves() const { return leaves_; }
  uint64_t root() const;

 private:
  std::vector<uint64_t> leaves_;  // kLeaves entries
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_MERKLE_TREE_H_
