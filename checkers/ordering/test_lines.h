// Builders for hand-written messaging histories in the ordering checker's tests: each
// returns one history.jsonl line, times in milliseconds.
//   std::string h = Invoke(10, 1, 1, "send", "e7", "1") + Ok(20, 1, 1, "send", "e7", "1") +
//                   Apply(30, "e7", 1, 1, "n2");
#ifndef FAULTLINE_CHECKERS_ORDERING_TEST_LINES_H_
#define FAULTLINE_CHECKERS_ORDERING_TEST_LINES_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"
#include "gtest/gtest.h"

namespace faultline::checkers::ordering::testing {

inline constexpr int64_t kMs = 1'000'000;

inline std::string KeyJson(const std::string& key) {
  return key.empty() ? "null" : absl::StrCat("\"", key, "\"");
}

inline std::string Line(int64_t ms, int64_t process, int64_t op, const std::string& type,
                        const std::string& f, const std::string& key, const std::string& value) {
  return absl::StrCat("{\"time\":", ms * kMs, ",\"process\":", process, ",\"client\":\"c",
                      process, "\",\"op\":", op, ",\"type\":\"", type, "\",\"f\":\"", f,
                      "\",\"key\":", KeyJson(key), ",\"value\":", value, "}\n");
}
inline std::string Invoke(int64_t ms, int64_t process, int64_t op, const std::string& f,
                          const std::string& key, const std::string& value) {
  return Line(ms, process, op, "invoke", f, key, value);
}
inline std::string Ok(int64_t ms, int64_t process, int64_t op, const std::string& f,
                      const std::string& key, const std::string& value) {
  return Line(ms, process, op, "ok", f, key, value);
}
// A send invoked at `from` and acknowledged at `to` (a broker's: ok value = the value).
inline std::string Send(int64_t from, int64_t to, int64_t process, int64_t op,
                        const std::string& key, int64_t value) {
  return Invoke(from, process, op, "send", key, absl::StrCat(value)) +
         Ok(to, process, op, "send", key, absl::StrCat(value));
}
// A send to a log, acknowledged with `offset`.
inline std::string LogSend(int64_t from, int64_t to, int64_t process, int64_t op,
                           const std::string& key, int64_t value, int64_t offset) {
  return Invoke(from, process, op, "send", key, absl::StrCat(value)) +
         Ok(to, process, op, "send", key, absl::StrCat("[", offset, ",", value, "]"));
}
// A poll that returned `triples` ("[[\"k\",0,1],...]").
inline std::string Poll(int64_t from, int64_t to, int64_t process, int64_t op,
                        const std::string& triples) {
  return Invoke(from, process, op, "poll", "", "null") + Ok(to, process, op, "poll", "", triples);
}
inline std::string Pending(int64_t at, int64_t process, int64_t op, const std::string& pairs) {
  return Invoke(at, process, op, "pending", "", "null") + Ok(at + 1, process, op, "pending", "", pairs);
}
inline std::string Observe(int64_t ms, const std::string& node, const std::string& f,
                           const std::string& key, int64_t value, const std::string& detail) {
  return absl::StrCat("{\"time\":", ms * kMs, ",\"node\":\"", node,
                      "\",\"type\":\"observe\",\"f\":\"", f, "\",\"key\":\"", key,
                      "\",\"value\":", value, ",\"detail\":", detail, "}\n");
}
inline std::string Apply(int64_t ms, const std::string& key, int64_t value, int64_t op,
                         const std::string& consumer, int64_t deliveries = 1,
                         int64_t requeues = 0) {
  return Observe(ms, "n9", "apply", key, value,
                 absl::StrCat("{\"op\":", op, ",\"consumer\":\"", consumer,
                              "\",\"deliveries\":", deliveries, ",\"requeues\":", requeues, "}"));
}

inline MessageHistory Parse(const std::string& text,
                            MessageFormat format = MessageFormat::kFaultline) {
  absl::StatusOr<MessageHistory> h = ReadMessageHistoryText(text, "t.jsonl", format);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *std::move(h) : MessageHistory{};
}

inline int64_t Count(const OrderingReport& r, const std::string& kind) {
  const auto it = r.anomalies.find(kind);
  return it == r.anomalies.end() ? 0 : it->second.count;
}

inline std::string First(const OrderingReport& r, const std::string& kind) {
  const auto it = r.anomalies.find(kind);
  return it == r.anomalies.end() || it->second.examples.empty() ? "" : it->second.examples[0];
}

}  // namespace faultline::checkers::ordering::testing

#endif  // FAULTLINE_CHECKERS_ORDERING_TEST_LINES_H_
