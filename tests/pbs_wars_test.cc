#include "tests/pbs_wars.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace faultline::pbs {
namespace {

using sim::Distribution;

constexpr int64_t kTrials = 200'000;

WarsConfig AllExponential(int n, int r, int w, double mean_ns) {
  WarsConfig c;
  c.n = n;
  c.r = r;
  c.w = w;
  c.write_request = c.write_ack = c.read_request = c.read_response =
      Distribution::Exponential(mean_ns);
  return c;
}

// R + W > N: every read quorum meets the write quorum, so every read is fresh, at t = 0
// and even "before" the commit is known to the client.
TEST(PbsWarsTest, StrictQuorumsAreAlwaysFresh) {
  for (auto [r, w] : {std::pair{2, 2}, std::pair{1, 3}, std::pair{3, 1}}) {
    const std::vector<double> p =
        WarsTVisibility(AllExponential(3, r, w, 1e6), {0, 1'000'000}, 20'000, 1);
    EXPECT_EQ(p[0], 1.0) << "R=" << r << " W=" << w;
    EXPECT_EQ(p[1], 1.0);
  }
}

// N = 2, W = R = 1, exponential write delays (rate λ), instant acks and read requests,
// exponential read replies. The read asks the replica whose reply is fastest, which is
// independent of the write delays: half the time it is the replica that committed the
// write (fresh); else its delay exceeds the commit's by an Exp(λ) amount (memoryless), so
// it is fresh with probability 1 - exp(-λt). P(t) = 1 - exp(-λt) / 2.
TEST(PbsWarsTest, MatchesTheClosedFormForTwoReplicas) {
  const double mean_ns = 2e6;
  WarsConfig c;
  c.n = 2;
  c.r = 1;
  c.w = 1;
  c.write_request = Distribution::Exponential(mean_ns);
  c.write_ack = Distribution::Constant(0);
  c.read_request = Distribution::Constant(0);
  c.read_response = Distribution::Exponential(mean_ns);
  const std::vector<Nanos> ts = {0, 500'000, 1'000'000, 2'000'000, 5'000'000, 20'000'000};
  const std::vector<double> p = WarsTVisibility(c, ts, kTrials, 7);
  for (size_t i = 0; i < ts.size(); ++i) {
    const double expected = 1 - std::exp(-static_cast<double>(ts[i]) / mean_ns) / 2;
    EXPECT_NEAR(p[i], expected, 0.005) << "t=" << ts[i];
  }
}

TEST(PbsWarsTest, MonotoneInTAndDeterministic) {
  const std::vector<Nanos> ts = {0, 100'000, 1'000'000, 3'000'000, 10'000'000};
  const std::vector<double> a = WarsTVisibility(AllExponential(3, 1, 1, 1e6), ts, 50'000, 3);
  const std::vector<double> b = WarsTVisibility(AllExponential(3, 1, 1, 1e6), ts, 50'000, 3);
  EXPECT_EQ(a, b);
  for (size_t i = 1; i < a.size(); ++i) EXPECT_LE(a[i - 1], a[i]);
  EXPECT_LT(a[0], 0.9);  // R = W = 1 of 3: often stale right after the commit
  EXPECT_GT(a.back(), 0.99);
}

// More replicas in either quorum never make a read staler (same draws, larger quorum).
TEST(PbsWarsTest, LargerQuorumsAreFresher) {
  const std::vector<Nanos> ts = {0, 500'000};
  const std::vector<double> r1w1 = WarsTVisibility(AllExponential(3, 1, 1, 1e6), ts, 50'000, 5);
  const std::vector<double> r1w2 = WarsTVisibility(AllExponential(3, 1, 2, 1e6), ts, 50'000, 5);
  const std::vector<double> r2w1 = WarsTVisibility(AllExponential(3, 2, 1, 1e6), ts, 50'000, 5);
  EXPECT_GT(r1w2[0], r1w1[0]);
  EXPECT_GT(r2w1[0], r1w1[0]);
}

}  // namespace
}  // namespace faultline::pbs
