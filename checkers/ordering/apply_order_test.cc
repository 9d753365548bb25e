// The broker side of the ordering checker on hand-written histories: each anomaly found,
// and not found on its fixed twin.
#include <gtest/gtest.h>

#include "checkers/ordering/ordering_checker.h"
#include "checkers/ordering/test_lines.h"

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

// e7: op 1 (c1) sends 1, acked at 100ms; op 2 (c2) sends 2 from 200ms: 1 must apply first.
std::string TwoSends() { return Send(0, 100, 1, 1, "e7", 1) + Send(200, 300, 2, 2, "e7", 2); }

TEST(ApplyOrderTest, InOrderIsValid) {
  const OrderingReport r = CheckOrdering(Parse(TwoSends() + Apply(400, "e7", 1, 1, "n2") +
                                               Apply(450, "e7", 2, 2, "n3") +
                                               Pending(500, 3, 3, "[]")));
  EXPECT_TRUE(r.broker);
  EXPECT_FALSE(r.log);
  EXPECT_TRUE(r.anomalies.empty());
  EXPECT_TRUE(r.Valid(false));
  EXPECT_TRUE(r.Valid(true));
  EXPECT_EQ(r.metrics.at("messages"), 2);
  EXPECT_EQ(r.metrics.at("applied"), 2);
  EXPECT_EQ(r.metrics.at("order_violations"), 0);
}

TEST(ApplyOrderTest, OrderViolationNamesBothPaths) {
  const OrderingReport r = CheckOrdering(
      Parse(TwoSends() + Apply(2010, "e7", 2, 2, "n3") + Apply(2450, "e7", 1, 1, "n2", 3, 2) +
            Pending(3000, 3, 3, "[]")));
  EXPECT_EQ(Count(r, "order-violation"), 1);
  EXPECT_FALSE(r.Valid(false));
  EXPECT_EQ(First(r, "order-violation"),
            "e7: op 2 (c2) sent 2 after op 1 (c1) sent 1 was acknowledged (100ms), but 2 was "
            "applied first: 2 at 2.01s (consumer n3, delivery 1, 0 requeues), 1 at 2.45s "
            "(consumer n2, delivery 3, 2 requeues)");
  EXPECT_EQ(r.metrics.at("order_violations"), 1);
}

TEST(ApplyOrderTest, ConcurrentSendsMayApplyInEitherOrder) {
  // op 2 is invoked (50ms) before op 1 is acknowledged (100ms): no order between them.
  const OrderingReport r = CheckOrdering(
      Parse(Invoke(0, 1, 1, "send", "e7", "1") + Invoke(50, 2, 2, "send", "e7", "2") +
            Ok(100, 1, 1, "send", "e7", "1") + Ok(120, 2, 2, "send", "e7", "2") +
            Apply(200, "e7", 2, 2, "n3") + Apply(210, "e7", 1, 1, "n2") + Pending(300, 3, 3, "[]")));
  EXPECT_EQ(Count(r, "order-violation"), 0);
  EXPECT_TRUE(r.Valid(false));
}

TEST(ApplyOrderTest, OtherKeysAreNotOrdered) {
  const OrderingReport r = CheckOrdering(
      Parse(Send(0, 100, 1, 1, "e7", 1) + Send(200, 300, 2, 2, "e8", 1) +
            Apply(400, "e8", 1, 2, "n3") + Apply(450, "e7", 1, 1, "n2") + Pending(500, 3, 3, "[]")));
  EXPECT_TRUE(r.anomalies.empty());
}

TEST(ApplyOrderTest, DuplicateDecidesOnlyExactlyOnce) {
  const std::string base = TwoSends() + Apply(400, "e7", 1, 1, "n2") + Apply(450, "e7", 2, 2, "n3");
  const OrderingReport dup =
      CheckOrdering(Parse(base + Apply(600, "e7", 2, 2, "n2", 2, 1) + Pending(700, 3, 3, "[]")));
  EXPECT_EQ(Count(dup, "duplicate"), 1);
  EXPECT_TRUE(dup.Valid(false));
  EXPECT_FALSE(dup.Valid(true));
  EXPECT_EQ(First(dup, "duplicate"),
            "e7: 2 (op 2, c2) applied 2 times: 2 at 450ms (consumer n3, delivery 1, 0 requeues); "
            "2 at 600ms (consumer n2, delivery 2, 1 requeue)");
  EXPECT_EQ(dup.metrics.at("duplicates"), 1);
  const OrderingReport fixed = CheckOrdering(Parse(base + Pending(700, 3, 3, "[]")));
  EXPECT_EQ(Count(fixed, "duplicate"), 0);
  EXPECT_TRUE(fixed.Valid(true));
}

