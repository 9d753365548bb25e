// One line of faultline's history.jsonl as a JSON object, with typed field access whose
// errors name the line and the field ("FILE:LINE: expected detail \"wait_ns\" to be an
// integer of at least 0, found '\"x\"'"), and what every node observation line shares
// ({"time":T,"node":"n3","type":"observe","f":F,"key":K,"value":V,"detail":{...}},
// written by sim/node.h Context::Observe). The readers of histories with observe lines
// (locks/lock_history.cc, ordering/read_faultline_messages.cc, sharding/shard_history.cc)
// all read through it, so their errors read alike.
//
//   FL_RETURN_IF_ERROR(ForEachHistoryLine(text, path, [&](std::string_view line,
//                                                         const LineRef& at) {
//     JsonLine p(line, at, kMyShape);
//     FL_RETURN_IF_ERROR(p.Parse());
//     FL_ASSIGN_OR_RETURN(const int64_t time, p.Int("time"));
//     ...
//   }));
#ifndef FAULTLINE_CHECKERS_INTERNAL_OBSERVATION_LINE_H_
#define FAULTLINE_CHECKERS_INTERNAL_OBSERVATION_LINE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/line_error.h"
#include "nlohmann/json.hpp"

namespace faultline::checkers::internal {

// Which integers a reader takes. Readers that add and subtract times (a lease's end is
// its grant plus its TTL) bound them to +-2^61 (73 years in ns) so that arithmetic
// cannot overflow; the others take any int64.
enum class IntRange { kInt64, kArithmeticSafe };

class JsonLine {
 public:
  // `shape` says what a line of this history looks like; errors about a missing field or
  // an unparsable line quote it. It must outlive the JsonLine.
  JsonLine(std::string_view line, const LineRef& at, const char* shape,
           IntRange ints = IntRange::kInt64)
      : line_(line), at_(at), shape_(shape), ints_(ints) {}

  // Parses the line: a JSON object with each top-level field once.
  [[nodiscard]] absl::Status Parse();

  const nlohmann::json& obj() const { return obj_; }
  std::string_view line() const { return line_; }
  const LineRef& at() const { return at_; }
  bool Has(const char* name) const { return obj_.contains(name); }
  absl::Status Error(std::string_view expected, std::string_view found) const {
    return LineError(at_, expected, found);
  }
  std::string Dump(const nlohmann::json& v) const;

  // `v` as an integer in the line's IntRange; `what` names it in the error ("\"time\"").
  absl::StatusOr<int64_t> AsInt(const nlohmann::json& v, std::string_view what) const;
  // A top-level field.
  absl::StatusOr<int64_t> Int(const char* name) const;
  absl::StatusOr<std::string> String(const char* name) const;
  // The "key" field: a lock's name, a non-empty string.
  absl::StatusOr<std::string> LockKey() const;

  // The "detail" object's fields; an absent detail or field is an error naming the
  // observation (`f`) and what the field means (`means`).
  absl::StatusOr<int64_t> DetailInt(std::string_view f, const char* name, std::string_view means,
                                    int64_t min) const;
  absl::StatusOr<std::string> DetailString(std::string_view f, const char* name,
                                           std::string_view means) const;
  // true/false, or 1/0 (sim::Value has no bool).
  absl::StatusOr<bool> DetailBool(std::string_view f, const char* name,
                                  std::string_view means) const;
  bool HasDetail(const char* name) const;
  // A string or null ("" for null).
  absl::StatusOr<std::string> DetailStringOrNull(std::string_view f, const char* name,
                                                 std::string_view means) const;

 private:
  absl::StatusOr<const nlohmann::json*> DetailField(std::string_view f, const char* name,
                                                    std::string_view means) const;

  std::string_view line_;
  const LineRef& at_;
  const char* shape_;
  IntRange ints_;
  nlohmann::json obj_;
};

// The fields every observe line has besides its time: the node that observed and what.
struct ObservationHead {
  std::string node;
  std::string f;
};

// Reads an observe line's "node" and "f". An observe line without "node" is an error
// that says an observe line has "node" where a client op has "process".
absl::StatusOr<ObservationHead> ReadObservationHead(const JsonLine& p);

// Calls `line_fn` with each line of `text` that is not blank (a trailing '\r' removed)
// and where it stands in `source`; stops at and returns the first error.
absl::Status ForEachHistoryLine(
    std::string_view text, std::string_view source,
    const std::function<absl::Status(std::string_view line, const LineRef& at)>& line_fn);

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_OBSERVATION_LINE_H_
