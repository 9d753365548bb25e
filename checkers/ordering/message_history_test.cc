// The messaging history readers: faultline's history.jsonl with observe lines, Maelstrom's
// kafka history.edn, and their errors on hostile input.
#include "checkers/ordering/message_history.h"

#include <gtest/gtest.h>

#include <string>

#include "checkers/ordering/test_lines.h"

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

std::string ErrorOf(const std::string& text, MessageFormat format = MessageFormat::kAuto) {
  absl::StatusOr<MessageHistory> h = ReadMessageHistoryText(text, "h.jsonl", format);
  EXPECT_FALSE(h.ok());
  return h.ok() ? "" : std::string(h.status().message());
}

TEST(MessageHistoryTest, ReadsOpsAndObservations) {
  const MessageHistory h = Parse(
      Send(0, 100, 1, 41, "e7", 2) + Pending(200, 2, 42, "[[\"e7\",2]]") +
      Observe(150, "n5", "apply", "e7", 2,
              "{\"op\":41,\"consumer\":\"n2\",\"deliveries\":2,\"requeues\":1,\"held_ns\":0}") +
      Observe(160, "n2", "requeue", "e7", 2, "{\"reason\":\"early\",\"held_ns\":30}") +
      Observe(170, "n1", "grant", "lock", 1, "{}"));
  EXPECT_EQ(h.format, "faultline");
  ASSERT_EQ(h.ops.size(), 2u);
  EXPECT_EQ(h.ops[0].id, 41);
  EXPECT_EQ(h.ops[0].client, "c1");
  EXPECT_EQ(h.ops[0].key, "e7");
  EXPECT_EQ(h.ops[0].value, 2);
  EXPECT_EQ(h.ops[0].status, OpStatus::kOk);
  EXPECT_EQ(h.ops[0].complete_ns, 100 * kMs);
  EXPECT_EQ(h.ops[0].invoke_line, 1);
  EXPECT_EQ(h.ops[0].complete_line, 2);
  ASSERT_EQ(h.ops[1].pending.size(), 1u);
  EXPECT_EQ(h.ops[1].pending[0].key, "e7");
  ASSERT_EQ(h.observations.size(), 3u);
  const NodeObservation& a = h.observations[0];
  EXPECT_EQ(a.kind, ObservationKind::kApply);
  EXPECT_EQ(a.node, "n5");
  EXPECT_EQ(a.op, 41);
  EXPECT_EQ(a.consumer, "n2");
  EXPECT_EQ(a.deliveries, 2);
  EXPECT_EQ(a.requeues, 1);
  EXPECT_EQ(a.line, 5);
  EXPECT_EQ(h.observations[1].reason, "early");
  EXPECT_EQ(h.observations[1].held_ns, 30);
  EXPECT_EQ(h.observations[2].kind, ObservationKind::kOther);  // another family's record
}

TEST(MessageHistoryTest, ReadsPollsAndLogSends) {
  const MessageHistory h =
      Parse(LogSend(0, 10, 1, 1, "k", 5, 3) + Poll(20, 30, 2, 2, "[[\"k\",3,5],[\"j\",0,1]]"));
  ASSERT_EQ(h.ops.size(), 2u);
  EXPECT_EQ(h.ops[0].offset, 3);
  ASSERT_EQ(h.ops[1].polled.size(), 2u);
  EXPECT_EQ(h.ops[1].polled[1].key, "j");
  EXPECT_EQ(h.ops[1].polled[1].value, 1);
}

TEST(MessageHistoryTest, OpenInvocationsEndAsInfo) {
  const MessageHistory h = Parse(Invoke(0, 1, 1, "send", "e1", "1"));
  ASSERT_EQ(h.ops.size(), 1u);
  EXPECT_FALSE(h.ops[0].completed);
  EXPECT_EQ(h.ops[0].status, OpStatus::kInfo);
}

