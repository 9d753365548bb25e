#include "models/log/controller.h"

#include <gtest/gtest.h>

#include "models/testing/fake_context.h"

namespace faultline::models {
namespace {

using testing::FakeContext;

// Four brokers, four partitions, replication factor 3: partition 1 on n2, n3, n4 (n1, the
// controller, holds none of it); consumers n5, n6; the store n7.
LogOptions Options(bool unclean) {
  LogOptions o;
  o.node_count = 7;
  o.brokers = 4;
  o.partitions = 4;
  o.replicas = 3;
  o.unclean_leader_election = unclean;
  return o;
}

// Keeps every broker but `dead` alive up to `until_ns`, ticking the controller.
std::vector<LeaderAndIsr> RunUntil(LogController& c, FakeContext& ctx, sim::Nanos until_ns,
                                   std::vector<sim::EndpointId> dead) {
  std::vector<LeaderAndIsr> changes;
  while (ctx.now_ns < until_ns) {
    ctx.now_ns += kHeartbeatIntervalNs;
    for (sim::EndpointId b = 1; b < 4; ++b) {
      if (std::find(dead.begin(), dead.end(), b) != dead.end()) continue;
      bool all = false;
      for (const LeaderAndIsr& m : c.OnBrokerHeartbeat(b, BrokerHeartbeat{}, ctx, &all)) {
        changes.push_back(m);
      }
    }
    for (const LeaderAndIsr& m : c.Tick(ctx)) changes.push_back(m);
  }
  return changes;
}

TEST(ControllerTest, ElectsTheNextInSyncReplica) {
  FakeContext ctx(0, 7);
  LogController c(Options(false));
  c.Start(ctx);
  EXPECT_EQ(c.metadata()[1].leader, 1);
  RunUntil(c, ctx, 2 * sim::kSecond, {1});  // n2 dies
  EXPECT_EQ(c.metadata()[1].leader, 2);
  EXPECT_EQ(c.metadata()[1].epoch, 1);
  EXPECT_EQ(c.metadata()[1].isr, (std::vector<int64_t>{2, 3}));
}

TEST(ControllerTest, NoLiveInSyncReplicaLeavesThePartitionOfflineUnlessUnclean) {
  for (const bool unclean : {false, true}) {
    FakeContext ctx(0, 7);
    LogController c(Options(unclean));
    c.Start(ctx);
    RunUntil(c, ctx, 1 * sim::kSecond, {2, 3});  // the followers die: isr {n2}
    EXPECT_EQ(c.metadata()[1].isr, (std::vector<int64_t>{1}));
    RunUntil(c, ctx, 2 * sim::kSecond, {1, 2, 3});  // then the leader
    EXPECT_EQ(c.metadata()[1].leader, -1);
    RunUntil(c, ctx, 3 * sim::kSecond, {1});  // the out-of-sync followers come back
    EXPECT_EQ(c.metadata()[1].leader, unclean ? 2 : -1) << "unclean=" << unclean;
    RunUntil(c, ctx, 4 * sim::kSecond, {});  // and the last in-sync one
    EXPECT_EQ(c.metadata()[1].leader, unclean ? 2 : 1) << "unclean=" << unclean;
  }
}

TEST(ControllerTest, RebalancesByRangeAndTakesCommitsFromOwnersOnly) {
  FakeContext ctx(0, 7);
  LogController c(Options(false));
  c.Start(ctx);
  c.OnGroupHeartbeat(4, GroupHeartbeat{}, ctx);
  c.OnGroupHeartbeat(5, GroupHeartbeat{}, ctx);
  const auto assignments = ctx.SentOf<Assignment>();
  ASSERT_EQ(assignments.size(), 3u);  // n5 alone, then n5 and n6
  EXPECT_EQ(assignments[1].second.partitions, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(assignments[2].second.partitions, (std::vector<int64_t>{2, 3}));
  const int64_t generation = assignments[2].second.generation;
  c.OnCommit(5, CommitOffset{.generation = generation, .partition = 0, .offset = 9}, ctx);
  EXPECT_EQ(c.committed(0), 0) << "n6 does not own partition 0";
  c.OnCommit(4, CommitOffset{.generation = generation, .partition = 0, .offset = 9}, ctx);
  EXPECT_EQ(c.committed(0), 9);
  // n6 goes silent: after the session timeout n5 takes everything.
  ctx.now_ns += 700 * sim::kMillisecond;
  c.OnGroupHeartbeat(4, GroupHeartbeat{.generation = generation}, ctx);
  c.Tick(ctx);
  EXPECT_EQ(ctx.SentOf<Assignment>().back().second.partitions,
            (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_NE(ctx.notes.back().find("n6 left"), std::string::npos) << ctx.notes.back();
}

}  // namespace
}  // namespace faultline::models
