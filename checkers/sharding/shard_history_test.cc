#include "checkers/sharding/shard_history.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline::checkers::sharding {
namespace {

std::string ReadError(const std::string& text) {
  absl::StatusOr<ShardHistory> h = ReadShardHistoryText(text, "h.jsonl");
  EXPECT_FALSE(h.ok());
  return h.ok() ? "" : std::string(h.status().message());
}

TEST(ShardHistoryTest, ReadsRouterRecordsAndPairsOps) {
  const std::string text =
      R"({"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":1}
{"time":100,"node":"router","type":"observe","f":"load","key":"shard2","value":7,"detail":{"window_ns":100,"keys":40,"hot_key":"k0","hot_key_requests":4,"directory_unavailable":2}}
{"time":120,"process":1,"type":"fail","f":"write","key":"k1","value":1}
{"time":130,"node":"n3","type":"observe","f":"apply","key":"k1","value":1}
{"time":140,"node":"router","type":"observe","f":"phase","key":"m1","value":"validation","detail":{"from":1,"to":2,"mismatches":0,"note":"x"}}
{"time":150,"process":2,"type":"invoke","f":"read","key":"k1","value":null}
)";
  absl::StatusOr<ShardHistory> h = ReadShardHistoryText(text, "h.jsonl");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->loads.size(), 1u);
  const LoadSample& s = h->loads[0];
  EXPECT_EQ(s.router, "router");
  EXPECT_EQ(s.shard, "shard2");
  EXPECT_EQ(s.requests, 7);
  EXPECT_EQ(s.window_ns, 100);
  EXPECT_EQ(s.keys, 40);
  EXPECT_EQ(s.hot_key, "k0");
  EXPECT_EQ(s.hot_key_requests, 4);
  EXPECT_EQ(s.counters.at("directory_unavailable"), 2);
  ASSERT_EQ(h->phases.size(), 1u);
  EXPECT_EQ(h->phases[0].phase, Phase::kValidation);
  EXPECT_EQ(h->phases[0].detail.at("mismatches"), 0);
  EXPECT_EQ(h->phases[0].detail.count("note"), 0u);  // a string: a fact, not a count
  EXPECT_EQ(h->other_observations, 1);
  EXPECT_EQ(h->observations(), 3);
  ASSERT_EQ(h->ops.size(), 2u);
  EXPECT_EQ(h->ops[0].outcome, OpOutcome::kFail);
  EXPECT_EQ(h->ops[0].complete_ns, 120);
  EXPECT_EQ(h->ops[1].complete_ns, -1);  // still open at the end
  EXPECT_EQ(h->end_ns, 150);
}

TEST(ShardHistoryTest, BadLinesNameTheLineAndWhatWasExpected) {
  const std::string ok =
      R"({"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":1})"
      "\n";
  EXPECT_NE(
      ReadError(
          ok +
          R"({"time":5,"node":"r","type":"observe","f":"load","key":"shard1","value":"7","detail":{"window_ns":10}})")
          .find("h.jsonl:2: expected \"value\" on a load line (requests routed to the "
                "shard) to be an integer"),
      std::string::npos);
  EXPECT_NE(
      ReadError(R"({"time":5,"node":"r","type":"observe","f":"phase","key":"m1","value":"copy"})")
          .find("h.jsonl:1: expected a phase's value to be one of registration"),
      std::string::npos);
  EXPECT_NE(
      ReadError(R"({"time":5,"node":"r","type":"observe","f":"load","key":"shard1","value":7})")
          .find("window_ns"),
      std::string::npos);
  EXPECT_NE(
      ReadError(
          R"({"time":5,"node":"r","type":"observe","f":"load","key":"","value":7,"detail":{"window_ns":10}})")
          .find("the shard's name"),
      std::string::npos);
  EXPECT_NE(
      ReadError(
          R"({"time":5,"node":"r","type":"observe","f":"topology","key":"add shard4","value":11,"detail":{"keys":10}})")
          .find("at most detail \"keys\" (10)"),
      std::string::npos);
  EXPECT_NE(
      ReadError(
          R"({"time":5,"node":"r","type":"observe","f":"cutover","key":"m1","value":9,"detail":{"held":1,"failed":0}})")
          .find("at most its line's time (5)"),
      std::string::npos);
  EXPECT_NE(ReadError(R"({"time":5,"type":"observe","f":"load"})").find("a \"node\" field"),
            std::string::npos);
  EXPECT_NE(ReadError(R"({"time":5,"process":1,"type":"ok","f":"write","value":1})")
                .find("h.jsonl:1: expected an invocation of process 1"),
            std::string::npos);
  EXPECT_NE(ReadError("{\"time\":5,").find("h.jsonl:1: expected a JSON object"), std::string::npos);
}

}  // namespace
}  // namespace faultline::checkers::sharding
