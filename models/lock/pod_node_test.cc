#include "models/lock/pod_node.h"

#include <gtest/gtest.h>

#include "models/lock/lock_test_util.h"

namespace faultline::models {
namespace {

using testing::FakeContext;
using testing::LockDetail;
using testing::LockObserved;
using testing::LockRequest;
using Phase = LockPodNode::Phase;

constexpr sim::EndpointId kServer = 0;
constexpr sim::Nanos kMs = sim::kMillisecond;

// The reply a server gives to the last lock command sent.
sim::Envelope AnswerLast(const FakeContext& ctx, bool granted, int64_t token,
                         sim::EndpointId server = kServer) {
  const LockCommand c = ctx.SentOf<LockCommand>().back().second;
  return FakeContext::From(
      server, LockReply{.attempt = c.attempt, .key = c.key, .granted = granted, .token = token});
}

TEST(LockPodNodeTest, WorksThenLocksWritesUnlocksAndAnswersWithTheToken) {
  FakeContext ctx(1, 3);
  LockPodNode pod(testing::TestLockOptions());
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  EXPECT_TRUE(ctx.SentOf<LockCommand>().empty());  // its own work comes first
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  ASSERT_EQ(ctx.SentOf<LockCommand>().size(), 1u);
  EXPECT_EQ(ctx.SentOf<LockCommand>()[0].second.owner, "n2/t1");
  ctx.now_ns = 101 * kMs;
  pod.OnMessage(AnswerLast(ctx, true, 4), ctx);
  EXPECT_TRUE(sim::HasRole(pod, "holder"));
  const auto acquires = LockObserved(ctx, "acquire");
  ASSERT_EQ(acquires.size(), 1u);
  EXPECT_EQ(acquires[0].value, sim::Value::Int(4));
  EXPECT_EQ(LockDetail(acquires[0], "thread"), sim::Value::Str("t1"));
  EXPECT_EQ(LockDetail(acquires[0], "op"), sim::Value::Int(7));
  EXPECT_EQ(LockDetail(acquires[0], "attempts"), sim::Value::Int(1));
  EXPECT_EQ(LockDetail(acquires[0], "wait_ns"), sim::Value::Int(1 * kMs));
  const auto writes = ctx.SentOf<LockWrite>();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].first, 2);
  EXPECT_EQ(writes[0].second.token, 4);
  ctx.now_ns = 112 * kMs;
  pod.OnMessage(FakeContext::From(2, LockWriteReply{.id = writes[0].second.id, .accepted = true}),
                ctx);
  ASSERT_EQ(ctx.SentOf<UnlockCommand>().size(), 1u);
  EXPECT_EQ(ctx.SentOf<UnlockCommand>()[0].second.op, 7u);
  const auto releases = LockObserved(ctx, "release");
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(LockDetail(releases[0], "held_ns"), sim::Value::Int(11 * kMs));
  EXPECT_EQ(LockDetail(releases[0], "outcome"), sim::Value::Str("released"));
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_TRUE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Int(4));
  EXPECT_FALSE(sim::HasRole(pod, "holder"));
  EXPECT_EQ(pod.phase(0), Phase::kIdle);
}

TEST(LockPodNodeTest, RetriesEveryIntervalAndGivesUpAtTheRequestTimeout) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.request_timeout_ns = 200 * kMs;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  for (int i = 0; i < 5; ++i) {
    pod.OnMessage(AnswerLast(ctx, false, 0), ctx);
    EXPECT_EQ(pod.phase(0), Phase::kBackoff);
    ctx.now_ns += 10 * kMs;
    ctx.FireDueTimers(pod);
  }
  EXPECT_EQ(ctx.SentOf<LockCommand>().size(), 6u);
  ctx.now_ns = 200 * kMs;
  ctx.FireDueTimers(pod);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Str("lock-timeout"));
  // The grant for the round it gave up on arrives late: ignored, nothing observed or sent.
  const size_t sent = ctx.sent.size();
  pod.OnMessage(AnswerLast(ctx, true, 9), ctx);
  EXPECT_EQ(ctx.sent.size(), sent);
  EXPECT_TRUE(LockObserved(ctx, "acquire").empty());
  EXPECT_EQ(pod.phase(0), Phase::kIdle);
}

TEST(LockPodNodeTest, SemaphoreFailsFastWhenNoPermitIsFree) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.admission = LockOptions::Admission::kSemaphore;
  options.permits = 1;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(1), ctx);
  pod.OnMessage(LockRequest(2), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  EXPECT_EQ(pod.permits_in_use(), 1);
  EXPECT_EQ(ctx.SentOf<LockCommand>().size(), 1u);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Str("rejected"));
  EXPECT_EQ(pod.phase(1), Phase::kIdle);  // its thread is free again at once
}

