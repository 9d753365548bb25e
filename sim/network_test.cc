#include "sim/network.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace faultline::sim {
namespace {

constexpr EndpointId kN1 = 0, kN2 = 1, kN3 = 2, kC1 = 3;

struct HeartbeatMsg {
  static constexpr std::string_view kKind = "heartbeat";
  int64_t epoch = 0;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
  }
};

struct RequestMsg {
  static constexpr std::string_view kKind = "request";
  int64_t op = 0;
  template <class V>
  void Fields(V& v) {
    v("op", op);
  }
};

class NetworkTest : public ::testing::Test {
 protected:
  NetworkTest() {
    heartbeat_ = kinds_.Add<HeartbeatMsg>();
    request_ = kinds_.Add<RequestMsg>();
  }
  Network Make(const NetworkSpec& spec, uint64_t seed = 1) const {
    return Network({"n1", "n2", "n3", "c1"}, spec, kinds_, Rng(seed));
  }
  // Latency of one delivered send over a constant-latency link, sent at time 0.
  static Nanos LatencyOf(Network& net, EndpointId from, EndpointId to, MessageKind kind) {
    Network::Plan p = net.PlanSend(0, from, to, kind);
    EXPECT_TRUE(p.drop_reason.empty()) << p.drop_reason;
    return p.deliver_at[0];
  }

  MessageKinds kinds_;
  MessageKind heartbeat_ = 0;
  MessageKind request_ = 0;
};

TEST_F(NetworkTest, NoLossAlwaysDeliversOneCopy) {
  NetworkSpec spec;
  spec.defaults.latency = Distribution::Exponential(1 * kMillisecond);
  Network net = Make(spec);
  EXPECT_EQ(net.endpoints(), 4);
  for (int i = 0; i < 1000; ++i) {
    Network::Plan p = net.PlanSend(i * kMicrosecond, kN1, kN2, request_);
    ASSERT_TRUE(p.drop_reason.empty());
    ASSERT_EQ(p.copies, 1);
    ASSERT_GE(p.deliver_at[0], i * kMicrosecond);
  }
}

TEST_F(NetworkTest, FullLossAlwaysDrops) {
  NetworkSpec spec;
  spec.defaults.loss_ppm = 1'000'000;
  Network net = Make(spec);
  for (int i = 0; i < 1000; ++i) {
    Network::Plan p = net.PlanSend(0, kN1, kN2, request_);
    ASSERT_EQ(p.drop_reason, "loss");
    ASSERT_EQ(p.copies, 0);
  }
}

TEST_F(NetworkTest, FullDuplicationMakesTwoCopies) {
  NetworkSpec spec;
  spec.defaults.duplicate_ppm = 1'000'000;
  spec.defaults.latency = Distribution::Constant(2 * kMillisecond);
  Network net = Make(spec);
  for (int i = 0; i < 100; ++i) {
    Network::Plan p = net.PlanSend(10 * kMillisecond, kN2, kN3, request_);
    ASSERT_TRUE(p.drop_reason.empty());
    ASSERT_EQ(p.copies, 2);
    EXPECT_EQ(p.deliver_at[0], 12 * kMillisecond);
    EXPECT_EQ(p.deliver_at[1], 12 * kMillisecond);
  }
}

TEST_F(NetworkTest, FifoDeliveriesNeverOvertakeOnALink) {
  NetworkSpec spec;
  spec.defaults.latency = Distribution::Exponential(5 * kMillisecond);
  spec.defaults.duplicate_ppm = 200'000;
  Network net = Make(spec, 7);
  Nanos last_12 = 0, last_21 = 0;
  for (int i = 0; i < 5000; ++i) {
    const Nanos now = (i / 3) * 100 * kMicrosecond;  // some sends share an instant
    Network::Plan a = net.PlanSend(now, kN1, kN2, request_);
    for (int c = 0; c < a.copies; ++c) {
      ASSERT_GE(a.deliver_at[c], last_12) << "send " << i;
      ASSERT_GE(a.deliver_at[c], now);
      last_12 = a.deliver_at[c];
    }
    // The reverse link keeps its own order, independent of the forward one.
    Network::Plan b = net.PlanSend(now, kN2, kN1, request_);
    for (int c = 0; c < b.copies; ++c) {
      ASSERT_GE(b.deliver_at[c], last_21);
      last_21 = b.deliver_at[c];
    }
  }
}

