#include "models/quorum/quorum_node.h"

#include <gtest/gtest.h>

#include <string>

#include "models/quorum/quorum_test_cluster.h"

namespace faultline::models {
namespace {

using sim::Value;
using testing::FakeContext;
using testing::QuorumTestCluster;

QuorumOptions Options(int n, int r, int w) {
  QuorumOptions o;
  o.n = n;
  o.r = r;
  o.w = w;
  return o;
}

// The preference list of `key` in a cluster of `nodes`.
std::vector<sim::EndpointId> Pref(const std::string& key, int nodes, int n) {
  std::vector<sim::EndpointId> members;
  for (int i = 0; i < nodes; ++i) members.push_back(i);
  return HashRing(members).PreferenceList(Value::Str(key), n);
}

TEST(QuorumNodeTest, WriteThenReadThroughAnyCoordinator) {
  QuorumTestCluster c(3, Options(3, 2, 2));
  ASSERT_TRUE(c.Write(0, "k1", 5));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Read(i, "k1"), Value::Int(5)) << "via n" << i + 1;
  EXPECT_EQ(c.Read(1, "k2"), Value());  // never written: not found
  // The coordinator sent to itself over the network like any replica.
  EXPECT_EQ(c.SentCount("put"), 3);
  EXPECT_EQ(c.node(0).pending_requests(), 0u);
}

TEST(QuorumNodeTest, AckedWritesSurviveACrash) {
  QuorumTestCluster c(3, Options(3, 2, 3));
  ASSERT_TRUE(c.Write(0, "k1", 5));
  c.Crash(1);
  c.Restart(1);
  EXPECT_EQ(c.Stored(1, "k1"), Value::Int(5));
}

TEST(QuorumNodeTest, CasIsRefused) {
  QuorumTestCluster c(3, Options(3, 2, 2));
  std::optional<sim::ClientReply> r =
      c.Request(0, "cas", "k1", Value::List({Value(), Value::Int(1)}), 20 * sim::kMillisecond);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->ok);
}

TEST(QuorumNodeTest, ShortReadFailsAndShortWriteStaysUnanswered) {
  QuorumTestCluster c(3, Options(3, 2, 2));
  c.Isolate(0);
  const uint64_t read = c.Submit(0, "read", "k1");
  const uint64_t write = c.Submit(0, "write", "k1", Value::Int(3));
  c.RunFor(400 * sim::kMillisecond);
  EXPECT_FALSE(c.ReplyTo(read).has_value());  // still waiting within request_timeout
  c.RunFor(200 * sim::kMillisecond);
  ASSERT_TRUE(c.ReplyTo(read).has_value());
  EXPECT_FALSE(c.ReplyTo(read)->ok);
  EXPECT_FALSE(c.ReplyTo(write).has_value());  // n1 applied it: indeterminate, not fail
  EXPECT_EQ(c.node(0).pending_requests(), 0u);
}

TEST(QuorumNodeTest, LwwClockSkewSilentlyLosesAnAcknowledgedWrite) {
  QuorumTestCluster c(3, Options(3, 2, 2));
  c.SetClockOffset(1, -sim::kSecond);  // n2's clock is a second behind
  ASSERT_TRUE(c.Write(0, "k1", 1));
  ASSERT_TRUE(c.Write(1, "k1", 2));           // later in true time, acknowledged...
  EXPECT_EQ(c.Read(2, "k1"), Value::Int(1));  // ...and lost to the older write
  c.SetClockOffset(1, 0);
  ASSERT_TRUE(c.Write(1, "k1", 3));
  EXPECT_EQ(c.Read(2, "k1"), Value::Int(3));
}

TEST(QuorumNodeTest, VectorClocksKeepConcurrentWritesAsSiblings) {
  QuorumOptions o = Options(3, 2, 2);
  o.versions = QuorumOptions::Versions::kVector;
  QuorumTestCluster c(3, o);
  // Two coordinators write at the same instant, neither having seen the other's write.
  const uint64_t a = c.Submit(0, "write", "k1", Value::Int(1));
  const uint64_t b = c.Submit(1, "write", "k1", Value::Int(2));
  c.RunFor(20 * sim::kMillisecond);
  ASSERT_TRUE(c.ReplyTo(a)->ok);
  ASSERT_TRUE(c.ReplyTo(b)->ok);
  EXPECT_EQ(c.Read(2, "k1"), Value::List({Value::Int(1), Value::Int(2)}));
  // A write coordinated by a node holding both siblings supersedes them.
  ASSERT_TRUE(c.Write(0, "k1", 3));
  EXPECT_EQ(c.Read(2, "k1"), Value::Int(3));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Stored(i, "k1"), Value::Int(3));
}

TEST(QuorumNodeTest, ReadRepairFixesAStaleReplica) {
  for (const bool repair : {true, false}) {
    QuorumOptions o = Options(3, 2, 2);
    o.read_repair = repair;
    QuorumTestCluster c(3, o);
    c.Isolate(2);
    ASSERT_TRUE(c.Write(0, "k1", 7));
    c.Isolate(2, /*cut=*/false);
    c.RunFor(600 * sim::kMillisecond);  // the write's request times out
    EXPECT_EQ(c.Stored(2, "k1"), Value());
    EXPECT_EQ(c.Read(1, "k1"), Value::Int(7));
    EXPECT_EQ(c.Stored(2, "k1"), repair ? Value::Int(7) : Value()) << "repair=" << repair;
    EXPECT_EQ(c.SentCount("read_repair"), repair ? 1 : 0);
  }
}

