#include "models/quorum/kv_quorum.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace faultline::models {
namespace {

sim::ModelConfig Config(int nodes, int64_t n, int64_t r, int64_t w) {
  sim::ModelConfig c;
  c.node_count = nodes;
  c.integers = {{"n", n}, {"r", r}, {"w", w}};
  return c;
}

TEST(KvQuorumTest, RefusesNLargerThanTheNodeCountNamingBoth) {
  std::optional<std::string> problem = CheckQuorumConfig(Config(2, 3, 2, 2));
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("n is 3"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("2 nodes"), std::string::npos) << *problem;
  EXPECT_EQ(CheckQuorumConfig(Config(3, 3, 2, 2)), std::nullopt);
}

TEST(KvQuorumTest, RefusesRorWAboveN) {
  std::optional<std::string> r = CheckQuorumConfig(Config(5, 3, 4, 1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->rfind("r is 4", 0), 0u) << *r;
  std::optional<std::string> w = CheckQuorumConfig(Config(5, 2, 1, 3));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->rfind("w is 3", 0), 0u) << *w;
}

TEST(KvQuorumTest, TheModelDeclaresItsCheckAndAWorkloadWithoutCas) {
  const sim::ModelInfo info = QuorumModelInfo();
  ASSERT_TRUE(info.check_config != nullptr);
  ASSERT_EQ(info.workloads.size(), 1u);
  const std::vector<std::string>& f = info.workloads[0].functions;
  EXPECT_EQ(std::count(f.begin(), f.end(), "cas"), 0);
  EXPECT_EQ(std::count(f.begin(), f.end(), "read"), 1);
  EXPECT_EQ(info.workloads[0].name, "kv");
}

TEST(KvQuorumTest, OptionsFromConfigDecodesEveryParameter) {
  sim::ModelConfig c = Config(5, 5, 1, 4);
  c.choices = {{"versions", "vector"},
               {"read_repair", "off"},
               {"hinted_handoff", "on"},
               {"anti_entropy_mode", "full-sync"},
               {"bug", "no-version-compare"}};
  c.durations = {{"anti_entropy", 2 * sim::kSecond}, {"request_timeout", sim::kSecond}};
  const QuorumOptions o = QuorumOptionsFromConfig(c);
  EXPECT_EQ(o.n, 5);
  EXPECT_EQ(o.r, 1);
  EXPECT_EQ(o.w, 4);
  EXPECT_EQ(o.versions, QuorumOptions::Versions::kVector);
  EXPECT_FALSE(o.read_repair);
  EXPECT_TRUE(o.hinted_handoff);
  EXPECT_EQ(o.anti_entropy_ns, 2 * sim::kSecond);
  EXPECT_EQ(o.anti_entropy_mode, QuorumOptions::AntiEntropyMode::kFullSync);
  EXPECT_EQ(o.request_timeout_ns, sim::kSecond);
  EXPECT_TRUE(o.bug_no_version_compare);
}

}  // namespace
}  // namespace faultline::models
