// The project's own PRNG: xoshiro256** seeded through SplitMix64, with named sub-streams.
//
// Every random choice in a run comes from here, never from <random> (whose distributions
// differ between standard libraries) or the OS. Components take a named fork,
//
//   Rng network = root.Fork("network");
//   Rng n3_rng  = root.Fork("node").Fork(3);
//
// so that adding a draw in one component does not shift the draws of another. Forking
// does not advance the parent: a fork depends only on the parent's seed and the name.
#ifndef FAULTLINE_SIM_RNG_H_
#define FAULTLINE_SIM_RNG_H_

#include <cstdint>
#include <string_view>

namespace faultline::sim {

// SplitMix64 step: a good 64-bit mixer, also used to seed and to hash names.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a over the bytes of a name: stable across processes and builds (unlike std::hash).
uint64_t StableHash(std::string_view bytes);

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // A sub-stream named `name` (or numbered `index`), independent of this one's position.
  [[nodiscard]] Rng Fork(std::string_view name) const;
  [[nodiscard]] Rng Fork(uint64_t index) const;

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound). REQUIRES: bound > 0. Lemire's method, unbiased.
  uint64_t Below(uint64_t bound);
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);
  // Uniform double in [0, 1) with 53 random bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // True with probability ppm / 1e6. Probabilities are integers (parts per million), as
  // TigerBeetle's chance(): no float comparisons decide a branch of the simulation.
  bool ChancePpm(uint32_t ppm) { return ppm > 0 && Below(1'000'000) < ppm; }

  uint64_t seed() const { return seed_; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t seed_;
  uint64_t s_[4];
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_RNG_H_
