// mq.broker end to end: the shipped scenarios/mq-*.yaml run in process over seeds 1..3,
// their histories audited here by a small independent count (the `ordering` checker is
// written separately): per entity, an event applied before an earlier-acknowledged event
// of the same entity is an order violation; an event applied twice a duplicate; an
// acknowledged send with no application is counted too. Each scenario's teaching claim
// must hold, and the observations must carry the path the contract promises (op,
// consumer, deliveries).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "models/builtin_models.h"
#include "scenario/scenario_loader.h"
#include "sim/model.h"
#include "sim/simulator.h"
#include "tests/scenario_history.h"

namespace faultline {
namespace {

struct Audit {
  int acked = 0;
  int order_violations = 0;
  int duplicates = 0;
  int never_applied = 0;  // acked, never applied: lost, dead-lettered or still queued
  int requeues = 0;
  int redeliveries = 0;
  int dead_letters = 0;
  bool drained = false;  // the last `pending` answer was empty
  bool applies_name_their_send = true;
  std::string history;
};

using Event = std::pair<std::string, int64_t>;  // (entity, value)

Audit AuditHistory(const std::string& text) {
  Audit a;
  a.history = text;
  struct Send {
    int64_t invoke_ns = 0;
    int64_t ok_ns = -1;
    int64_t op = 0;
  };
  std::map<Event, Send> sends;
  std::map<Event, int64_t> first_apply;
  std::map<Event, int> applies;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const nlohmann::json j = nlohmann::json::parse(text.substr(start, end - start));
    start = end + 1;
    const std::string type = j.at("type");
    const std::string f = j.at("f");
    if (type == "observe") {
      if (f == "requeue") ++a.requeues;
      if (f == "redeliver") ++a.redeliveries;
      if (f == "dead-letter") ++a.dead_letters;
      if (f != "apply") continue;
      const Event e{j.at("key"), j.at("value")};
      ++applies[e];
      first_apply.emplace(e, j.at("time").get<int64_t>());
      auto s = sends.find(e);
      if (s == sends.end() || j.at("detail").at("op").get<int64_t>() != s->second.op ||
          !j.at("detail").contains("consumer") || !j.at("detail").contains("deliveries")) {
        a.applies_name_their_send = false;
      }
      continue;
    }
    if (f == "pending" && type == "ok") a.drained = j.at("value").empty();
    if (f != "send") continue;
    const Event e{j.at("key"), j.at("value")};
    if (type == "invoke") sends[e] = Send{j.at("time"), -1, j.at("op")};
    if (type == "ok") sends[e].ok_ns = j.at("time");
  }
  std::map<std::string, std::vector<std::pair<Event, Send>>> by_entity;
  for (const auto& [e, s] : sends) {
    if (s.ok_ns < 0) continue;
    ++a.acked;
    by_entity[e.first].emplace_back(e, s);
    if (!first_apply.contains(e)) ++a.never_applied;
  }
  for (const auto& [e, n] : applies) a.duplicates += n - 1;
  for (const auto& [entity, list] : by_entity) {
    for (const auto& [ea, sa] : list) {
      for (const auto& [eb, sb] : list) {
        if (sa.ok_ns >= sb.invoke_ns || !first_apply.contains(eb)) continue;
        auto fa = first_apply.find(ea);
        if (fa == first_apply.end() || first_apply.at(eb) < fa->second) ++a.order_violations;
      }
    }
  }
  return a;
}

Audit RunScenario(const std::string& name, uint64_t seed, std::vector<std::string> overrides = {}) {
  return AuditHistory(
      testing::RunScenarioHistory(name, seed, {"ordering", "exactly-once"}, std::move(overrides)));
}

TEST(MqEndToEndTest, RouletteAtLowLoadAppliesEveryEventOnceInOrder) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit a = RunScenario("mq-roulette-low-load", seed);
    EXPECT_GT(a.acked, 100) << seed;
    EXPECT_EQ(a.order_violations, 0) << seed;
    EXPECT_EQ(a.duplicates, 0) << seed;
    EXPECT_EQ(a.never_applied, 0) << seed;
    EXPECT_LT(a.requeues, a.acked / 20) << seed;  // a few
    EXPECT_TRUE(a.drained) << seed;
    EXPECT_TRUE(a.applies_name_their_send) << seed;
  }
}