TEST_F(NetworkTest, ReorderAllowsOvertaking) {
  NetworkSpec spec;
  spec.defaults.latency = Distribution::Exponential(5 * kMillisecond);
  spec.defaults.reorder = true;
  Network net = Make(spec, 7);
  int overtakes = 0;
  Nanos last = 0;
  for (int i = 0; i < 1000; ++i) {
    Network::Plan p = net.PlanSend(i * 100 * kMicrosecond, kN1, kN2, request_);
    ASSERT_EQ(p.copies, 1);
    if (p.deliver_at[0] < last) ++overtakes;
    last = p.deliver_at[0];
  }
  EXPECT_GT(overtakes, 10);
}

TEST_F(NetworkTest, BlockedLinkDropsAsPartitionUntilHealed) {
  Network net = Make(NetworkSpec{});
  EXPECT_TRUE(net.Connected(kN1, kN2));
  EXPECT_FALSE(net.AnyPartition());
  net.SetBlocked(kN1, kN2, true);
  EXPECT_FALSE(net.Connected(kN1, kN2));
  EXPECT_TRUE(net.Connected(kN2, kN1));  // links are directed
  EXPECT_TRUE(net.AnyPartition());
  EXPECT_EQ(net.PlanSend(0, kN1, kN2, request_).drop_reason, "partition");
  EXPECT_TRUE(net.PlanSend(0, kN2, kN1, request_).drop_reason.empty());
  net.SetBlocked(kN3, kC1, true);
  net.HealPartitions();
  EXPECT_TRUE(net.Connected(kN1, kN2));
  EXPECT_TRUE(net.Connected(kN3, kC1));
  EXPECT_FALSE(net.AnyPartition());
  EXPECT_TRUE(net.PlanSend(0, kN1, kN2, request_).drop_reason.empty());
  net.SetBlocked(kN1, kN2, true);
  net.SetBlocked(kN1, kN2, false);
  EXPECT_TRUE(net.Connected(kN1, kN2));
}

TEST_F(NetworkTest, PartitionTakesPrecedenceOverLoss) {
  NetworkSpec spec;
  spec.defaults.loss_ppm = 1'000'000;
  Network net = Make(spec);
  net.SetBlocked(kN1, kN3, true);
  EXPECT_EQ(net.PlanSend(0, kN1, kN3, request_).drop_reason, "partition");
}

TEST_F(NetworkTest, KindLatencyOverridesOnlyThatKind) {
  NetworkSpec spec;
  spec.kind_latency.emplace("heartbeat", Distribution::Constant(50 * kMillisecond));
  spec.kind_latency.emplace("no-such-kind", Distribution::Constant(9 * kSecond));
  Network net = Make(spec);
  EXPECT_EQ(LatencyOf(net, kN1, kN2, heartbeat_), 50 * kMillisecond);
  EXPECT_EQ(LatencyOf(net, kN1, kN3, request_), 1 * kMillisecond);  // the default link
  EXPECT_EQ(LatencyOf(net, kC1, kN3, heartbeat_), 50 * kMillisecond);
}

TEST_F(NetworkTest, LinkOverridesByNameAndWildcard) {
  NetworkSpec spec;
  LinkOverride slow;
  slow.from = "n1";
  slow.to = "n2";
  slow.latency = Distribution::Constant(10 * kMillisecond);
  LinkOverride into_n3;
  into_n3.to = "n3";  // from "*"
  into_n3.loss_ppm = 1'000'000;
  spec.links = {slow, into_n3};
  Network net = Make(spec);
  EXPECT_EQ(LatencyOf(net, kN1, kN2, request_), 10 * kMillisecond);
  EXPECT_EQ(LatencyOf(net, kN2, kN1, request_), 1 * kMillisecond);
  EXPECT_EQ(LatencyOf(net, kN1, kC1, request_), 1 * kMillisecond);
  for (EndpointId from : {kN1, kN2, kC1}) {
    EXPECT_EQ(net.PlanSend(0, from, kN3, request_).drop_reason, "loss") << from;
  }
  EXPECT_EQ(LatencyOf(net, kN3, kN1, request_), 1 * kMillisecond);
}

