// Pairs a messaging history's invocations with their completions, for both of its readers
// (message_history.cc, read_maelstrom_kafka.cc), so the pairing rules and their error
// messages are the same: a process has at most one open invocation; a completion pairs
// with its process's open one and must name the same f and key and not end before it
// began; op numbers are unique; a message (key, value) is sent at most once.
#ifndef FAULTLINE_CHECKERS_ORDERING_INTERNAL_OP_PAIRING_H_
#define FAULTLINE_CHECKERS_ORDERING_INTERNAL_OP_PAIRING_H_

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/line_error.h"
#include "checkers/ordering/message_history.h"

namespace faultline::checkers::ordering::internal {

class OpPairer {
 public:
  // Adds an invocation (op.process, f, key, invoke_ns and its value set); op.id 0 means
  // "number it by position". Errors: the process has an open invocation; the op number
  // was used before.
  [[nodiscard]] absl::Status Invoke(ClientOp op, const LineRef& at);

  // Closes `process`'s open invocation with `status` at `time_ns` and returns it for the
  // caller to fill in the completion's value. Errors: no open invocation, another f or
  // key, a time before the invocation's.
  [[nodiscard]] absl::StatusOr<ClientOp*> Complete(int64_t process, OpStatus status,
                                                   std::string_view f, std::string_view key,
                                                   int64_t time_ns, const LineRef& at);

  // The ops in invocation order, open ones left as info. Error: a message value sent
  // twice on one key (values are unique per key, so a message is (key, value)).
  [[nodiscard]] absl::StatusOr<std::vector<ClientOp>> Finish(std::string_view source);

 private:
  std::vector<ClientOp> ops_;
  std::map<int64_t, size_t> open_;        // process -> index in ops_
  std::map<int64_t, int64_t> id_lines_;   // op number -> line of its invocation
};

}  // namespace faultline::checkers::ordering::internal

#endif  // FAULTLINE_CHECKERS_ORDERING_INTERNAL_OP_PAIRING_H_
