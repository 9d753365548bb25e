#include "models/mq/mq_broker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/builtin_models.h"

namespace faultline::models {
namespace {

TEST(MqBrokerTest, RegisteredWithItsParamsWorkloadAndRoles) {
  sim::ModelRegistry registry;
  RegisterBuiltinModels(registry);
  const sim::ModelInfo* info = registry.Find("mq.broker");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->min_nodes, 3);
  std::vector<std::string> names;
  for (const auto& p : info->params) {
    names.push_back(p.name);
    EXPECT_FALSE(p.help.empty()) << p.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"dispatch", "consumer", "prefetch",
                                             "visibility_timeout", "dead_letter_after",
                                             "requeue_limit", "process_time", "idempotent",
                                             "bug"}));
  ASSERT_EQ(info->workloads.size(), 1u);
  EXPECT_EQ(info->workloads[0].name, "events");
  ASSERT_EQ(info->workloads[0].checkers.size(), 2u);
  EXPECT_EQ(info->workloads[0].checkers[0].checker, "ordering");
  EXPECT_EQ(info->workloads[0].checkers[1].checker, "exactly-once");

  sim::MessageKinds kinds;
  sim::ModelConfig config;
  config.node_count = 5;
  config.choices = {{"dispatch", "groups"}, {"consumer", "requeue-roulette"},
                    {"idempotent", "true"}, {"bug", "none"}};
  auto model = info->create(config, kinds);
  ASSERT_NE(model, nullptr);
  for (const char* kind : {"deliver", "ack", "nack", "check", "check_reply", "apply",
                           "applied"}) {
    EXPECT_TRUE(kinds.Find(kind).has_value()) << kind;
  }
  EXPECT_EQ(sim::RolesOf(*model->CreateNode(0)), std::vector<std::string>{"broker"});
  for (sim::EndpointId c : {1, 2, 3}) {
    EXPECT_EQ(sim::RolesOf(*model->CreateNode(c)), std::vector<std::string>{"consumer"});
  }
  EXPECT_EQ(sim::RolesOf(*model->CreateNode(4)), std::vector<std::string>{"store"});

  sim::MessageKinds unused;
  const MqOptions o = MqOptionsFromConfig(config, unused);
  EXPECT_EQ(o.dispatch, MqOptions::Dispatch::kGroups);
  EXPECT_EQ(o.consumer, MqOptions::Consumer::kRequeueRoulette);
  EXPECT_TRUE(o.idempotent);
  EXPECT_EQ(o.consumer_count(), 3);
  EXPECT_EQ(o.store(), 4);
}

}  // namespace
}  // namespace faultline::models
