// The lock history reader: every observation's fields land in the struct, and malformed
// lines are refused with the file, the line and the field to fix.
#include "checkers/locks/lock_history.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline::checkers::locks {
namespace {

constexpr char kInvoke[] =
    R"({"time":0,"process":1,"client":"c1","op":7,"type":"invoke","f":"request","key":"L1","value":null})";

absl::Status ReadError(const std::string& text) {
  absl::StatusOr<LockHistory> h = ReadLockHistoryText(text, "h.jsonl");
  return h.ok() ? absl::OkStatus() : h.status();
}

void ExpectError(const std::string& text, const std::string& want) {
  const absl::Status st = ReadError(text);
  ASSERT_FALSE(st.ok()) << "accepted: " << text;
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(st.message()).find(want), std::string::npos) << st.message();
}

TEST(LockHistoryTest, ReadsEveryKindOfLine) {
  const std::string text =
      std::string(kInvoke) + "\n" +
      R"({"time":5,"node":"n1","type":"observe","f":"grant","key":"L1","value":3,"detail":{"owner":"n2/t4","ttl_ns":100,"previous":"n3/t1","previous_expired":true}}
{"time":6,"node":"n2","type":"observe","f":"acquire","key":"L1","value":3,"detail":{"thread":"t4","op":7,"attempts":2,"wait_ns":6,"ttl_ns":100,"servers":3,"validity_ns":-4}}
{"time":7,"node":"n4","type":"observe","f":"write","key":"L1","value":3,"detail":{"holder":"n2/t4","op":7,"accepted":false,"highest":2}}
{"time":8,"node":"n2","type":"observe","f":"release","key":"L1","value":3,"detail":{"thread":"t4","op":7,"held_ns":2,"outcome":"abandoned"}}
{"time":9,"node":"n2","type":"observe","f":"pause","key":null,"value":4,"detail":{"expected_ns":3}}
{"time":10,"node":"n1","type":"observe","f":"load","key":null,"value":2,"detail":{"in_service":1,"served":9,"busy_ns":50}}
{"time":11,"node":"n9","type":"observe","f":"apply","key":"e1","value":1}
{"time":12,"process":1,"client":"c1","op":7,"type":"fail","f":"request","key":"L1","value":"fenced"}
)";
  absl::StatusOr<LockHistory> h = ReadLockHistoryText(text, "h.jsonl");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->requests.size(), 1u);
  EXPECT_EQ(h->requests[0].op, 7);
  EXPECT_EQ(h->requests[0].status, RequestStatus::kFail);
  EXPECT_EQ(h->requests[0].reason, "fenced");
  EXPECT_EQ(h->requests[0].complete_ns, 12);
  ASSERT_EQ(h->grants.size(), 1u);
  EXPECT_EQ(h->grants[0].previous, "n3/t1");
  EXPECT_TRUE(h->grants[0].previous_expired);
  ASSERT_EQ(h->acquires.size(), 1u);
  EXPECT_EQ(h->acquires[0].holder(), "n2/t4");
  EXPECT_EQ(h->acquires[0].first_attempt_ns(), 0);
  EXPECT_EQ(h->acquires[0].servers, 3);
  EXPECT_EQ(h->acquires[0].validity_ns, -4);
  ASSERT_EQ(h->writes.size(), 1u);
  EXPECT_FALSE(h->writes[0].accepted);
  EXPECT_EQ(h->writes[0].highest, 2);
  ASSERT_EQ(h->releases.size(), 1u);
  EXPECT_EQ(h->releases[0].outcome, "abandoned");
  ASSERT_EQ(h->pauses.size(), 1u);
  EXPECT_EQ(h->pauses[0].began_ns, 5);  // 9 - gap 4
  EXPECT_EQ(h->pauses[0].due_ns, 3);    // on the pod's skewed clock
  ASSERT_EQ(h->loads.size(), 1u);
  EXPECT_EQ(h->loads[0].busy_ns, 50);
  EXPECT_EQ(h->other_observations, 1);
  EXPECT_EQ(h->end_ns, 12);
  EXPECT_EQ(h->observations(), 7);
}

