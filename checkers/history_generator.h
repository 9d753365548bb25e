// Random concurrent histories that are linearizable by construction, for tests and
// benchmarks, and mutations that make one provably non-linearizable.
//
// Clients issue register ops (read / write / cas) back to back, so about `clients` ops
// are in flight at any time. Each op gets an interval [call, ret] and a point where it
// takes effect: a random point inside its interval for an ok op, a random point after its
// call or never for an info op, never for a fail op. Applying the sequential register to
// each key in effect-point order gives every read its output and every cas its outcome, so
// the effect order is a linearization. Every write and cas writes a value no other op
// writes (unless GeneratorOptions::value_range says otherwise), which is what lets a
// mutation prove that no linearization is left.
//
//   GeneratorOptions o;
//   o.seed = 7;
//   o.ops = 10'000;
//   o.clients = 16;  // keys = 1: a single register, key ""
//   History h = GenerateHistory(o);                      // CheckLinearizability: ok
//   MutationOutcome m = Mutate(h, Mutation::kStaleRead, 7);
//   if (m.applied) ...                                   // CheckLinearizability: not
//
// The generator draws from sim::Rng (the checker itself stays free of any PRNG); the same
// options give the same history on every machine.
#ifndef FAULTLINE_CHECKERS_HISTORY_GENERATOR_H_
#define FAULTLINE_CHECKERS_HISTORY_GENERATOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/operation.h"

namespace faultline::checkers {

// Relative weights of the op kinds (integers, as every random choice in the project).
// REQUIRES: read + write + cas > 0.
struct OpMix {
  uint32_t read = 50;
  uint32_t write = 30;
  uint32_t cas = 20;
};

struct GeneratorOptions {
  uint64_t seed = 1;
  int64_t ops = 100;    // REQUIRES: >= 0
  int64_t clients = 4;  // concurrent clients; REQUIRES: >= 1
  // 1 gives a single register whose ops have the key "" (the register spec, as in the
  // Jepsen etcd histories); more give keys "k0", "k1", ... chosen uniformly (the kv
  // spec, checked key by key). REQUIRES: >= 1.
  int64_t keys = 1;
  OpMix mix;
  // Share of ops whose client timed out: the op is info, takes effect at a random point
  // after its call (possibly long after the client gave up) or never, and the client
  // continues under a fresh process id, as Jepsen retires a process after an info.
  uint32_t info_ppm = 0;
  // Share of ops that fail (did not take effect). A cas whose expected value does not
  // match at its effect point is a fail op too, as Jepsen records a cas that returned
  // false, whatever fail_ppm says.
  uint32_t fail_ppm = 0;
  // How often a cas expects the value its key holds at its effect point (and succeeds).
  uint32_t cas_match_ppm = 500'000;
  // 0: every write and cas writes a fresh value (1, 2, 3, ...), so no two ops write the
  // same value; mutations need this. N > 0: values drawn from 1..N, so values repeat,
  // which makes the checker's memoisation work harder; Mutate refuses such histories.
  int64_t value_range = 0;
  // Time between an op's return and its client's next call: [1, call_gap_max], so a
  // process never overlaps itself. REQUIRES: >= 1.
  int64_t call_gap_max = 10;
  // An op's ret - call: [0, latency_max]. REQUIRES: >= 0.
  int64_t latency_max = 20;
  // Share of info ops that take effect (the rest never do).
  uint32_t info_effect_ppm = 500'000;
};

// A history with options.ops ops in call order (History::format "faultline", source
// "generated seed=N"). Reads of a fail or info op have an Unknown output; an ok read has
// the value its key held at its effect point (nil before the first write). Value 0 is
// never written: a cas that must not match may expect it.
[[nodiscard]] History GenerateHistory(const GeneratorOptions& options);

// Ways to break a history, each with a proof that no linearization survives, which
// relies only on real-time order and on each value having exactly one writer:
enum class Mutation {
  // An ok read returns a value no op writes.
  kReadNeverWritten,
  // An ok read returns the value of a fail write or cas (which did not happen).
  kReadOfFailedWrite,
  // An ok read returns the value of a write or cas called after the read returned.
  kReadFromFuture,
  // An ok read returns a value (or nil) that an ok write or cas overwrote before the
  // read was called, when the value's writer returned before the overwrite was called.
  kStaleRead,
  // Two ok writes w1, w2 of one key with w1 returning before w2's call swap values,
  // when an ok read saw w2's value after w2 returned or w1's value before w2's call.
  kSwapWrites,
};

inline constexpr std::array<Mutation, 5> kAllMutations = {
    Mutation::kReadNeverWritten, Mutation::kReadOfFailedWrite, Mutation::kReadFromFuture,
    Mutation::kStaleRead, Mutation::kSwapWrites};

// "read-never-written", "read-of-failed-write", "read-from-future", "stale-read",
// "swap-writes".
std::string_view MutationName(Mutation m);

struct MutationOutcome {
  bool applied = false;
  // The ops changed, then the ops the proof relies on (indices into History::ops).
  std::vector<size_t> ops;
  // What was changed, or why the mutation could not apply.
  std::string description;
};

// Applies `mutation` to `history` at a place chosen with `seed`, or leaves `history`
// unchanged and says why it could not (no suitable ops; or the history is not one this
// proof covers: an op other than read / write / cas, a written value that is not an
// integer, or two ops writing the same value of one key). When applied, the history is
// not linearizable under the register and kv specs, whatever the checker's options.
[[nodiscard]] MutationOutcome Mutate(History& history, Mutation mutation, uint64_t seed);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_HISTORY_GENERATOR_H_
