// A linearizability check report (docs/check-report.md) as viz/ reads it back for the
// failure view. viz/ links only base/, so it reads the JSON into its own small struct
// instead of using checkers/ types; the CLI writes the JSON, this file only reads it.
//
// Accepts the object `faultline check --report FILE` writes, or a whole results.json (its
// "checkers" -> "linearizability" entry). Fields the view does not use are ignored, so a
// newer report with extra fields still reads.
//
//   absl::StatusOr<CheckReport> r = ReadCheckReportFile("evidence.json");
//   // error: "evidence.json: violation.stuck_op.call: expected an integer, found '\"x\"'"
#ifndef FAULTLINE_VIZ_CHECK_REPORT_READER_H_
#define FAULTLINE_VIZ_CHECK_REPORT_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace faultline::viz {

// One op of the evidence. Values are kept as compact JSON text (null, 5, "x", [1,2]).
struct ReportOp {
  int64_t index = 0;    // position in the history; the same op has the same index everywhere
  int64_t id = 0;       // the op's number users see ("op 12"): the report's "id", else index + 1
  std::string client;   // "c4" when the history names its clients, else ""
  int64_t line = 0;     // 1-based line of its invocation in the history file
  int64_t process = 0;  // the client process
  std::string f;        // read, write, cas, ...
  std::string key;
  std::string status;                 // "ok", "fail" or "info"
  int64_t call = 0;                   // invocation time (ns), or a position in files without times
  std::optional<int64_t> ret;         // completion; nullopt: open-ended (info)
  std::string input;                  // JSON text
  std::optional<std::string> input2;  // cas only: the new value
  std::optional<std::string> output;  // nullopt: nobody saw the result
  std::string op;                     // the one-line description the text output prints
};

struct ReportViolation {
  std::string key;                   // "" for a single-object history
  std::vector<ReportOp> prefix;      // the longest linearizable prefix, in linearization order
  ReportOp stuck;                    // the op that cannot be placed next
  std::vector<ReportOp> concurrent;  // ops overlapping `stuck`, in history order
  std::string explanation;
  // The model's state after the prefix ("0", "nil", ...), as the explanation names it
  // ("... leaves the state 0; op #..."); empty when it does not.
  std::string state_after_prefix;
};

struct CheckReport {
  std::string source;  // where the report was read from, for messages
  std::string model;
  std::string verdict;  // "linearizable", "not linearizable" or "unknown"
  std::string history_source;
  std::string history_format;  // faultline, jepsen-etcd, porcupine-kv or empty
  int64_t history_ops = 0;
  int64_t history_ok = 0;
  int64_t history_fail = 0;
  int64_t history_info = 0;
  int64_t states_explored = 0;
  std::string unknown_reason;                // set iff verdict is "unknown"
  std::optional<ReportViolation> violation;  // set iff verdict is "not linearizable"
};

// Reads a parsed report (or results.json). Errors are InvalidArgument
// "SOURCE: FIELD: expected WHAT, found 'VALUE'" (FIELD as a dotted path).
absl::StatusOr<CheckReport> ParseCheckReport(const nlohmann::json& j, std::string source);

// The same from JSON text; text that is not JSON is "SOURCE: expected a JSON object ...".
absl::StatusOr<CheckReport> ParseCheckReportText(std::string_view text, std::string source);

// The same from a file; a missing file is NotFound naming it.
absl::StatusOr<CheckReport> ReadCheckReportFile(const std::string& path);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_CHECK_REPORT_READER_H_
