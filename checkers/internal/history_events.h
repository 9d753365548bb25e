// Internals of the history readers (history_reader.h): each format's line parser turns a
// line into an Event, and one HistoryBuilder pairs invocations with completions, so the
// pairing rules and their error messages are the same for every format.
#ifndef FAULTLINE_CHECKERS_INTERNAL_HISTORY_EVENTS_H_
#define FAULTLINE_CHECKERS_INTERNAL_HISTORY_EVENTS_H_

#include <cstdint>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/line_error.h"
#include "checkers/operation.h"

namespace faultline::checkers::internal {

enum class EventType : uint8_t { kInvoke, kOk, kFail, kInfo };

// One line of a history.
struct Event {
  int64_t time = 0;
  int64_t process = 0;
  int64_t op_id = 0;   // the line's "op" number; 0: not given (number by position)
  std::string client;  // the line's client name; "": not given
  EventType type = EventType::kInvoke;
  std::string f;
  std::string key;
  Value value;   // the line's value; a cas's expected value
  Value value2;  // a cas's new value
};

// LineRef and LineError (base/line_error.h) give the "FILE:LINE: expected ..., found '...'"
// error every reader gives (shared with viz/'s trace reader, hence in base/).

// Parses a decimal int64 that is the whole of `text` (an optional '-', then digits).
std::optional<int64_t> ParseInt(std::string_view text);

// Line parsers. std::nullopt means "not an operation" (e.g. a nemesis line, or a
// faultline observe line): skip it.
absl::StatusOr<std::optional<Event>> ParseFaultlineLine(std::string_view line, const LineRef& at);
// ParseFaultlineLine without its fast path (faultline_line_fast.h): the full JSON parser
// that every line the fast path declines goes to, and the reference in its tests.
absl::StatusOr<std::optional<Event>> ParseFaultlineLineWithJson(std::string_view line,
                                                                const LineRef& at);
absl::StatusOr<std::optional<Event>> ParseJepsenEtcdLine(std::string_view line, const LineRef& at);
absl::StatusOr<std::optional<Event>> ParsePorcupineKvLine(std::string_view line, const LineRef& at);

class HistoryBuilder;

// Reads a whole Jepsen history.edn (read_jepsen_edn.cc) into `builder`; `skipped` counts
// the ops whose :process is not an integer (the nemesis's fault annotations).
absl::Status ParseJepsenEdn(std::string_view text, std::string_view source,
                            HistoryBuilder* builder, int64_t* skipped);

// Pairs events into operations, in invocation order.
class HistoryBuilder {
 public:
  // `expected_ops` is a capacity hint (e.g. half the file's lines).
  explicit HistoryBuilder(size_t expected_ops = 0) { ops_.reserve(expected_ops); }

  // Adds one event. Errors: a completion with no open invocation on its process, an
  // invocation while the process has one open, a completion whose f or key differ from
  // its invocation's, or a completion time before its invocation's.
  absl::Status Add(const Event& e, const LineRef& at);

  // Closes invocations still open at the end of the file as kInfo and returns the ops.
  std::vector<Operation> Finish();

 private:
  std::vector<Operation> ops_;
  std::map<int64_t, size_t> open_;  // process -> index in ops_ of its open invocation
  std::map<int64_t, int64_t> id_lines_;  // op number -> line of its invocation
  std::set<int64_t> op_numbered_;        // lines of invocations that gave "op"
};

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_HISTORY_EVENTS_H_
