// Reads a history for the linearizability checker from one of four text formats:
//
//   faultline     history.jsonl as `faultline run` writes it (sim/history.h), one JSON
//                 object per line with "time", "process", "type", "f", "key", "value";
//                 a node's "observe" lines are skipped when every op is a kv op (read,
//                 write, cas, read-local) and an error otherwise (a messaging or lock
//                 history, for --checkers ordering or mutual-exclusion);
//   jepsen-etcd   Jepsen's etcd logs as porcupine ships them:
//                 `INFO  jepsen.util - 3	:invoke	:cas	[1 2]`;
//   porcupine-kv  porcupine's kv histories, one EDN map per line:
//                 `{:process 0, :type :invoke, :f :get, :key "4", :value nil}`;
//   jepsen-edn    Jepsen's own history.edn (as Knossos reads it): a vector or list of op
//                 maps `{:process 0, :type :invoke, :f :cas, :value [1 2], :time 5}`,
//                 over any number of lines, with `;` comments; `:process :nemesis` ops
//                 are skipped (History::notes says how many); a `[KEY VALUE]` value
//                 (jepsen.independent) names the op's key. Errors name LINE:COLUMN.
//
// A history with no keys (Jepsen's single-register tests, etcd logs) is one object: every
// op has key "", and the checker treats it as a single register.
//
// An invocation pairs with the same process's next completion. Formats without times use
// line numbers as call and return times (only their order matters to the checker).
// `:info`, and an invocation still open at the end of the file, give Status::kInfo with
// ret == kOpenEnded. A malformed line is an InvalidArgument error "FILE:LINE: expected
// ..., found ...", never a crash; an empty file is an empty (valid) history.
//
//   absl::StatusOr<History> h = ReadHistoryFile("runs/x/history.jsonl", HistoryFormat::kAuto);
#ifndef FAULTLINE_CHECKERS_HISTORY_READER_H_
#define FAULTLINE_CHECKERS_HISTORY_READER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "checkers/operation.h"

namespace faultline::checkers {

enum class HistoryFormat { kAuto, kFaultline, kJepsenEtcd, kPorcupineKv, kJepsenEdn };

// "auto", "faultline", "jepsen-etcd", "porcupine-kv" or "jepsen-edn".
[[nodiscard]] absl::StatusOr<HistoryFormat> ParseHistoryFormat(std::string_view name);

// The flag spelling of `format` (the inverse of ParseHistoryFormat).
std::string_view HistoryFormatName(HistoryFormat format);

// Reads and parses `path`. NotFound when the file cannot be opened.
[[nodiscard]] absl::StatusOr<History> ReadHistoryFile(const std::string& path,
                                                      HistoryFormat format);

// Parses `text`; `source` names it in error messages and in History::source. kAuto picks
// the format from the first non-empty line: `INFO` jepsen-etcd, `{"` faultline, `{:`
// with a `:key` porcupine-kv, `{:` without one (Jepsen's bracketless history.edn), `[`,
// `(` or `;` jepsen-edn.
[[nodiscard]] absl::StatusOr<History> ReadHistoryText(std::string_view text,
                                                      std::string_view source,
                                                      HistoryFormat format);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_HISTORY_READER_H_
