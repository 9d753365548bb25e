#include "sim/value.h"

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_string.h"

namespace faultline::sim {

int64_t Value::as_int() const {
  FL_CHECK_MSG(is_int(), "Value::as_int on a value that is not an integer");
  return std::get<1>(rep_);
}

const std::string& Value::as_string() const {
  FL_CHECK_MSG(is_string(), "Value::as_string on a value that is not a string");
  return std::get<2>(rep_);
}

const std::vector<Value>& Value::as_list() const {
  FL_CHECK_MSG(is_list(), "Value::as_list on a value that is not a list");
  return std::get<3>(rep_);
}

std::strong_ordering operator<=>(const Value& a, const Value& b) {
  if (a.rep_.index() != b.rep_.index()) return a.rep_.index() <=> b.rep_.index();
  switch (a.kind()) {
    case Value::Kind::kNil:
      return std::strong_ordering::equal;
    case Value::Kind::kInt:
      return std::get<1>(a.rep_) <=> std::get<1>(b.rep_);
    case Value::Kind::kString:
      return std::get<2>(a.rep_).compare(std::get<2>(b.rep_)) <=> 0;
    case Value::Kind::kList: {
      const auto& x = std::get<3>(a.rep_);
      const auto& y = std::get<3>(b.rep_);
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (auto c = x[i] <=> y[i]; c != 0) return c;
      }
      return x.size() <=> y.size();
    }
  }
  return std::strong_ordering::equal;
}

void Value::AppendJson(std::string& out) const {
  switch (kind()) {
    case Kind::kNil:
      out += "null";
      return;
    case Kind::kInt:
      absl::StrAppend(&out, std::get<1>(rep_));
      return;
    case Kind::kString:
      AppendJsonString(out, std::get<2>(rep_));
      return;
    case Kind::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& v : std::get<3>(rep_)) {
        if (!first) out.push_back(',');
        first = false;
        v.AppendJson(out);
      }
      out.push_back(']');
      return;
    }
  }
}

std::string Value::ToJson() const {
  std::string s;
  AppendJson(s);
  return s;
}

size_t Value::ByteSize() const {
  switch (kind()) {
    case Kind::kNil:
      return 1;
    case Kind::kInt:
      return 8;
    case Kind::kString:
      return std::get<2>(rep_).size();
    case Kind::kList: {
      size_t n = 8;
      for (const Value& v : std::get<3>(rep_)) n += v.ByteSize();
      return n;
    }
  }
  return 0;
}

}  // namespace faultline::sim
