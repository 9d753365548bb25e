#include "checkers/operation.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::checkers {

Value Value::Set(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return {Kind::kSet, 0, {}, std::move(v)};
}

std::string OpName(const Operation& op) {
  return absl::StrCat("op ", op.id, " (", op.client, op.client.empty() ? "" : ", ", "process ",
                      op.process, ")");
}

std::string ClientName(const Operation& op) {
  if (op.client.empty()) return absl::StrCat("process ", op.process);
  return absl::StrCat(op.client, " (process ", op.process, ")");
}

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kNil:
      return "nil";
    case Kind::kInt:
      return std::to_string(i);
    case Kind::kString:
      return "\"" + s + "\"";
    case Kind::kUnknown:
      return "?";
    case Kind::kSet: {
      std::string out = "{";
      for (size_t n = 0; n < elems.size(); ++n) {
        if (n > 0) out += ", ";
        out += std::to_string(elems[n]);
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace faultline::checkers
