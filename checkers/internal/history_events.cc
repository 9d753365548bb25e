#include "checkers/internal/history_events.h"

#include <charconv>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline::checkers::internal {
namespace {

// Reads (ok) return the value they saw; other ops only echo their input.
bool ReturnsValue(std::string_view f) {
  return f == "read" || f == "get" || f == "dequeue" || f == "read-local";
}

std::string_view TypeName(EventType t) {
  switch (t) {
    case EventType::kInvoke:
      return "invoke";
    case EventType::kOk:
      return "ok";
    case EventType::kFail:
      return "fail";
    case EventType::kInfo:
      return "info";
  }
  return "?";
}

}  // namespace

std::optional<int64_t> ParseInt(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

absl::Status HistoryBuilder::Add(const Event& e, const LineRef& at) {
  auto open = open_.find(e.process);
  if (e.type == EventType::kInvoke) {
    if (open != open_.end()) {
      return LineError(
          at,
          absl::StrCat("a completion for process ", e.process, " (its invocation on line ",
                       ops_[open->second].line, " is still open)"),
          "another invocation");
    }
    Operation op;
    op.id = e.op_id != 0 ? e.op_id : static_cast<int64_t>(ops_.size()) + 1;
    // One number, one op: the checker's evidence names ops by it. (Lines without "op"
    // are numbered by position, so mixing the two can collide too.)
    if (const auto [it, added] = id_lines_.emplace(op.id, at.line); !added) {
      return LineError(
          at,
          absl::StrCat("an op number not used before (op ", op.id, " is the op invoked on line ",
                       it->second, e.op_id != 0 ? ")" : "; this line has no \"op\" and is numbered by position)"),
          absl::StrCat("op ", op.id));
    }
    op.client = e.client;
    if (e.op_id != 0) op_numbered_.insert(at.line);
    op.process = e.process;
    op.f = e.f;
    op.key = e.key;
    op.input = e.value;
    op.input2 = e.value2;
    // Until a read completes ok nobody has seen its result: an info read matches any
    // state, it does not claim to have read nil.
    if (ReturnsValue(op.f)) op.output = Value::Unknown();
    op.call = e.time;
    op.ret = kOpenEnded;
    op.status = Status::kInfo;
    op.line = at.line;
    open_.emplace(e.process, ops_.size());
    ops_.push_back(std::move(op));
    return absl::OkStatus();
  }
  if (open == open_.end()) {
    return LineError(
        at,
        absl::StrCat("an invocation by process ", e.process, " before its ", Sv(TypeName(e.type))),
        absl::StrCat(Sv(TypeName(e.type)), " with no open invocation"));
  }
  Operation& op = ops_[open->second];
  if (e.f != op.f) {
    return LineError(at, absl::StrCat("f '", op.f, "' (as invoked on line ", op.line, ")"), e.f);
  }
  if (e.key != op.key) {
    return LineError(at, absl::StrCat("key '", op.key, "' (as invoked on line ", op.line, ")"),
                     e.key);
  }
  if (e.op_id != 0 && e.op_id != op.id) {
    return LineError(at,
                     op_numbered_.count(op.line) != 0
                         ? absl::StrCat("op ", op.id, " (as invoked on line ", op.line, ")")
                         : absl::StrCat("no \"op\" (the invocation on line ", op.line,
                                        " has none)"),
                     absl::StrCat("op ", e.op_id));
  }
  if (!e.client.empty() && !op.client.empty() && e.client != op.client) {
    return LineError(at, absl::StrCat("client '", op.client, "' (as invoked on line ", op.line, ")"),
                     e.client);
  }
  if (e.time < op.call) {
    return LineError(
        at,
        absl::StrCat("a time at or after the invocation's (", op.call, " on line ", op.line, ")"),
        std::to_string(e.time));
  }
  open_.erase(open);
  switch (e.type) {
    case EventType::kOk:
      op.status = Status::kOk;
      op.ret = e.time;
      if (ReturnsValue(op.f)) op.output = e.value;
      break;
    case EventType::kFail:
      op.status = Status::kFail;
      op.ret = e.time;
      break;
    case EventType::kInfo:
    case EventType::kInvoke:  // handled above
      op.status = Status::kInfo;
      op.ret = kOpenEnded;
      break;
  }
  return absl::OkStatus();
}

std::vector<Operation> HistoryBuilder::Finish() {
  open_.clear();  // their ops already read kInfo / kOpenEnded
  return std::move(ops_);
}

}  // namespace faultline::checkers::internal
