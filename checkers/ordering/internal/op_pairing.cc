#include "checkers/ordering/internal/op_pairing.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline::checkers::ordering::internal {

absl::Status OpPairer::Invoke(ClientOp op, const LineRef& at) {
  if (const auto it = open_.find(op.process); it != open_.end()) {
    return LineError(at,
                     absl::StrCat("a completion of process ", op.process,
                                  "'s open invocation (line ", ops_[it->second].invoke_line,
                                  ") before its next invocation"),
                     absl::StrCat("another ", op.f, " invocation"));
  }
  if (op.id == 0) op.id = static_cast<int64_t>(ops_.size()) + 1;
  if (const auto [it, fresh] = id_lines_.emplace(op.id, at.line); !fresh) {
    return LineError(at, absl::StrCat("each op number once (line ", it->second, " is op ", op.id, ")"),
                     absl::StrCat("op ", op.id, " again"));
  }
  op.invoke_line = at.line;
  op.status = OpStatus::kInfo;
  op.completed = false;
  op.complete_ns = op.invoke_ns;
  open_[op.process] = ops_.size();
  ops_.push_back(std::move(op));
  return absl::OkStatus();
}

absl::StatusOr<ClientOp*> OpPairer::Complete(int64_t process, OpStatus status,
                                            std::string_view f, std::string_view key,
                                            int64_t time_ns, const LineRef& at) {
  const auto it = open_.find(process);
  if (it == open_.end()) {
    return LineError(at,
                     absl::StrCat("an invocation of process ", process,
                                  " before its completion (every ok, fail or info line closes "
                                  "its process's open invoke line)"),
                     absl::StrCat("a completion of ", Sv(f), " with none open"));
  }
  ClientOp& op = ops_[it->second];
  if (op.f != f || op.key != key) {
    return LineError(at,
                     absl::StrCat("the completion of process ", process, "'s ", op.f,
                                  op.key.empty() ? "" : " of ", op.key, " (invoked at line ",
                                  op.invoke_line, ")"),
                     absl::StrCat(Sv(f), key.empty() ? "" : " of ", Sv(key)));
  }
  if (time_ns < op.invoke_ns) {
    return LineError(at,
                     absl::StrCat("a completion time at or after its invocation's (", op.invoke_ns,
                                  ", line ", op.invoke_line, ")"),
                     absl::StrCat(time_ns));
  }
  open_.erase(it);
  op.status = status;
  op.completed = true;
  op.complete_ns = time_ns;
  op.complete_line = at.line;
  return &op;
}

absl::StatusOr<std::vector<ClientOp>> OpPairer::Finish(std::string_view source) {
  std::map<std::pair<std::string, int64_t>, int64_t> sent;  // (key, value) -> line
  for (const ClientOp& op : ops_) {
    if (op.f != "send") continue;
    const auto [it, fresh] = sent.emplace(std::pair{op.key, op.value}, op.invoke_line);
    if (!fresh) {
      return LineError(LineRef{source, op.invoke_line},
                       absl::StrCat("each message value once per key (line ", it->second,
                                    " sent ", op.value, " on ", op.key,
                                    " too): the checker tells messages apart by (key, value)"),
                       absl::StrCat("send ", op.value, " on ", op.key, " again"));
    }
  }
  open_.clear();
  return std::move(ops_);
}

}  // namespace faultline::checkers::ordering::internal
