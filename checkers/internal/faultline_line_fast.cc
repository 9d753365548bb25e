#include "checkers/internal/faultline_line_fast.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

namespace faultline::checkers::internal {
namespace {

// A scalar or a flat array of scalars, as the reader's value rules need it.
struct Scalar {
  enum Kind : uint8_t { kNull, kInt, kString } kind = kNull;
  int64_t i = 0;
  std::string_view s;
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }
  // A string with no escapes and no control bytes (anything else: the slow path).
  std::optional<std::string_view> String() {
    if (!Eat('"')) return std::nullopt;
    const size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '\\' || c < 0x20 || c >= 0x80) return std::nullopt;
      ++pos_;
    }
    if (pos_ == text_.size()) return std::nullopt;
    return text_.substr(start, pos_++ - start);
  }
  // A JSON integer: -?(0|[1-9][0-9]*), not followed by a fraction or exponent.
  std::optional<int64_t> Int() {
    SkipSpace();
    const size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const size_t digits = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ == digits || (text_[digits] == '0' && pos_ - digits > 1)) return std::nullopt;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      return std::nullopt;
    }
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, v);
    if (ec != std::errc() || end != text_.data() + pos_) return std::nullopt;
    return v;
  }
  std::optional<Scalar> ScalarValue() {
    SkipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    if (text_.substr(pos_, 4) == "null") {
      pos_ += 4;
      return Scalar{};
    }
    if (text_[pos_] == '"') {
      std::optional<std::string_view> s = String();
      if (!s) return std::nullopt;
      return Scalar{Scalar::kString, 0, *s};
    }
    std::optional<int64_t> i = Int();
    if (!i) return std::nullopt;
    return Scalar{Scalar::kInt, *i, {}};
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

Value ToValue(const Scalar& s) {
  switch (s.kind) {
    case Scalar::kInt:
      return Value::Int(s.i);
    case Scalar::kString:
      return Value::Str(std::string(s.s));
    case Scalar::kNull:
      break;
  }
  return Value::Nil();
}

}  // namespace

std::optional<Event> ParseFaultlineLineFast(std::string_view line) {
  Cursor in(line);
  if (!in.Eat('{')) return std::nullopt;
  std::optional<int64_t> time;
  std::optional<int64_t> process;
  std::optional<int64_t> op_id;
  std::optional<std::string_view> client;
  std::optional<std::string_view> type;
  std::optional<std::string_view> f;
  std::optional<std::string_view> key;
  bool has_value = false;
  bool value_is_array = false;
  Scalar value;
  std::vector<Scalar> array;
  bool has_index = false;
  bool first = true;
  while (!in.Eat('}')) {
    if (!first && !in.Eat(',')) return std::nullopt;
    first = false;
    std::optional<std::string_view> name = in.String();
    if (!name || !in.Eat(':')) return std::nullopt;
    // A repeated field: leave the rules for it to the full parser.
    auto once = [](auto& slot, auto parsed) {
      if (slot || !parsed) return false;
      slot = parsed;
      return true;
    };
    bool ok = false;
    if (*name == "time") {
      ok = once(time, in.Int());
    } else if (*name == "process") {
      ok = once(process, in.Int());
    } else if (*name == "op") {
      ok = once(op_id, in.Int()) && *op_id >= 1;
    } else if (*name == "client") {
      ok = once(client, in.String());
    } else if (*name == "type") {
      ok = once(type, in.String());
    } else if (*name == "f") {
      ok = once(f, in.String());
    } else if (*name == "key") {
      ok = once(key, in.String());
    } else if (*name == "index") {
      ok = !has_index && in.Int().has_value();
      has_index = true;
    } else if (*name == "value" && !has_value) {
      has_value = true;
      if (in.Eat('[')) {
        value_is_array = true;
        if (!in.Eat(']')) {
          do {
            std::optional<Scalar> element = in.ScalarValue();
            if (!element) return std::nullopt;
            array.push_back(*element);
          } while (in.Eat(','));
          if (!in.Eat(']')) return std::nullopt;
        }
        ok = true;
      } else {
        std::optional<Scalar> scalar = in.ScalarValue();
        ok = scalar.has_value();
        if (ok) value = *scalar;
      }
    }
    if (!ok) return std::nullopt;  // unknown field, bad value or repeated field
  }
  if (!in.AtEnd() || !time || !process || !type || !f || !has_value || f->empty()) {
    return std::nullopt;
  }
  Event e;
  if (*type == "invoke") {
    e.type = EventType::kInvoke;
  } else if (*type == "ok") {
    e.type = EventType::kOk;
  } else if (*type == "fail") {
    e.type = EventType::kFail;
  } else if (*type == "info") {
    e.type = EventType::kInfo;
  } else {
    return std::nullopt;
  }
  e.time = *time;
  e.process = *process;
  if (op_id) e.op_id = *op_id;
  if (client) e.client = std::string(*client);
  e.f = std::string(*f);
  if (key) e.key = std::string(*key);  // no key: the single object
  if (*f == "cas") {
    if (!value_is_array || array.size() != 2) return std::nullopt;
    e.value = ToValue(array[0]);
    e.value2 = ToValue(array[1]);
  } else if (value_is_array) {
    if (*f != "read" && *f != "read-local") return std::nullopt;
    std::vector<int64_t> elems;
    for (const Scalar& s : array) {
      if (s.kind != Scalar::kInt) return std::nullopt;
      elems.push_back(s.i);
    }
    Value set = Value::Set(elems);
    if (set.elems.size() != elems.size()) return std::nullopt;  // duplicates: an error
    e.value = std::move(set);
  } else {
    e.value = ToValue(value);
  }
  return e;
}

}  // namespace faultline::checkers::internal
