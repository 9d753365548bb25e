// The WARS model of Bailis et al., "Probabilistically Bounded Staleness for Practical
// Partial Quorums" (VLDB 2012), computed by Monte Carlo: the probability that a read begun
// t after a write committed returns that write (or a newer one), for a Dynamo-style store
// with N replicas, read quorum R and write quorum W.
//
// One trial draws, for each replica i, four one-way message delays: W_i (the write reaches
// replica i), A_i (its ack returns), R_i (a read request reaches it), S_i (its reply
// returns). The write commits when the W-th fastest ack arrives: c = W-th smallest W_i + A_i.
// The read starts at c + t; replica i answers with the write when it had it by then:
// W_i <= c + t + R_i. The coordinator takes the R fastest replies (smallest R_i + S_i); the
// read is fresh when any of them had the write. Client hops are not part of WARS; a
// scenario that wants to match it gives client messages no delay.
//
//   WarsConfig c;  // n = 3, r = w = 1
//   c.write_request = c.write_ack = c.read_request = c.read_response =
//       sim::Distribution::Exponential(1 * kMillisecond);
//   std::vector<double> p = WarsTVisibility(c, {0, kMillisecond, 5 * kMillisecond}, 100000, 7);
//
// Deterministic: the same config, times, trials and seed give the same numbers everywhere
// (draws from sim::Rng and sim::Distribution). Every t shares one set of trials, so the
// curve is monotone in t, and asking for many t (one per measured read, say) costs a binary
// search each.
#ifndef FAULTLINE_TESTS_PBS_WARS_H_
#define FAULTLINE_TESTS_PBS_WARS_H_

#include <cstdint>
#include <vector>

#include "base/time.h"
#include "sim/distribution.h"

namespace faultline::pbs {

struct WarsConfig {
  int n = 3;  // replicas per key
  int r = 1;  // replies a read waits for
  int w = 1;  // acks a write waits for
  sim::Distribution write_request;  // W: coordinator -> replica, a write
  sim::Distribution write_ack;      // A: replica -> coordinator, the write's ack
  sim::Distribution read_request;   // R: coordinator -> replica, a read
  sim::Distribution read_response;  // S: replica -> coordinator, the read's reply
};

// P(fresh read | read starts t after commit) for each t in `ts`, over `trials` trials.
// REQUIRES: 1 <= r, w <= n; trials > 0.
std::vector<double> WarsTVisibility(const WarsConfig& config, const std::vector<Nanos>& ts,
                                    int64_t trials, uint64_t seed);

}  // namespace faultline::pbs

#endif  // FAULTLINE_TESTS_PBS_WARS_H_