TEST(LockPodNodeTest, LocalQueueHoldsTheThreadUntilAPermitFrees) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.admission = LockOptions::Admission::kLocalQueue;
  options.permits = 1;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(1), ctx);
  pod.OnMessage(LockRequest(2), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  EXPECT_EQ(pod.phase(1), Phase::kQueued);
  EXPECT_TRUE(ctx.replies().empty());
  pod.OnMessage(AnswerLast(ctx, true, 1), ctx);
  const LockWrite w = ctx.SentOf<LockWrite>().back().second;
  pod.OnMessage(FakeContext::From(2, LockWriteReply{.id = w.id, .accepted = true}), ctx);
  // The permit went to the queued thread, which sends its lock command.
  EXPECT_EQ(pod.phase(1), Phase::kTrying);
  EXPECT_EQ(ctx.SentOf<LockCommand>().back().second.op, 2u);
  EXPECT_EQ(pod.permits_in_use(), 1);
}

TEST(LockPodNodeTest, NoFreeThreadMeansTheAcceptQueueThenBusy) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.threads = 1;
  options.accept_queue = 1;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(1), ctx);
  pod.OnMessage(LockRequest(2), ctx);
  pod.OnMessage(LockRequest(3), ctx);
  EXPECT_EQ(pod.accept_queue_size(), 1u);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Str("busy"));
}

TEST(LockPodNodeTest, AFencedWriteFailsTheRequest) {
  FakeContext ctx(1, 3);
  LockPodNode pod(testing::TestLockOptions());
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  pod.OnMessage(AnswerLast(ctx, true, 3), ctx);
  const LockWrite w = ctx.SentOf<LockWrite>().back().second;
  pod.OnMessage(FakeContext::From(2, LockWriteReply{.id = w.id, .accepted = false, .highest = 5}),
                ctx);
  ASSERT_EQ(ctx.replies().size(), 1u);
  EXPECT_FALSE(ctx.replies()[0].ok);
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Str("fenced"));
}

TEST(LockPodNodeTest, ATimeoutInTheSectionAbandonsIt) {
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.hold_work_ns = 500 * kMs;
  options.request_timeout_ns = 300 * kMs;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  pod.OnMessage(AnswerLast(ctx, true, 3), ctx);
  ctx.now_ns = 300 * kMs;
  ctx.FireDueTimers(pod);
  EXPECT_TRUE(ctx.SentOf<LockWrite>().empty());
  EXPECT_EQ(ctx.SentOf<UnlockCommand>().size(), 1u);
  EXPECT_EQ(LockDetail(LockObserved(ctx, "release")[0], "outcome"), sim::Value::Str("abandoned"));
  EXPECT_EQ(ctx.replies()[0].value, sim::Value::Str("lock-timeout"));
}

TEST(LockPodNodeTest, ALostWriteFreesTheThreadAfterRequestTimeoutWithoutAnswering) {
  // The write (or its answer) is lost: the thread must not wait forever, or every such
  // loss shrinks the pod by a thread, and with admission leaks a permit, until the pod
  // answers only "busy".
  FakeContext ctx(1, 3);
  LockOptions options = testing::TestLockOptions();
  options.request_timeout_ns = 300 * kMs;
  options.admission = LockOptions::Admission::kSemaphore;
  options.permits = 1;
  LockPodNode pod(options);
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  ctx.now_ns = 250 * kMs;
  pod.OnMessage(AnswerLast(ctx, true, 3), ctx);
  ASSERT_EQ(ctx.SentOf<LockWrite>().size(), 1u);
  const LockWrite w = ctx.SentOf<LockWrite>()[0].second;
  ctx.now_ns = 400 * kMs;  // the request's own timeout passes: the write is out, it waits
  ctx.FireDueTimers(pod);
  EXPECT_EQ(pod.phase(0), Phase::kWriting);
  ctx.now_ns = 550 * kMs;  // request_timeout after the write
  ctx.FireDueTimers(pod);
  EXPECT_EQ(pod.phase(0), Phase::kIdle);
  EXPECT_EQ(pod.permits_in_use(), 0);
  EXPECT_FALSE(sim::HasRole(pod, "holder"));
  EXPECT_EQ(ctx.SentOf<UnlockCommand>().size(), 1u);
  const auto releases = LockObserved(ctx, "release");
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(LockDetail(releases[0], "outcome"), sim::Value::Str("abandoned"));
  EXPECT_TRUE(ctx.replies().empty());  // the write may have landed: the client's info
  // The answer arrives after all: ignored.
  pod.OnMessage(FakeContext::From(2, LockWriteReply{.id = w.id, .accepted = true}), ctx);
  EXPECT_TRUE(ctx.replies().empty());
  EXPECT_EQ(LockObserved(ctx, "release").size(), 1u);
}

