// The fold behind the trace hash: cheap, order-sensitive, no platform dependence.
//
// Shared by the trace (event headers) and typed messages (their bodies), so a message's
// fields enter the trace hash through the same function whoever hashes them.
//
//   HashMixer h;
//   h.Mix(42);
//   h.MixText("append_entries");
#ifndef FAULTLINE_SIM_HASH_MIXER_H_
#define FAULTLINE_SIM_HASH_MIXER_H_

#include <cstdint>
#include <string_view>

namespace faultline::sim {

struct HashMixer {
  uint64_t h = 0x6a09e667f3bcc908ULL;

  void Mix(uint64_t v) {
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
  }
  // The length, then the bytes in 8-byte big-endian words.
  void MixText(std::string_view s) {
    Mix(s.size());
    uint64_t word = 0;
    int filled = 0;
    for (unsigned char c : s) {
      word = (word << 8) | c;
      if (++filled == 8) {
        Mix(word);
        word = 0;
        filled = 0;
      }
    }
    if (filled > 0) Mix(word);
  }
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_HASH_MIXER_H_