TEST(MessageHistoryTest, HostileLines) {
  EXPECT_EQ(
      ErrorOf("{\"time\":1,\"type\":\"observe\",\"f\":\"apply\",\"key\":\"e\",\"value\":1}\n"),
      "h.jsonl:1: expected a \"node\" field naming the node that observed (an observe line "
      "has \"node\" where a client op has \"process\"), found "
      "'{\"f\":\"apply\",\"key\":\"e\",\"time\":1,\"type\":\"observe\",\"value\":1}'");
  EXPECT_NE(ErrorOf(Observe(1, "n1", "apply", "e", 1, "[1,2]"))
                .find("h.jsonl:1: expected \"detail\" to be an object"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Observe(1, "n1", "apply", "e", 1, "{\"deliveries\":\"two\"}"))
                .find("detail \"deliveries\" to be an integer"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Poll(0, 1, 1, 1, "[[\"k\",1]]"))
                .find("h.jsonl:2: expected a poll's value: a list of [key, offset, value] triples"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Poll(0, 1, 1, 1, "{\"k\":1}")).find("triples"), std::string::npos);
  EXPECT_NE(ErrorOf(Ok(1, 1, 1, "send", "e1", "1"))
                .find("h.jsonl:1: expected an invocation of process 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Send(0, 1, 1, 5, "e1", 1) + Send(2, 3, 2, 5, "e1", 2))
                .find("h.jsonl:3: expected each op number once (line 1 is op 5)"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(Send(0, 1, 1, 1, "e1", 1) + Send(2, 3, 2, 2, "e1", 1))
          .find("h.jsonl:3: expected each message value once per key (line 1 sent 1 on e1 too)"),
      std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "read", "k", "null"))
                .find("\"f\" to be send, poll, pending or assign"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "send", "e1", "1") + Ok(1, 1, 1, "send", "e1", "2"))
                .find("a send's ok value: its message value 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "send", "e1", "1") + Ok(1, 1, 1, "send", "e2", "1"))
                .find("the completion of process 1's send of e1"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(5, 1, 1, "send", "e1", "1") + Ok(1, 1, 1, "send", "e1", "1"))
                .find("a completion time at or after its invocation's"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Pending(0, 1, 1, "[[\"e1\"]]")).find("a pending's value"), std::string::npos);
  EXPECT_NE(ErrorOf("{\"time\":1,\"process\":1,\"type\":\"invoke\",\"type\":\"ok\"}\n")
                .find("each field once"),
            std::string::npos);
  EXPECT_NE(ErrorOf("hello\n").find("h.jsonl:1: expected a messaging history"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(200, '[') + "\n", MessageFormat::kFaultline).find("h.jsonl:1"),
            std::string::npos);
}

TEST(MessageHistoryTest, EmptyIsValid) {
  const MessageHistory h = Parse("\n  \n", MessageFormat::kAuto);
  EXPECT_TRUE(h.ops.empty());
  EXPECT_EQ(h.format, "");
}

TEST(MessageHistoryTest, FormatNames) {
  EXPECT_EQ(*ParseMessageFormat("maelstrom-kafka"), MessageFormat::kMaelstromKafka);
  EXPECT_FALSE(ParseMessageFormat("kafka").ok());
  EXPECT_EQ(MessageFormatName(MessageFormat::kFaultline), "faultline");
}

constexpr char kMaelstrom[] =
    R"({:type :invoke, :f :send, :value [[:send "9" 3]], :time 100, :process 0, :index 0}
{:type :invoke, :f :assign, :value ["9"], :time 110, :process 1, :index 1}
{:type :ok, :f :send, :value [[:send "9" [12 3]]], :time 200, :process 0, :index 2}
{:type :ok, :f :assign, :value ["9"], :time 210, :process 1, :index 3}
{:type :info, :f :start-partition, :value nil, :time 250, :process :nemesis, :index 4}
{:type :invoke, :f :poll, :value [[:poll]], :time 300, :process 1, :index 5}
{:type :ok, :f :poll, :value [[:poll {"9" [[12 3]]}]], :time 400, :process 1, :index 6}
{:type :invoke, :f :send, :value [[:send "9" 4]], :time 450, :process 4, :index 7}
{:type :info, :f :send, :time 460, :process 4, :index 7}
{:type :invoke, :f :crash, :value nil, :time 500, :process 2, :index 7}
{:type :info, :f :crash, :value nil, :time 510, :process 2, :index 8}
)";

