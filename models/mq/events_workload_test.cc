#include "models/mq/events_workload.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace faultline::models {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

std::unique_ptr<sim::Workload> Make(const sim::WorkloadSpec& spec, int clients) {
  return EventsWorkloadInfo().create(sim::WorkloadSetup{.spec = spec, .clients = clients,
                                                        .nodes = 5});
}

TEST(EventsWorkloadTest, SendsEachEntitysEventsInSequenceOneAtATime) {
  sim::WorkloadSpec spec;
  spec.keys.count = 1;
  auto w = Make(spec, 2);
  sim::Rng rng(7);
  std::optional<Op> first = w->NextOp(0, rng);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->f, "send");
  EXPECT_EQ(first->key, Value::Str("e0"));
  EXPECT_EQ(first->value, Value::Int(1));
  EXPECT_EQ(first->role, "broker");
  EXPECT_FALSE(w->NextOp(1, rng).has_value());  // e0 has a send in flight
  // An info send consumes its number.
  EXPECT_EQ(w->OnComplete(0, *first, OpOutcome::kInfo, Value()), Value::Int(1));
  std::optional<Op> second = w->NextOp(1, rng);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->value, Value::Int(2));
}

TEST(EventsWorkloadTest, SequencesArePerEntity) {
  sim::WorkloadSpec spec;
  spec.keys.count = 5;
  auto w = Make(spec, 1);
  sim::Rng rng(3);
  std::map<Value, int64_t> last;
  for (int i = 0; i < 200; ++i) {
    std::optional<Op> op = w->NextOp(0, rng);
    ASSERT_TRUE(op.has_value());
    EXPECT_EQ(op->value.as_int(), last[op->key] + 1) << op->key.as_string();
    last[op->key] = op->value.as_int();
    w->OnComplete(0, *op, OpOutcome::kOk, op->value);
  }
  EXPECT_EQ(last.size(), 5u);
}

TEST(EventsWorkloadTest, DrainAsksUntilNothingIsPendingOrTheBound) {
  sim::WorkloadSpec spec;
  auto w = Make(spec, 2);
  std::optional<Op> ask = w->NextFinalOp(0);
  ASSERT_TRUE(ask.has_value());
  EXPECT_EQ(ask->f, "pending");
  EXPECT_EQ(ask->role, "broker");
  const Value still = Value::List({Value::List({Value::Str("e1"), Value::Int(2)})});
  EXPECT_EQ(w->OnComplete(0, *ask, OpOutcome::kOk, still), still);
  ASSERT_TRUE(w->NextFinalOp(0).has_value());
  w->OnComplete(0, *ask, OpOutcome::kOk, Value::List({}));
  EXPECT_FALSE(w->NextFinalOp(0).has_value());
  // Client 1 never sees an empty queue: it stops after kDrainAsksMax asks.
  int asks = 0;
  while (std::optional<Op> op = w->NextFinalOp(1)) {
    ++asks;
    w->OnComplete(1, *op, OpOutcome::kInfo, Value());
  }
  EXPECT_EQ(asks, kDrainAsksMax);
}

}  // namespace
}  // namespace faultline::models