TEST(QuorumNodeTest, HintedHandoffKeepsWritesAvailableAndDeliversHintsAfterHeal) {
  const std::vector<sim::EndpointId> pref = Pref("k1", 5, 3);
  const int coordinator = pref[0];
  const int down = pref[2];
  for (const bool sloppy : {true, false}) {
    QuorumOptions o = Options(3, 2, 3);
    o.hinted_handoff = sloppy;
    QuorumTestCluster c(5, o);
    c.Isolate(down);
    std::optional<sim::ClientReply> r =
        c.Request(coordinator, "write", "k1", Value::Int(9), 100 * sim::kMillisecond);
    if (!sloppy) {
      EXPECT_FALSE(r.has_value());  // strict: w=3 of the preference list cannot be met
      continue;
    }
    ASSERT_TRUE(r.has_value() && r->ok);  // a stand-in's ack counted toward w
    EXPECT_TRUE(c.node(coordinator).suspects(down));
    int hints = 0;
    for (int i = 0; i < 5; ++i) hints += static_cast<int>(c.node(i).store().hints().size());
    EXPECT_EQ(hints, 1);
    EXPECT_EQ(c.Stored(down, "k1"), Value());
    // A hint is synced before its ack: the stand-in keeps it across a crash.
    for (int i = 0; i < 5; ++i) {
      if (c.node(i).store().hints().empty()) continue;
      c.Crash(i);
      c.Restart(i);
      EXPECT_EQ(c.node(i).store().hints().size(), 1u);
    }
    c.HealAll();
    c.RunFor(300 * sim::kMillisecond);
    EXPECT_EQ(c.Stored(down, "k1"), Value::Int(9));
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(c.node(i).store().hints().empty()) << i;
    // The next request finds the replica trusted again.
    EXPECT_EQ(c.Read(coordinator, "k1"), Value::Int(9));
    EXPECT_FALSE(c.node(coordinator).suspects(down));
  }
}

TEST(QuorumNodeTest, AntiEntropyConvergesDivergedReplicasInBothModes) {
  for (const auto mode :
       {QuorumOptions::AntiEntropyMode::kMerkle, QuorumOptions::AntiEntropyMode::kFullSync}) {
    QuorumOptions o = Options(3, 1, 1);
    o.read_repair = false;
    o.anti_entropy_ns = 100 * sim::kMillisecond;
    o.anti_entropy_mode = mode;
    QuorumTestCluster c(3, o);
    c.Isolate(2);
    for (int k = 0; k < 8; ++k) ASSERT_TRUE(c.Write(0, "k" + std::to_string(k), 10 + k));
    EXPECT_EQ(c.Stored(2, "k0"), Value());
    c.HealAll();
    c.RunFor(500 * sim::kMillisecond);
    for (int k = 0; k < 8; ++k) {
      EXPECT_EQ(c.Stored(2, "k" + std::to_string(k)), Value::Int(10 + k)) << "k" << k;
    }
    // Converged: merkle rounds now send only digests; full-sync keeps sending every key.
    const int syncs = c.SentCount("ae_sync");
    c.RunFor(sim::kSecond);
    if (mode == QuorumOptions::AntiEntropyMode::kMerkle) {
      EXPECT_GT(c.SentCount("ae_digest"), 0);
      EXPECT_EQ(c.SentCount("ae_sync"), syncs);
    } else {
      EXPECT_EQ(c.SentCount("ae_digest"), 0);
      EXPECT_GT(c.SentCount("ae_sync"), syncs + 10);
    }
  }
}

TEST(QuorumNodeTest, WithoutAntiEntropyOrRepairAStaleReplicaStaysStale) {
  QuorumOptions o = Options(3, 1, 1);
  o.read_repair = false;
  QuorumTestCluster c(3, o);
  c.Isolate(2);
  ASSERT_TRUE(c.Write(0, "k0", 1));
  c.HealAll();
  c.RunFor(2 * sim::kSecond);
  EXPECT_EQ(c.Stored(2, "k0"), Value());
}

TEST(QuorumNodeTest, BugNoVersionCompareLetsAnOldWriteOverwriteANewOne) {
  for (const bool bug : {false, true}) {
    QuorumOptions o = Options(1, 1, 1);
    o.bug_no_version_compare = bug;
    FakeContext ctx(0, 1);
    QuorumNode node(o);
    node.OnStart(ctx);
    const Value key = Value::Str("k1");
    auto put = [&](int64_t value, int64_t ts) {
      node.OnMessage(
          FakeContext::From(
              0, QuorumPut{.req = 1,
                           .key = key,
                           .versions = {Version{
                               .value = Value::Int(value), .ts = ts, .writer = 0, .clock = {}}},
                           .hint_for = -1}),
          ctx);
    };
    put(2, 200);  // the newer write arrives first
    put(1, 100);  // a delayed older one
    EXPECT_EQ(ReadValue(*node.store().Find(key)), Value::Int(bug ? 1 : 2)) << "bug=" << bug;
  }
}

TEST(QuorumNodeTest, BugCoordinatorReturnsTheFirstReplyNotTheNewest) {
  // The stale node coordinates the read and is first in the key's preference list, so
  // its own (not found) reply is the first to arrive.
  const int stale = Pref("k1", 3, 3)[0];
  const int writer = (stale + 1) % 3;
  for (const bool bug : {true, false}) {
    QuorumOptions o = Options(3, 3, 1);
    o.bug_no_version_compare = bug;
    o.read_repair = false;
    QuorumTestCluster c(3, o);
    c.Isolate(stale);
    ASSERT_TRUE(c.Write(writer, "k1", 4));
    c.HealAll();
    c.RunFor(600 * sim::kMillisecond);
    EXPECT_EQ(c.Read(stale, "k1"), bug ? Value() : Value::Int(4)) << "bug=" << bug;
  }
}

}  // namespace
}  // namespace faultline::models
