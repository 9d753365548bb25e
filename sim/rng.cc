#include "sim/rng.h"

#include "base/check.h"

namespace faultline::sim {

uint64_t StableHash(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng::Rng(uint64_t seed) : seed_(seed) {
  uint64_t state = seed;
  for (uint64_t& word : s_) word = SplitMix64(state);
}

Rng Rng::Fork(std::string_view name) const {
  uint64_t state = seed_ ^ StableHash(name);
  return Rng(SplitMix64(state));
}

Rng Rng::Fork(uint64_t index) const {
  uint64_t state = seed_ + 0x632be59bd9b4e019ULL * (index + 1);
  return Rng(SplitMix64(state));
}

namespace {
// GCC's 128-bit integer, named once so -Wpedantic warns in one place only.
__extension__ using Uint128 = unsigned __int128;
}  // namespace

uint64_t Rng::Below(uint64_t bound) {
  FL_CHECK(bound > 0);
  Uint128 m = static_cast<Uint128>(Next()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t Rng::Between(int64_t lo, int64_t hi) {
  FL_CHECK(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(Next());
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + Below(span + 1));
}

}  // namespace faultline::sim
