#include "models/quorum/merkle_tree.h"

#include <algorithm>

#include "models/quorum/hash_ring.h"
#include "sim/hash_mixer.h"

namespace faultline::models {

int MerkleTree::BucketOf(const sim::Value& key) {
  // The top bits of the ring position: a bucket is a contiguous arc of the ring.
  return static_cast<int>(KeyPosition(key) >> 60);
}

std::vector<int32_t> MerkleTree::Differing(const std::vector<uint64_t>& a,
                                           const std::vector<uint64_t>& b) {
  std::vector<int32_t> out;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (i >= a.size() || i >= b.size() || a[i] != b[i]) out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

void MerkleTree::Add(const sim::Value& key, const Siblings& versions) {
  if (versions.empty()) return;
  sim::HashMixer h;
  h.Mix(KeyPosition(key));
  h.Mix(SiblingsHash(versions));
  // A sum is order-independent, so a leaf does not depend on the order keys were added.
  leaves_[static_cast<size_t>(BucketOf(key))] += h.h;
}

uint64_t MerkleTree::root() const {
  sim::HashMixer h;
  for (const uint64_t leaf : leaves_) h.Mix(leaf);
  return h.h;
}

}  // namespace faultline::models