TEST_F(NetworkTest, LaterOverridesWinAndUnsetFieldsAreKept) {
  NetworkSpec spec;
  LinkOverride first;
  first.latency = Distribution::Constant(10 * kMillisecond);
  first.loss_ppm = 1'000'000;
  LinkOverride second;
  second.from = "n2";
  second.loss_ppm = 0;
  spec.links = {first, second};
  Network net = Make(spec);
  EXPECT_EQ(net.PlanSend(0, kN1, kN2, request_).drop_reason, "loss");
  EXPECT_EQ(LatencyOf(net, kN2, kN1, request_), 10 * kMillisecond);
}

// Applies one override as a degradation layer; returns the trace description.
std::string Degrade(Network& net, const LinkOverride& o, uint64_t* id = nullptr) {
  std::string what;
  const uint64_t layer = net.DegradeLinks({o}, &what);
  if (id != nullptr) *id = layer;
  return what;
}

TEST_F(NetworkTest, DegradeLinksAppliesUntilRestored) {
  NetworkSpec spec;
  LinkOverride base;
  base.from = "n1";
  base.latency = Distribution::Constant(4 * kMillisecond);
  spec.links = {base};
  Network net = Make(spec);
  LinkOverride layer;
  layer.from = "n1";
  layer.loss_ppm = 1'000'000;
  uint64_t id = 0;
  EXPECT_EQ(Degrade(net, layer, &id), "n1->*: loss 100%");
  EXPECT_EQ(net.PlanSend(0, kN1, kN2, request_).drop_reason, "loss");
  EXPECT_EQ(LatencyOf(net, kN2, kN1, request_), 1 * kMillisecond);  // other links untouched
  net.RestoreLinks(id + 1);  // another layer's id: nothing changes
  EXPECT_EQ(net.PlanSend(0, kN1, kN2, request_).drop_reason, "loss");
  net.RestoreLinks(id);
  // The scenario's own override survives the restore.
  EXPECT_EQ(LatencyOf(net, kN1, kN2, request_), 4 * kMillisecond);
}

TEST_F(NetworkTest, DegradeDescriptionListsEveryField) {
  Network net = Make(NetworkSpec{});
  LinkOverride layer;
  layer.latency = Distribution::Constant(5 * kMillisecond);
  layer.loss_ppm = 10'000;
  layer.duplicate_ppm = 5'000;
  layer.reorder = true;
  EXPECT_EQ(Degrade(net, layer), "*->*: latency 5ms loss 1% duplicate 0.5% reorder");
  LinkOverride fifo;
  fifo.to = "c1";
  fifo.reorder = false;
  EXPECT_EQ(Degrade(net, fifo), "*->c1: fifo");
  EXPECT_EQ(LatencyOf(net, kN1, kN2, request_), 5 * kMillisecond);
}

TEST_F(NetworkTest, SameSeedSamePlans) {
  NetworkSpec spec;
  spec.defaults.latency = Distribution::Exponential(1 * kMillisecond);
  spec.defaults.loss_ppm = 100'000;
  Network a = Make(spec, 3);
  Network b = Make(spec, 3);
  for (int i = 0; i < 200; ++i) {
    Network::Plan pa = a.PlanSend(i, kN1, kN3, request_);
    Network::Plan pb = b.PlanSend(i, kN1, kN3, request_);
    ASSERT_EQ(pa.drop_reason, pb.drop_reason);
    ASSERT_EQ(pa.deliver_at[0], pb.deliver_at[0]);
  }
}

}  // namespace
}  // namespace faultline::sim
