// A history of multi-key ops as the read-atomic checker reads it: kv.sharded's kv-multi
// workload in faultline's history.jsonl, each `multi-read` / `multi-write` paired invoke
// with completion per process. A multi-key op's key is the list of its keys, a
// multi-write's value the one integer it writes to each, and an ok multi-read's value the
// list of what it read, in key order (null: never written):
//   {"time":T,"process":3,"client":"c4","op":12,"type":"invoke","f":"multi-write","key":["k1","k7"],"value":5}
//   {"time":T,"process":2,"client":"c3","op":13,"type":"ok","f":"multi-read","key":["k1","k7"],"value":[5,null]}
// Other client ops are paired too but not judged (counted); observe lines are skipped. A
// line that breaks the shape is an InvalidArgument error "FILE:LINE: expected ..., found
// '...'" naming the field.
//
//   absl::StatusOr<MultiKeyHistory> h = ReadMultiKeyHistoryFile("runs/x/history.jsonl");
//   for (const MultiKeyOp& op : h->ops) if (op.f == "multi-read") ...
#ifndef FAULTLINE_CHECKERS_MULTIKEY_MULTIKEY_HISTORY_H_
#define FAULTLINE_CHECKERS_MULTIKEY_MULTIKEY_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace faultline::checkers::multikey {

inline constexpr char kMultiReadF[] = "multi-read";
inline constexpr char kMultiWriteF[] = "multi-write";

enum class MultiOutcome { kOk, kFail, kInfo };

struct MultiKeyOp {
  int64_t line = 0;  // the invocation's line
  int64_t process = 0;
  uint64_t op = 0;       // the op's number ("op"); 0 when the history has none
  std::string client{};  // "c4"; "" when the history has none
  std::string f{};       // multi-read or multi-write
  std::vector<std::string> keys{};
  int64_t written = 0;  // multi-write: the value it writes to every key
  // An ok multi-read: what it read per key, in key order; nullopt: never written.
  std::vector<std::optional<int64_t>> read{};
  int64_t invoke_ns = 0;
  int64_t complete_ns = -1;  // -1: never completed
  MultiOutcome outcome = MultiOutcome::kInfo;
};

struct MultiKeyHistory {
  std::string source{};
  std::vector<MultiKeyOp> ops{};  // multi-key ops, in invocation order
  int64_t other_ops = 0;          // single-key client ops: paired, not judged
  int64_t observations = 0;       // observe lines: skipped
  std::vector<std::string> notes{};
};

[[nodiscard]] absl::StatusOr<MultiKeyHistory> ReadMultiKeyHistoryFile(const std::string& path);
// `source` names the text in errors and in MultiKeyHistory::source.
[[nodiscard]] absl::StatusOr<MultiKeyHistory> ReadMultiKeyHistoryText(std::string_view text,
                                                                      std::string_view source);

}  // namespace faultline::checkers::multikey

#endif  // FAULTLINE_CHECKERS_MULTIKEY_MULTIKEY_HISTORY_H_
