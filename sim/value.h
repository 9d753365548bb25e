// A value in a client op or a message: nil, an integer, a string or a list of values.
//
// Workloads build ops from these ({f, key, value}); models keep them in stores and logs;
// the history and the trace write them as JSON (null, 5, "k1", [1,2]). A cas's argument
// is the list [expected, new], as in Jepsen's histories. The integer case allocates
// nothing.
//
//   Value key = Value::Str("k3");
//   Value cas = Value::List({Value::Int(4), Value::Int(9)});
//   if (v.is_int()) total += v.as_int();
#ifndef FAULTLINE_SIM_VALUE_H_
#define FAULTLINE_SIM_VALUE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace faultline::sim {

class Value {
 public:
  enum class Kind : uint8_t { kNil = 0, kInt = 1, kString = 2, kList = 3 };

  Value() = default;
  static Value Nil() { return Value(); }
  static Value Int(int64_t v) { return Value(Rep(std::in_place_index<1>, v)); }
  static Value Str(std::string v) { return Value(Rep(std::in_place_index<2>, std::move(v))); }
  static Value List(std::vector<Value> v) {
    return Value(Rep(std::in_place_index<3>, std::move(v)));
  }

  Kind kind() const { return static_cast<Kind>(rep_.index()); }
  bool is_nil() const { return rep_.index() == 0; }
  bool is_int() const { return rep_.index() == 1; }
  bool is_string() const { return rep_.index() == 2; }
  bool is_list() const { return rep_.index() == 3; }
  // REQUIRES: the matching kind (checked).
  int64_t as_int() const;
  const std::string& as_string() const;
  const std::vector<Value>& as_list() const;
  // The integer, or `fallback` for any other kind.
  int64_t int_or(int64_t fallback) const { return is_int() ? std::get<1>(rep_) : fallback; }

  // Total order: by kind (nil < int < string < list), then by content. Lets values key
  // ordered maps, which keeps iteration deterministic.
  friend bool operator==(const Value& a, const Value& b) { return a.rep_ == b.rep_; }
  friend std::strong_ordering operator<=>(const Value& a, const Value& b);

  // JSON text: null, 5, "k1" (escaped), [1,"a",null].
  void AppendJson(std::string& out) const;
  std::string ToJson() const;
  // Bytes this value takes in a message: 8 per integer, the length of a string, the sum
  // of a list's elements plus 8; nil is 1.
  size_t ByteSize() const;

 private:
  using Rep = std::variant<std::monostate, int64_t, std::string, std::vector<Value>>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_VALUE_H_