TEST(MessageHistoryTest, ReadsMaelstromKafka) {
  const MessageHistory h = Parse(kMaelstrom, MessageFormat::kAuto);
  EXPECT_EQ(h.format, "maelstrom-kafka");
  ASSERT_EQ(h.ops.size(), 4u);
  EXPECT_EQ(h.ops[3].key, "9");  // an info send without a value keeps its invocation's key
  EXPECT_EQ(h.ops[3].status, OpStatus::kInfo);
  EXPECT_EQ(h.ops[0].f, "send");
  EXPECT_EQ(h.ops[0].key, "9");
  EXPECT_EQ(h.ops[0].value, 3);
  EXPECT_EQ(h.ops[0].offset, 12);
  EXPECT_EQ(h.ops[0].complete_ns, 200);
  EXPECT_EQ(h.ops[1].f, "assign");
  ASSERT_EQ(h.ops[2].polled.size(), 1u);
  EXPECT_EQ(h.ops[2].polled[0].offset, 12);
  ASSERT_EQ(h.notes.size(), 2u);
  const OrderingReport r = CheckOrdering(h);
  EXPECT_TRUE(r.log);
  EXPECT_TRUE(r.anomalies.empty());
}

TEST(MessageHistoryTest, MaelstromErrors) {
  EXPECT_NE(ErrorOf("[{:type :invoke, :f :txn, :value [[:send \"1\" 2] [:poll]], :process 0}]")
                .find(":txn histories are not read"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("{:type :invoke, :f :send, :value [[:send \"1\" 2] [:send \"1\" 3]], :process 0}")
          .find("one micro-op"),
      std::string::npos);
  EXPECT_NE(ErrorOf("{:type :invoke, :f :poll, :value [[:poll]], :process 0}\n"
                    "{:type :ok, :f :poll, :value [[:poll {\"1\" [[0]]}]], :process 0}")
                .find("h.jsonl:2:"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[{:type :invoke, :f :poll, :value [[:poll]], :process 0}")
                .find("']' closing the history"),
            std::string::npos);
}

}  // namespace
}  // namespace faultline::checkers::ordering

namespace faultline::checkers::ordering {
namespace {

using namespace testing;  // NOLINT: the test's line builders

// log.partitioned's shapes: send ok [offset, value, partition], poll entries with the
// partition as a 4th element, a poll invocation naming the positions it asks for.
TEST(MessageHistoryTest, ReadsPartitionedLogShapes) {
  const MessageHistory h =
      Parse(Invoke(0, 1, 1, "send", "e1", "5") + Ok(10, 1, 1, "send", "e1", "[3,5,2]") +
            Invoke(20, 2, 2, "poll", "", "[[2,3]]") +
            Ok(30, 2, 2, "poll", "", "[[\"e1\",3,5,2],[\"e2\",4,1,\"2\"]]"));
  ASSERT_EQ(h.ops.size(), 2u);
  EXPECT_EQ(h.ops[0].offset, 3);
  EXPECT_EQ(h.ops[0].partition, "2");
  ASSERT_EQ(h.ops[1].polled.size(), 2u);
  EXPECT_EQ(h.ops[1].polled[0].partition, "2");
  EXPECT_EQ(h.ops[1].polled[1].partition, "2");
}

TEST(MessageHistoryTest, PartitionedLogShapesRefused) {
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "send", "e1", "5") + Ok(1, 1, 1, "send", "e1", "[3,5,2,9]"))
                .find("or [offset, 5, partition] (a log)"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "send", "e1", "5") + Ok(1, 1, 1, "send", "e1", "[3,5,null]"))
                .find("expected a send's partition to be a partition: an integer or a non-empty "
                      "string"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Poll(0, 1, 1, 1, "[[\"k\",1,2,[]]]"))
                .find("a poll entry's partition to be a partition"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Invoke(0, 1, 1, "poll", "", "7"))
                .find("a null value for a poll invocation (or a list of the positions asked for)"),
            std::string::npos);
}

}  // namespace
}  // namespace faultline::checkers::ordering