TEST(ApplyOrderTest, LostUnlessStillPending) {
  const std::string base = TwoSends() + Apply(400, "e7", 1, 1, "n2");
  const OrderingReport lost = CheckOrdering(Parse(base + Pending(900, 3, 3, "[]")));
  EXPECT_EQ(Count(lost, "lost"), 1);
  EXPECT_FALSE(lost.Valid(false));
  EXPECT_EQ(First(lost, "lost"),
            "e7: 2 (op 2, c2) acknowledged at 300ms, never applied and not pending at the end "
            "(op 3 (c3) at 901ms)");
  const OrderingReport pending = CheckOrdering(Parse(base + Pending(900, 3, 3, "[[\"e7\",2]]")));
  EXPECT_EQ(Count(pending, "lost"), 0);
  EXPECT_EQ(Count(pending, "unseen"), 1);
  EXPECT_TRUE(pending.Valid(false));
  EXPECT_EQ(pending.metrics.at("unseen"), 1);
}

TEST(ApplyOrderTest, WithoutPendingUnappliedIsUnseenWithANote) {
  const OrderingReport r = CheckOrdering(Parse(TwoSends() + Apply(400, "e7", 1, 1, "n2")));
  EXPECT_EQ(Count(r, "unseen"), 1);
  EXPECT_EQ(Count(r, "lost"), 0);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("no ok pending op"), std::string::npos);
}

TEST(ApplyOrderTest, DeadLetteredIsLost) {
  const std::string dead = Observe(800, "n1", "dead-letter", "e7", 2, "{\"op\":2,\"deliveries\":5}");
  const OrderingReport r =
      CheckOrdering(Parse(TwoSends() + Apply(400, "e7", 1, 1, "n2") + dead));
  EXPECT_EQ(Count(r, "dead-letter"), 1);
  EXPECT_EQ(Count(r, "lost"), 1);
  EXPECT_EQ(First(r, "lost"),
            "e7: 2 (op 2, c2) acknowledged at 300ms, never applied: dead-lettered at 800ms "
            "after 5 deliveries");
  EXPECT_EQ(First(r, "dead-letter"), "e7: 2 (op 2, c2) dead-lettered at 800ms by n1 after 5 deliveries");
  EXPECT_EQ(r.metrics.at("dead_lettered"), 1);
}

TEST(ApplyOrderTest, UnacknowledgedSendsAreNotMessages) {
  // An info send may or may not have been enqueued: never lost; applied, it still counts.
  const OrderingReport r = CheckOrdering(
      Parse(Invoke(0, 1, 1, "send", "e7", "1") + Line(100, 1, 1, "info", "send", "e7", "1") +
            Invoke(0, 2, 2, "send", "e7", "2") + Line(100, 2, 2, "fail", "send", "e7", "2") +
            Pending(900, 3, 3, "[]")));
  EXPECT_TRUE(r.anomalies.empty());
  EXPECT_EQ(r.metrics.at("messages"), 0);
}

TEST(ApplyOrderTest, MetricsArithmetic) {
  const std::string requeue1 = Observe(350, "n2", "requeue", "e7", 2,
                                       "{\"op\":2,\"consumer\":\"n2\",\"deliveries\":1,"
                                       "\"held_ns\":5000000,\"reason\":\"early\"}");
  const std::string requeue2 = Observe(360, "n3", "requeue", "e7", 2,
                                       "{\"op\":2,\"consumer\":\"n3\",\"deliveries\":2,"
                                       "\"held_ns\":7000000,\"reason\":\"early\"}");
  const std::string requeue3 = Observe(370, "n3", "requeue", "e7", 1,
                                       "{\"op\":1,\"held_ns\":1000000}");
  const std::string redeliver = Observe(380, "n1", "redeliver", "e7", 1, "{\"op\":1}");
  // Sends invoked at 0 and 200ms, applied at 400 and 1000ms: latencies 400ms and 800ms;
  // 2 applications over the 1s from the first send to the last application.
  const OrderingReport r = CheckOrdering(
      Parse(TwoSends() + requeue1 + requeue2 + requeue3 + redeliver +
            Apply(400, "e7", 1, 1, "n2", 2, 1) + Apply(1000, "e7", 2, 2, "n3", 3, 2) +
            Pending(1100, 3, 3, "[]")));
  EXPECT_EQ(r.metrics.at("requeues"), 3);
  EXPECT_EQ(r.metrics.at("requeues_per_message"), 1.5);
  EXPECT_EQ(r.metrics.at("requeue_wasted_ns"), 13'000'000);
  EXPECT_EQ(r.metrics.at("redeliveries"), 1);
  EXPECT_EQ(r.metrics.at("latency_p50_ns"), 400 * kMs);
  EXPECT_EQ(r.metrics.at("latency_p99_ns"), 800 * kMs);
  EXPECT_EQ(r.metrics.at("latency_max_ns"), 800 * kMs);
  EXPECT_EQ(r.metrics.at("applies_per_second"), 2);
  EXPECT_TRUE(r.anomalies.empty());
}

TEST(ApplyOrderTest, ExamplesAreBoundedCountsAreNot) {
  std::string h;
  for (int i = 1; i <= 8; ++i) h += Send(i * 10, i * 10 + 5, 1, i, "e1", i);
  h += Pending(1000, 2, 100, "[]");
  const OrderingReport r = CheckOrdering(Parse(h), {.examples_per_kind = 3});
  EXPECT_EQ(Count(r, "lost"), 8);
  EXPECT_EQ(r.anomalies.at("lost").examples.size(), 3u);
}

}  // namespace
}  // namespace faultline::checkers::ordering
