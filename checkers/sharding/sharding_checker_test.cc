#include "checkers/sharding/sharding_checker.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "checkers/sharding/shard_history.h"

namespace faultline::checkers::sharding {
namespace {

// A router's load line for `shard` at `time_ns` (window 100 ns).
std::string LoadLine(int64_t time_ns, const std::string& router, const std::string& shard,
                     int64_t requests, const std::string& extra = "") {
  return absl::StrCat(R"({"time":)", time_ns, R"(,"node":")", router,
                      R"(","type":"observe","f":"load","key":")", shard, R"(","value":)", requests,
                      R"(,"detail":{"window_ns":100)", extra, "}}\n");
}

std::string PhaseLine(int64_t time_ns, const std::string& m, const std::string& phase) {
  return absl::StrCat(R"({"time":)", time_ns,
                      R"(,"node":"router","type":"observe","f":"phase","key":")", m,
                      R"(","value":")", phase, R"(","detail":{"from":0,"to":3,"keys":10}})", "\n");
}

ShardReport Check(const std::string& text) {
  absl::StatusOr<ShardHistory> h = ReadShardHistoryText(text, "h.jsonl");
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? CheckSharding(*h) : ShardReport{};
}

std::string AllPhases(const std::string& m, int64_t start_ns) {
  std::string text;
  int64_t t = start_ns;
  for (const char* p : {"registration", "bulk-import", "async-replication", "validation", "cutover",
                        "cleanup", "done"}) {
    text += PhaseLine(t, m, p);
    t += 10;
  }
  return text;
}