TEST(MqEndToEndTest, RouletteUnderLoadStormsAndBreaksOrder) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit a = RunScenario("mq-roulette-under-load", seed);
    EXPECT_GT(a.order_violations, 0) << seed;
    EXPECT_GT(a.requeues, a.acked) << seed;  // more requeues than messages: the storm
    EXPECT_TRUE(a.applies_name_their_send) << seed;
  }
}

TEST(MqEndToEndTest, RouletteWithoutALimitKeepsOrderButCannotDrain) {
  const Audit a = RunScenario("mq-roulette-under-load", 1, {"cluster.params.requeue_limit=0"});
  EXPECT_EQ(a.order_violations, 0);
  EXPECT_FALSE(a.drained);
  EXPECT_GT(a.never_applied, 0);  // still queued when the drain gave up (unseen)
}

TEST(MqEndToEndTest, RouletteBreaksWhenAConsumerCrashes) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit a = RunScenario("mq-roulette-consumer-crash", seed);
    EXPECT_GT(a.order_violations, 0) << seed;
    EXPECT_GT(a.redeliveries, 0) << seed;
  }
}

TEST(MqEndToEndTest, NaiveCompetingConsumersBreakOrder) {
  EXPECT_GT(RunScenario("mq-naive-competing-consumers", 1).order_violations, 0);
}

TEST(MqEndToEndTest, GroupsKeepOrderUnderLoad) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit a = RunScenario("mq-groups-fix", seed);
    EXPECT_EQ(a.order_violations, 0) << seed;
    EXPECT_EQ(a.never_applied, 0) << seed;
    EXPECT_EQ(a.requeues, 0) << seed;
  }
  EXPECT_GT(RunScenario("mq-groups-fix", 1, {"cluster.params.dispatch=shared"}).order_violations,
            0);
}

TEST(MqEndToEndTest, GroupsUnderCrashesDuplicateUnlessTheStoreIsIdempotent) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit at_least_once = RunScenario("mq-groups-consumer-crash-duplicates", seed);
    EXPECT_EQ(at_least_once.order_violations, 0) << seed;
    EXPECT_GT(at_least_once.duplicates, 0) << seed;
    EXPECT_EQ(at_least_once.never_applied, 0) << seed;
    EXPECT_GT(at_least_once.redeliveries, 0) << seed;
    const Audit exactly_once = RunScenario("mq-idempotent-exactly-once", seed);
    EXPECT_EQ(exactly_once.order_violations, 0) << seed;
    EXPECT_EQ(exactly_once.duplicates, 0) << seed;
    EXPECT_EQ(exactly_once.never_applied, 0) << seed;
  }
}

TEST(MqEndToEndTest, EachPlantedBugIsCaughtAndItsFixPasses) {
  const Audit release = RunScenario("mq-bug-release-group-on-deliver", 1);
  EXPECT_GT(release.order_violations, 0);
  EXPECT_EQ(RunScenario("mq-bug-release-group-on-deliver", 1, {"cluster.params.bug=none"})
                .order_violations,
            0);
  int lost = 0;  // the drain emptied the queue, so an event never applied is lost
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const Audit a = RunScenario("mq-bug-ack-before-apply", seed);
    EXPECT_TRUE(a.drained) << seed;
    lost += a.never_applied;
  }
  EXPECT_GT(lost, 0);
  const Audit fixed = RunScenario("mq-bug-ack-before-apply", 1, {"cluster.params.bug=none"});
  EXPECT_EQ(fixed.never_applied, 0);
  EXPECT_EQ(fixed.order_violations, 0);
}

TEST(MqEndToEndTest, SameSeedSameHistory) {
  EXPECT_EQ(RunScenario("mq-roulette-consumer-crash", 7).history,
            RunScenario("mq-roulette-consumer-crash", 7).history);
}

}  // namespace
}  // namespace faultline
