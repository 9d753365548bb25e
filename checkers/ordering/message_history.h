// A messaging history as the `ordering` checker sees it: the producers' and consumers'
// client ops (send / poll / pending / assign, each invocation paired with its completion)
// and the nodes' observations (apply / requeue / redeliver / dead-letter), read from
//
//   faultline        history.jsonl as `faultline run` writes it: client op lines
//                      {"time":T,"process":P,"client":"c1","op":41,"type":"invoke","f":"send","key":"e7","value":2}
//                    and node observations (sim/node.h Context::Observe)
//                      {"time":T,"node":"n5","type":"observe","f":"apply","key":"e7","value":2,
//                       "detail":{"op":41,"consumer":"n2","deliveries":1,"requeues":0}}
//   maelstrom-kafka  the history.edn of Maelstrom's kafka workload (Jepsen's kafka ops with
//                    one micro-op each): {:process 0, :type :ok, :f :send,
//                    :value [[:send "5" [12 3]]]}, {:f :poll, :value [[:poll {"5" [[12 3]]}]]},
//                    {:f :assign, :value ["5" "6"]}; nemesis and :crash ops are skipped.
//
// Strict as the kv readers are (history_reader.h): a bad line is an InvalidArgument
// "FILE:LINE: expected ..., found ..." naming the field and the fix; an op number given
// twice, a completion with no open invocation, or a message value sent twice on one key is
// refused. A message is (key, value): values are unique per key.
//
//   absl::StatusOr<MessageHistory> h = ReadMessageHistoryFile("runs/x/history.jsonl",
//                                                             MessageFormat::kAuto);
#ifndef FAULTLINE_CHECKERS_ORDERING_MESSAGE_HISTORY_H_
#define FAULTLINE_CHECKERS_ORDERING_MESSAGE_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace faultline::checkers::ordering {

// kInfo also stands for an invocation still open at the end of the file.
enum class OpStatus : uint8_t { kOk, kFail, kInfo };

// One message a poll returned, in the order the poll returned it.
struct Polled {
  std::string key;
  int64_t offset = 0;
  int64_t value = 0;
  std::string partition = {};  // when the history names it (a log whose keys share partitions)
};

struct KeyValue {
  std::string key;
  int64_t value = 0;
};

struct ClientOp {
  int64_t id = 0;      // the line's "op" number, else its position in invocation order
  std::string client;  // "c1" when the history names it, else ""
  int64_t process = 0;
  std::string f;    // send | poll | pending | assign (maelstrom also: subscribe, crash)
  std::string key;  // send: the message's key; "" otherwise
  OpStatus status = OpStatus::kInfo;
  int64_t invoke_ns = 0;
  int64_t complete_ns = 0;  // == invoke_ns's line order only when the format has no times
  bool completed = false;   // false: still open at the end of the file
  int64_t invoke_line = 0;
  int64_t complete_line = 0;

  int64_t value = 0;                  // send: the message's value
  std::optional<int64_t> offset;      // send to a log: the offset its ok assigned
  std::string partition;              // send to a log: the key's partition, when given
  std::vector<Polled> polled;         // ok poll
  std::vector<KeyValue> pending;      // ok pending: the broker's queue at the end
  std::vector<std::string> assigned;  // assign / subscribe: the keys
};

enum class ObservationKind : uint8_t { kApply, kRequeue, kRedeliver, kDeadLetter, kOther };

// A node's observation; detail fields a line leaves out stay 0 / "".
struct NodeObservation {
  ObservationKind kind = ObservationKind::kOther;
  std::string f;
  std::string node;
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string key;
  int64_t value = 0;
  int64_t op = 0;  // detail.op: the send's op number
  std::string consumer;
  int64_t deliveries = 0;
  int64_t requeues = 0;
  int64_t held_ns = 0;
  std::string reason;
};

struct MessageHistory {
  std::string source;
  std::string format;                         // "faultline" | "maelstrom-kafka" | "" (empty)
  std::vector<ClientOp> ops;                  // in invocation order
  std::vector<NodeObservation> observations;  // in file order (time order)
  std::vector<std::string> notes;             // what the reader skipped, in words
};

enum class MessageFormat { kAuto, kFaultline, kMaelstromKafka };

// "auto", "faultline" or "maelstrom-kafka".
[[nodiscard]] absl::StatusOr<MessageFormat> ParseMessageFormat(std::string_view name);
std::string_view MessageFormatName(MessageFormat format);

// NotFound when the file cannot be opened.
[[nodiscard]] absl::StatusOr<MessageHistory> ReadMessageHistoryFile(const std::string& path,
                                                                    MessageFormat format);

// kAuto: a first non-blank line starting with `{"` is faultline; `[`, `(`, `;` or `{:` is
// maelstrom-kafka.
[[nodiscard]] absl::StatusOr<MessageHistory> ReadMessageHistoryText(std::string_view text,
                                                                    std::string_view source,
                                                                    MessageFormat format);

}  // namespace faultline::checkers::ordering

#endif  // FAULTLINE_CHECKERS_ORDERING_MESSAGE_HISTORY_H_