TEST(ShardingCheckerTest, ImbalanceIsMaxOverMean) {
  EXPECT_DOUBLE_EQ(Imbalance({10, 10, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(Imbalance({30, 10, 0, 0}), 3.0);  // mean 10, busiest 30
  EXPECT_DOUBLE_EQ(Imbalance({0, 0}), 0.0);
}

TEST(ShardingCheckerTest, SeveralRoutersAreSummedPerWindowAndShard) {
  // Two routers each see part of each shard's traffic; r2's timer fires 3 ns late, still
  // in the same window. Window 100: shard0 6+6=12, shard1 2+2=4: imbalance 12/8 = 1.5.
  // Window 200: 5 and 5: imbalance 1. A router's counters stand on each of its lines of a
  // window and count once: directory_misses 3 + 1.
  const std::string text =
      LoadLine(100, "r1", "shard0", 6, R"(,"hot_key":"k0","hot_key_requests":5)") +
      LoadLine(100, "r1", "shard1", 2) +
      LoadLine(103, "r2", "shard0", 6, R"(,"directory_misses":3)") +
      LoadLine(103, "r2", "shard1", 2, R"(,"directory_misses":3)") +
      LoadLine(200, "r1", "shard0", 5, R"(,"hot_key":"k0","hot_key_requests":1)") +
      LoadLine(200, "r1", "shard1", 0, R"(,"hot_key":"","hot_key_requests":0)") +
      LoadLine(200, "r2", "shard1", 5, R"(,"directory_misses":1)");
  const ShardReport r = Check(text);
  EXPECT_TRUE(r.Valid());
  ASSERT_EQ(r.windows.size(), 2u);
  EXPECT_EQ(r.windows[0].window_end_ns, 100);
  EXPECT_EQ(r.windows[0].requests, 16);
  EXPECT_DOUBLE_EQ(r.windows[0].imbalance, 1.5);
  EXPECT_DOUBLE_EQ(r.windows[1].imbalance, 1.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("imbalance_mean"), 1.25);
  EXPECT_DOUBLE_EQ(r.metrics.at("imbalance_max"), 1.5);
  EXPECT_DOUBLE_EQ(r.metrics.at("imbalance_p50"), 1.0);
  EXPECT_EQ(r.metrics.at("requests_routed"), 26);
  EXPECT_EQ(r.metrics.at("shards"), 2);
  EXPECT_EQ(r.hot_shard, "shard0");
  EXPECT_DOUBLE_EQ(r.metrics.at("hot_shard_share"), 17.0 / 26);
  EXPECT_DOUBLE_EQ(r.metrics.at("hot_key_share"), 6.0 / 26);
  EXPECT_EQ(r.metrics.at("directory_misses"), 4);
  EXPECT_EQ(r.metrics.count("directory_unavailable"), 0u);  // never written
}

// A router's counter named like one of the checker's metrics does not replace it.
TEST(ShardingCheckerTest, RouterCountersDoNotReplaceMetrics) {
  const ShardReport r = Check(LoadLine(100, "r1", "shard0", 3, R"(,"shards":99,"retries":2)"));
  EXPECT_EQ(r.metrics.at("shards"), 1);
  EXPECT_EQ(r.metrics.at("retries"), 2);
}

TEST(ShardingCheckerTest, CompleteMigrationIsValid) {
  const ShardReport r = Check(AllPhases("m1", 1000));
  EXPECT_TRUE(r.Valid());
  ASSERT_EQ(r.migrations.size(), 1u);
  EXPECT_TRUE(r.migrations[0].done);
  EXPECT_EQ(r.migrations[0].duration_ns, 60);
  EXPECT_EQ(r.migrations[0].detail.at("to"), 3);
  EXPECT_EQ(r.metrics.at("migrations"), 1);
  EXPECT_EQ(r.metrics.at("migrations_done"), 1);
  EXPECT_EQ(r.metrics.at("migration_ns_max"), 60);
}

TEST(ShardingCheckerTest, ValidationMayBeSkippedButNotOtherPhases) {
  std::string text;
  for (const char* p :
       {"registration", "bulk-import", "async-replication", "cutover", "cleanup", "done"}) {
    text += PhaseLine(static_cast<int64_t>(text.size()), "m1", p);
  }
  EXPECT_TRUE(Check(text).Valid());
  text.clear();
  for (const char* p : {"registration", "bulk-import", "cutover", "cleanup", "done"}) {
    text += PhaseLine(static_cast<int64_t>(text.size()), "m2", p);
  }
  const ShardReport r = Check(text);
  ASSERT_FALSE(r.Valid());
  ASSERT_EQ(r.anomalies.count("phase-order"), 1u);
  EXPECT_NE(r.anomalies.at("phase-order").examples[0].find("async-replication left out"),
            std::string::npos)
      << r.anomalies.at("phase-order").examples[0];
}

// kv.sharded writes a validation line per pass, comparing again while copies still land.
TEST(ShardingCheckerTest, ValidationMayRepeatOtherPhasesMayNot) {
  std::string text;
  for (const char* p : {"registration", "bulk-import", "async-replication", "validation",
                        "validation", "cutover", "cleanup", "done"}) {
    text += PhaseLine(static_cast<int64_t>(text.size()), "m1", p);
  }
  EXPECT_TRUE(Check(text).Valid());
  text.clear();
  for (const char* p : {"registration", "bulk-import", "bulk-import", "async-replication",
                        "cutover", "cleanup", "done"}) {
    text += PhaseLine(static_cast<int64_t>(text.size()), "m2", p);
  }
  const ShardReport r = Check(text);
  ASSERT_FALSE(r.Valid());
  EXPECT_NE(r.anomalies.at("phase-order").examples[0].find("m2: bulk-import (line 3"),
            std::string::npos)
      << r.anomalies.at("phase-order").examples[0];
}

TEST(ShardingCheckerTest, PhasesOutOfOrderAreAnAnomaly) {
  const std::string text =
      PhaseLine(10, "m1", "registration") + PhaseLine(20, "m1", "bulk-import") +
      PhaseLine(30, "m1", "async-replication") + PhaseLine(40, "m1", "cutover") +
      PhaseLine(50, "m1", "bulk-import") + PhaseLine(60, "m1", "cleanup") +
      PhaseLine(70, "m1", "done") + PhaseLine(80, "m2", "cutover");
  const ShardReport r = Check(text);
  ASSERT_FALSE(r.Valid());
  const ShardAnomaly& a = r.anomalies.at("phase-order");
  EXPECT_EQ(a.count, 2);
  EXPECT_NE(a.examples[0].find("m1: bulk-import (line 5"), std::string::npos) << a.examples[0];
  EXPECT_NE(a.examples[0].find("after cutover (line 4)"), std::string::npos) << a.examples[0];
  EXPECT_NE(a.examples[1].find("m2: cutover (line 8"), std::string::npos) << a.examples[1];
  EXPECT_NE(a.examples[1].find("before any registration"), std::string::npos);
}

TEST(ShardingCheckerTest, MigrationNeverDoneIsAnAnomaly) {
  const std::string text = AllPhases("m1", 0) + PhaseLine(500, "m2", "registration") +
                           PhaseLine(600, "m2", "bulk-import") + LoadLine(900, "r1", "shard0", 1);
  const ShardReport r = Check(text);
  ASSERT_FALSE(r.Valid());
  EXPECT_EQ(r.anomalies.count("phase-order"), 0u);
  const ShardAnomaly& a = r.anomalies.at("migration-unfinished");
  EXPECT_EQ(a.count, 1);
  EXPECT_NE(a.examples[0].find("m2: registered at t="), std::string::npos) << a.examples[0];
  EXPECT_NE(a.examples[0].find("last phase bulk-import"), std::string::npos) << a.examples[0];
  EXPECT_EQ(r.metrics.at("migrations_done"), 1);
}

TEST(ShardingCheckerTest, KeysMovedAndCutoverLatency) {
  const std::string text =
      R"({"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":1}
{"time":10,"process":1,"type":"ok","f":"write","key":"k1","value":1}
{"time":95,"process":2,"type":"invoke","f":"write","key":"k2","value":1}
{"time":195,"process":2,"type":"ok","f":"write","key":"k2","value":1}
{"time":200,"node":"router","type":"observe","f":"cutover","key":"m1","value":20,"detail":{"held":3,"failed":1}}
{"time":300,"process":3,"type":"invoke","f":"multi-read","key":null,"value":null}
{"time":340,"process":3,"type":"ok","f":"multi-read","key":null,"value":[["k1",1]]}
{"time":400,"node":"router","type":"observe","f":"topology","key":"add shard4","value":7962,"detail":{"keys":10000,"strategy":"hash-mod","from_shards":4,"to_shards":5}}
{"time":500,"node":"router","type":"observe","f":"topology","key":"split shard1 at k12","value":500,"detail":{"keys":10000}}
)";
  // The op invoked at 195... is not in [180, 200]; the one at 95 is not either. Add one
  // that is: invoked at 185.
  const std::string held =
      R"({"time":185,"process":4,"type":"invoke","f":"read","key":"k2","value":null}
{"time":260,"process":4,"type":"ok","f":"read","key":"k2","value":1}
)";
  const ShardReport r = Check(text + held);
  EXPECT_TRUE(r.Valid());
  EXPECT_EQ(r.metrics.at("topology_changes"), 2);
  EXPECT_EQ(r.metrics.at("keys_moved"), 8462);
  EXPECT_DOUBLE_EQ(r.metrics.at("keys_moved_fraction"), 0.05);
  EXPECT_EQ(r.metrics.at("cutover_hold_ns_max"), 20);
  EXPECT_EQ(r.metrics.at("cutover_held"), 3);
  EXPECT_EQ(r.metrics.at("cutover_failed"), 1);
  EXPECT_EQ(r.metrics.at("cutover_latency_p99_ns"), 75);
  EXPECT_EQ(r.metrics.at("latency_p99_ns"), 100);
  EXPECT_EQ(r.metrics.at("latency_p50_ns"), 40);
  EXPECT_EQ(r.metrics.at("multi_read_latency_p50_ns"), 40);
  EXPECT_EQ(r.metrics.count("imbalance_mean"), 0u);  // no load lines
}

TEST(ShardingCheckerTest, NoMultiReadNoMultiReadMetric) {
  const ShardReport r = Check(LoadLine(100, "r1", "shard0", 3));
  EXPECT_EQ(r.metrics.count("multi_read_latency_p99_ns"), 0u);
  EXPECT_DOUBLE_EQ(r.metrics.at("imbalance_max"), 1.0);
}

TEST(ShardingCheckerTest, ReadsKvMultiOpsAndMeasuresTheirLatency) {
  // kv.sharded's kv-multi workload: list keys, a multi-read's list of values.
  const ShardReport r = Check(
      R"({"time":0,"process":1,"op":1,"client":"c2","type":"invoke","f":"multi-write","key":["k1","k7"],"value":5}
{"time":30,"process":1,"op":1,"client":"c2","type":"ok","f":"multi-write","key":["k1","k7"],"value":5}
{"time":40,"process":2,"op":2,"client":"c3","type":"invoke","f":"multi-read","key":["k1","k7"],"value":null}
{"time":60,"process":2,"op":2,"client":"c3","type":"ok","f":"multi-read","key":["k1","k7"],"value":[5,null]}
{"time":70,"process":1,"op":3,"client":"c2","type":"invoke","f":"multi-write","key":["k2","k3"],"value":6}
)" + LoadLine(100, "r1", "shard0", 3));
  EXPECT_TRUE(r.Valid());
  EXPECT_EQ(r.metrics.at("multi_read_latency_p50_ns"), 20);
  EXPECT_EQ(r.metrics.at("multi_write_latency_p99_ns"), 30);
}

}  // namespace
}  // namespace faultline::checkers::sharding
