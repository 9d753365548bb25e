// One line of a lock history.jsonl as a JSON object, with typed field access whose errors
// name the line and the field: "FILE:LINE: expected detail \"wait_ns\" to be an integer of
// at least 0, found '\"x\"'". Used by lock_history.cc only.
#ifndef FAULTLINE_CHECKERS_LOCKS_INTERNAL_JSON_LINE_H_
#define FAULTLINE_CHECKERS_LOCKS_INTERNAL_JSON_LINE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/line_error.h"
#include "nlohmann/json.hpp"

namespace faultline::checkers::locks::internal {

class JsonLine {
 public:
  JsonLine(std::string_view line, const LineRef& at) : line_(line), at_(at) {}

  // Parses the line: a JSON object with each top-level field once.
  [[nodiscard]] absl::Status Parse();

  const nlohmann::json& obj() const { return obj_; }
  bool Has(const char* name) const { return obj_.contains(name); }
  absl::Status Error(std::string_view expected, std::string_view found) const {
    return LineError(at_, expected, found);
  }
  std::string Dump(const nlohmann::json& v) const;

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
  absl::StatusOr<int64_t> AsInt(const nlohmann::json& v, std::string_view what) const;

  std::string_view line_;
  const LineRef& at_;
  nlohmann::json obj_;
};

}  // namespace faultline::checkers::locks::internal

#endif  // FAULTLINE_CHECKERS_LOCKS_INTERNAL_JSON_LINE_H_
