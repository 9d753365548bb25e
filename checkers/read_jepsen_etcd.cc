// Parses one line of a Jepsen etcd log as porcupine ships them (any whitespace between
// fields; files 000-099 use tabs, 100-102 runs of spaces):
//   INFO  jepsen.util - 4	:invoke	:cas	[1 2]
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/internal/history_events.h"

namespace faultline::checkers::internal {
namespace {

constexpr char kShape[] = "'INFO jepsen.util - PROCESS :TYPE :F VALUE'";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// A keyword such as ":invoke": ':' then letters, digits or '-'.
std::optional<std::string_view> Keyword(std::string_view token) {
  if (token.size() < 2 || token[0] != ':') return std::nullopt;
  for (char c : token.substr(1)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return std::nullopt;
  }
  return token.substr(1);
}

// nil or an integer.
std::optional<Value> Scalar(std::string_view token) {
  if (token == "nil") return Value::Nil();
  if (std::optional<int64_t> v = ParseInt(token)) return Value::Int(*v);
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::optional<Event>> ParseJepsenEtcdLine(std::string_view line, const LineRef& at) {
  const std::vector<std::string_view> t = SplitWhitespace(line);
  if (t.size() < 4 || t[0] != "INFO" || t[1] != "jepsen.util" || t[2] != "-") {
    return LineError(at, kShape, line);
  }
  // The nemesis logs its faults in the same stream; they are not client operations.
  if (t[3] == ":nemesis") return std::nullopt;
  if (t.size() < 7) return LineError(at, kShape, line);
  Event e;
  const std::optional<int64_t> process = ParseInt(t[3]);
  if (!process || *process < 0) return LineError(at, "a process id (an integer >= 0)", t[3]);
  e.process = *process;
  e.time = at.line;
  const std::optional<std::string_view> type = Keyword(t[4]);
  if (type == "invoke") {
    e.type = EventType::kInvoke;
  } else if (type == "ok") {
    e.type = EventType::kOk;
  } else if (type == "fail") {
    e.type = EventType::kFail;
  } else if (type == "info") {
    e.type = EventType::kInfo;
  } else {
    return LineError(at, "a type :invoke, :ok, :fail or :info", t[4]);
  }
  const std::optional<std::string_view> f = Keyword(t[5]);
  if (!f) return LineError(at, "an operation such as :read, :write or :cas", t[5]);
  e.f = std::string(*f);

  const std::string_view value_text =
      line.substr(t[6].data() - line.data(), t.back().data() + t.back().size() - t[6].data());
  if (t.size() == 7 && t[6] == ":timed-out") {
    if (e.type == EventType::kInvoke || e.type == EventType::kOk) {
      return LineError(at, "a value (only :info and :fail may say :timed-out)", value_text);
    }
    // porcupine's reading: a timed-out read completed, but nobody saw what it returned;
    // any other timed-out op is indeterminate.
    if (e.type == EventType::kFail && e.f == "read") {
      e.type = EventType::kOk;
      e.value = Value::Unknown();
    } else {
      e.type = EventType::kInfo;
    }
    return e;
  }
  if (e.f == "cas") {
    // "[A B]" arrives as the two tokens "[A" and "B]".
    if (t.size() != 8 || t[6].size() < 2 || t[6][0] != '[' || t[7].size() < 2 ||
        t[7].back() != ']') {
      return LineError(at, "a cas value [EXPECTED NEW]", value_text);
    }
    const std::optional<Value> expected = Scalar(t[6].substr(1));
    const std::optional<Value> next = Scalar(t[7].substr(0, t[7].size() - 1));
    if (!expected || !next) return LineError(at, "a cas value [EXPECTED NEW]", value_text);
    e.value = *expected;
    e.value2 = *next;
    return e;
  }
  const std::optional<Value> v = t.size() == 7 ? Scalar(t[6]) : std::nullopt;
  if (!v) return LineError(at, "a value: nil or an integer", value_text);
  e.value = *v;
  return e;
}

}  // namespace faultline::checkers::internal
