#include "models/lock/lock_redis.h"

#include <gtest/gtest.h>

namespace faultline::models {
namespace {

sim::ModelConfig Config(int nodes, int64_t servers, const std::string& fencing = "false") {
  sim::ModelConfig c;
  c.node_count = nodes;
  c.integers["servers"] = servers;
  c.choices["fencing"] = fencing;
  c.choices["backoff"] = "fixed";
  c.durations["work_min"] = 200 * sim::kMillisecond;
  c.durations["work_max"] = 300 * sim::kMillisecond;
  c.durations["request_timeout"] = sim::kSecond;
  return c;
}

TEST(LockRedisTest, ChecksServersNodesAndFencing) {
  EXPECT_EQ(CheckLockConfig(Config(3, 1)), std::nullopt);
  EXPECT_EQ(CheckLockConfig(Config(7, 5)), std::nullopt);
  EXPECT_NE(CheckLockConfig(Config(8, 4)), std::nullopt);  // even: no majority
  EXPECT_NE(CheckLockConfig(Config(6, 5)), std::nullopt);  // no pod
  const auto fencing = CheckLockConfig(Config(7, 5, "true"));
  ASSERT_NE(fencing, std::nullopt);
  EXPECT_NE(fencing->find("Kleppmann"), std::string::npos);
  sim::ModelConfig work = Config(3, 1);
  work.durations["work_min"] = 400 * sim::kMillisecond;
  EXPECT_NE(CheckLockConfig(work), std::nullopt);
}

TEST(LockRedisTest, RefusesARequestTimeoutInsideTheWork) {
  sim::ModelConfig c = Config(3, 1);
  c.durations["request_timeout"] = 150 * sim::kMillisecond;
  const auto error = CheckLockConfig(c);
  ASSERT_NE(error, std::nullopt);
  EXPECT_NE(error->find("request_timeout: 150ms is not above work_min (200ms)"), std::string::npos)
      << *error;
}

TEST(LockRedisTest, LaysOutServersPodsAndTheResource) {
  sim::MessageKinds kinds;
  const LockOptions o = LockOptionsFromConfig(Config(8, 5), kinds);
  EXPECT_EQ(o.pods(), 2);
  EXPECT_TRUE(o.is_server(4));
  EXPECT_TRUE(o.is_pod(5));
  EXPECT_TRUE(o.is_pod(6));
  EXPECT_EQ(o.resource(), 7);
  EXPECT_EQ(o.majority(), 3);
  EXPECT_TRUE(kinds.Find("lock").has_value());
  EXPECT_TRUE(kinds.Find("unlock").has_value());
  EXPECT_TRUE(kinds.Find("write").has_value());
}

}  // namespace
}  // namespace faultline::models
