#include "models/quorum/hash_ring.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::models {

uint64_t StableHash(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  // splitmix64's finalizer: FNV-1a alone leaves short, similar keys ("k1", "k2") close.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

uint64_t KeyPosition(const sim::Value& key) { return StableHash(key.ToJson()); }

HashRing::HashRing(const std::vector<sim::EndpointId>& members)
    : member_count_(static_cast<int>(members.size())) {
  FL_CHECK_MSG(!members.empty(), "a hash ring needs at least one member");
  for (const sim::EndpointId node : members) {
    for (int t = 0; t < kTokensPerNode; ++t) {
      tokens_.emplace_back(StableHash(absl::StrCat("n", node + 1, "#", t)), node);
    }
  }
  std::sort(tokens_.begin(), tokens_.end());
}

std::vector<sim::EndpointId> HashRing::Walk(const sim::Value& key) const {
  const uint64_t position = KeyPosition(key);
  auto start = std::lower_bound(tokens_.begin(), tokens_.end(),
                                std::pair<uint64_t, sim::EndpointId>{position, 0});
  std::vector<sim::EndpointId> out;
  out.reserve(static_cast<size_t>(member_count_));
  const size_t first = static_cast<size_t>(start - tokens_.begin());
  for (size_t i = 0; i < tokens_.size() && static_cast<int>(out.size()) < member_count_; ++i) {
    const sim::EndpointId node = tokens_[(first + i) % tokens_.size()].second;
    if (std::find(out.begin(), out.end(), node) == out.end()) out.push_back(node);
  }
  return out;
}

std::vector<sim::EndpointId> HashRing::PreferenceList(const sim::Value& key, int n) const {
  FL_CHECK_MSG(n >= 1 && n <= member_count_, "a preference list needs 1 <= n <= members");
  std::vector<sim::EndpointId> walk = Walk(key);
  walk.resize(static_cast<size_t>(n));
  return walk;
}

bool HashRing::IsReplica(const sim::Value& key, int n, sim::EndpointId node) const {
  const std::vector<sim::EndpointId> pref = PreferenceList(key, n);
  return std::find(pref.begin(), pref.end(), node) != pref.end();
}

}  // namespace faultline::models