TEST(LockPodNodeTest, ARestartedPodObservesRestartOnlyAfterACrash) {
  // The checkers end a crashed pod's holds at this line: no release line will.
  FakeContext ctx(1, 3);
  LockPodNode first(testing::TestLockOptions());
  first.OnStart(ctx);
  EXPECT_TRUE(LockObserved(ctx, "restart").empty());
  LockPodNode again(testing::TestLockOptions());  // a restart: a fresh object, the same disk
  again.OnStart(ctx);
  EXPECT_EQ(LockObserved(ctx, "restart").size(), 1u);
}

TEST(LockPodNodeTest, RedlockHoldsOnAMajorityWithinValidity) {
  FakeContext ctx(5, 7);
  LockPodNode pod(testing::TestLockOptions(1, 5));
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  ASSERT_EQ(ctx.SentOf<LockCommand>().size(), 5u);
  const uint64_t round = ctx.SentOf<LockCommand>()[0].second.attempt;
  auto answer = [&](sim::EndpointId s, bool granted) {
    pod.OnMessage(FakeContext::From(s, LockReply{.attempt = round,
                                                 .key = sim::Value::Str("L1"),
                                                 .granted = granted,
                                                 .token = 11}),
                  ctx);
  };
  ctx.now_ns = 104 * kMs;
  answer(0, true);
  answer(1, true);
  answer(2, false);
  answer(3, true);
  EXPECT_EQ(pod.phase(0), Phase::kTrying);  // waits for the fifth, or kRedlockReplyWait
  answer(4, false);
  const auto acquires = LockObserved(ctx, "acquire");
  ASSERT_EQ(acquires.size(), 1u);
  EXPECT_EQ(acquires[0].value, sim::Value::Int(0));  // Redlock has no token
  EXPECT_EQ(LockDetail(acquires[0], "servers"), sim::Value::Int(3));
  // 1s - 4ms elapsed - 10ms drift - 2ms
  EXPECT_EQ(LockDetail(acquires[0], "validity_ns"), sim::Value::Int(984 * kMs));
}

TEST(LockPodNodeTest, RedlockCountsADuplicatedReplyOnce) {
  // Two real grants of five, each delivered twice (network duplication): still a minority.
  FakeContext ctx(5, 7);
  LockPodNode pod(testing::TestLockOptions(1, 5));
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  const uint64_t round = ctx.SentOf<LockCommand>()[0].second.attempt;
  auto answer = [&](sim::EndpointId s, bool granted) {
    pod.OnMessage(FakeContext::From(s, LockReply{.attempt = round,
                                                 .key = sim::Value::Str("L1"),
                                                 .granted = granted,
                                                 .token = 1}),
                  ctx);
  };
  for (sim::EndpointId s : {0, 0, 1, 1}) answer(s, true);
  EXPECT_EQ(pod.phase(0), Phase::kTrying);  // two servers answered, not four
  for (sim::EndpointId s : {2, 3, 4}) answer(s, false);
  EXPECT_TRUE(LockObserved(ctx, "acquire").empty());
  EXPECT_EQ(pod.phase(0), Phase::kBackoff);
  EXPECT_EQ(ctx.SentOf<UnlockCommand>().size(), 5u);
}

TEST(LockPodNodeTest, RedlockMinorityUnlocksEveryServerAndRetries) {
  FakeContext ctx(5, 7);
  LockPodNode pod(testing::TestLockOptions(1, 5));
  pod.OnStart(ctx);
  pod.OnMessage(LockRequest(7), ctx);
  ctx.now_ns = 100 * kMs;
  ctx.FireDueTimers(pod);
  const uint64_t round = ctx.SentOf<LockCommand>()[0].second.attempt;
  for (sim::EndpointId s = 0; s < 2; ++s) {
    pod.OnMessage(FakeContext::From(s, LockReply{.attempt = round,
                                                 .key = sim::Value::Str("L1"),
                                                 .granted = true,
                                                 .token = 1}),
                  ctx);
  }
  // Three servers never answer: the round is decided after kRedlockReplyWait.
  ctx.now_ns = 100 * kMs + kRedlockReplyWait;
  ctx.FireDueTimers(pod);
  EXPECT_EQ(ctx.SentOf<UnlockCommand>().size(), 5u);
  EXPECT_EQ(pod.phase(0), Phase::kBackoff);
  EXPECT_TRUE(LockObserved(ctx, "acquire").empty());
}

TEST(LockPodNodeTest, RedlockValidityShrinksWithTheRoundsTime) {
  EXPECT_EQ(RedlockValidity(sim::kSecond, 0, 10'000), 988 * kMs);
  EXPECT_EQ(RedlockValidity(sim::kSecond, 990 * kMs, 10'000), -2 * kMs);
  EXPECT_EQ(RedlockValidity(sim::kSecond, 0, 0), 998 * kMs);
}

}  // namespace
}  // namespace faultline::models