TEST(LockHistoryTest, AnOpenRequestIsATimeoutWithANote) {
  absl::StatusOr<LockHistory> h = ReadLockHistoryText(kInvoke, "h.jsonl");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->requests[0].status, RequestStatus::kInfo);
  EXPECT_FALSE(h->requests[0].completed);
  ASSERT_EQ(h->notes.size(), 1u);
  EXPECT_NE(h->notes[0].find("1 request(s) still open"), std::string::npos);
}

TEST(LockHistoryTest, MalformedLinesNameTheLineAndTheField) {
  const std::string acquire =
      R"({"time":6,"node":"n2","type":"observe","f":"acquire","key":"L1","value":3,"detail":)";
  ExpectError("not json", "h.jsonl:1: expected a JSON object");
  ExpectError(std::string(kInvoke) + "\n" + acquire +
                  R"({"thread":"t4","op":7,"attempts":2,"ttl_ns":100}})",
              "h.jsonl:2: expected detail \"wait_ns\" on an acquire line (first attempt to grant)");
  ExpectError(acquire + R"({"thread":"t4","op":7,"attempts":0,"wait_ns":1,"ttl_ns":100}})",
              "h.jsonl:1: expected detail \"attempts\" to be at least 1");
  // Past 2^61 a lease's end (grant + TTL) would overflow.
  ExpectError(acquire +
                  R"({"thread":"t4","op":7,"attempts":1,"wait_ns":1,"ttl_ns":9223372036854775807}})",
              "h.jsonl:1: expected detail \"ttl_ns\" to be an integer from -2^61 to 2^61 (73 "
              "years in ns), found '9223372036854775807'");
  ExpectError(acquire + R"({"thread":"t4","op":"x","attempts":1,"wait_ns":1,"ttl_ns":100}})",
              "h.jsonl:1: expected detail \"op\" to be an integer, found '\"x\"'");
  ExpectError(
      R"({"time":1,"node":"n4","type":"observe","f":"write","key":"L1","value":3,"detail":{"holder":"n2/t4","op":7,"accepted":"yes","highest":2}})",
      "expected detail \"accepted\" to be true or false");
  ExpectError(
      R"({"time":1,"node":"n2","type":"observe","f":"release","key":"L1","value":3,"detail":{"thread":"t4","op":7,"held_ns":2,"outcome":"dropped"}})",
      "expected detail \"outcome\" to be \"released\" or \"abandoned\", found 'dropped'");
  ExpectError(R"({"time":1,"type":"observe","f":"grant","key":"L1","value":3})",
              "expected a \"node\" field");
  ExpectError(
      R"({"time":1,"node":"n1","type":"observe","f":"grant","key":null,"value":3,"detail":{}})",
      "expected \"key\" to be the lock's name");
  ExpectError(std::string(kInvoke) + "\n" +
                  R"({"time":3,"process":1,"type":"ok","f":"request","key":"L1","value":"x"})",
              "h.jsonl:2: expected an ok request's value to be the fencing token");
  ExpectError(std::string(kInvoke) + "\n" +
                  R"({"time":3,"process":1,"type":"fail","f":"request","key":"L1","value":4})",
              "expected a failed request's value to be the reason");
  ExpectError(R"({"time":3,"process":1,"type":"ok","f":"request","key":"L1","value":1})",
              "expected an invocation of process 1 before its completion");
  ExpectError(std::string(kInvoke) + "\n" + kInvoke,
              "h.jsonl:2: expected a completion of process 1");
  ExpectError(R"({"time":0,"process":1,"type":"invoke","f":"read","key":"L1","value":null})",
              "expected \"f\" to be request");
  ExpectError(R"({"time":-1,"process":1,"type":"invoke","f":"request","key":"L1","value":null})",
              "expected \"time\" to be 0 or more");
}

}  // namespace
}  // namespace faultline::checkers::locks
