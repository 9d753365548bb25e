// The field visitors behind typed messages: one `Fields` list per message struct drives
// its trace JSON, its share of the trace hash, its equality and its byte size.
//
// A field may be a bool, an integer, an enum (written as its integer), a std::string, a
// Value, a std::vector of any of these, or a nested struct with its own `Fields` (a log
// entry). Anything else fails to compile here, naming the field's type.
//
//   struct Entry {
//     int64_t term = 0;
//     Value command;
//     template <class V> void Fields(V& v) { v("term", term); v("command", command); }
//   };
#ifndef FAULTLINE_SIM_MESSAGE_FIELDS_H_
#define FAULTLINE_SIM_MESSAGE_FIELDS_H_

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_string.h"
#include "sim/hash_mixer.h"
#include "sim/value.h"

namespace faultline::sim {
namespace fields_internal {

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// Visits nothing: only used to ask whether `t.Fields(v)` compiles.
struct Probe {
  template <class F>
  void operator()(std::string_view, F&) {}
};

}  // namespace fields_internal

// A struct with a field list: `template <class V> void Fields(V& v)`.
template <class T>
concept HasFields = requires(T& t, fields_internal::Probe& p) { t.Fields(p); };

// Calls t.Fields(v) on a const object: every visitor here only reads.
template <class T, class V>
void VisitFields(const T& t, V& v) {
  const_cast<T&>(t).Fields(v);
}

// --- JSON: {"term":3,"entries":[{"term":3,"command":"x"}]} -------------------------------

class JsonFieldWriter {
 public:
  explicit JsonFieldWriter(std::string& out) : out_(out) {}

  template <class F>
  void operator()(std::string_view name, const F& value) {
    if (!first_) out_.push_back(',');
    first_ = false;
    AppendJsonString(out_, name);
    out_.push_back(':');
    Write(out_, value);
  }

  template <class F>
  static void Write(std::string& out, const F& value) {
    if constexpr (std::is_same_v<F, bool>) {
      out += value ? "true" : "false";
    } else if constexpr (std::is_enum_v<F>) {
      absl::StrAppend(&out, static_cast<int64_t>(value));
    } else if constexpr (std::is_integral_v<F>) {
      absl::StrAppend(&out, value);
    } else if constexpr (std::is_same_v<F, std::string>) {
      AppendJsonString(out, value);
    } else if constexpr (std::is_same_v<F, Value>) {
      value.AppendJson(out);
    } else if constexpr (fields_internal::IsVector<F>::value) {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.push_back(',');
        first = false;
        Write(out, element);
      }
      out.push_back(']');
    } else {
      static_assert(HasFields<F>, "a message field must be a bool, integer, enum, string, "
                                  "Value, vector, or a struct with Fields()");
      out.push_back('{');
      JsonFieldWriter nested(out);
      VisitFields(value, nested);
      out.push_back('}');
    }
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// --- Hash: every field's content in order (names are fixed by the type) -----------------

class HashFieldVisitor {
 public:
  explicit HashFieldVisitor(HashMixer& mixer) : m_(mixer) {}

  template <class F>
  void operator()(std::string_view, const F& value) {
    Hash(m_, value);
  }

  template <class F>
  static void Hash(HashMixer& m, const F& value) {
    if constexpr (std::is_same_v<F, bool> || std::is_integral_v<F>) {
      m.Mix(static_cast<uint64_t>(value));
    } else if constexpr (std::is_enum_v<F>) {
      m.Mix(static_cast<uint64_t>(value));
    } else if constexpr (std::is_same_v<F, std::string>) {
      m.MixText(value);
    } else if constexpr (std::is_same_v<F, Value>) {
      HashValue(m, value);
    } else if constexpr (fields_internal::IsVector<F>::value) {
      m.Mix(value.size());
      for (const auto& element : value) Hash(m, element);
    } else {
      HashFieldVisitor nested(m);
      VisitFields(value, nested);
    }
  }

  static void HashValue(HashMixer& m, const Value& v) {
    m.Mix(static_cast<uint64_t>(v.kind()));
    switch (v.kind()) {
      case Value::Kind::kNil:
        return;
      case Value::Kind::kInt:
        m.Mix(static_cast<uint64_t>(v.as_int()));
        return;
      case Value::Kind::kString:
        m.MixText(v.as_string());
        return;
      case Value::Kind::kList:
        m.Mix(v.as_list().size());
        for (const Value& e : v.as_list()) HashValue(m, e);
        return;
    }
  }

 private:
  HashMixer& m_;
};

// --- Size: what the message would weigh on a wire ---------------------------------------

class SizeFieldVisitor {
 public:
  template <class F>
  void operator()(std::string_view, const F& value) {
    bytes += Size(value);
  }

  template <class F>
  static size_t Size(const F& value) {
    if constexpr (std::is_same_v<F, bool>) {
      return 1;
    } else if constexpr (std::is_integral_v<F> || std::is_enum_v<F>) {
      return sizeof(F);
    } else if constexpr (std::is_same_v<F, std::string>) {
      return value.size();
    } else if constexpr (std::is_same_v<F, Value>) {
      return value.ByteSize();
    } else if constexpr (fields_internal::IsVector<F>::value) {
      size_t n = 8;  // a length prefix
      for (const auto& element : value) n += Size(element);
      return n;
    } else {
      SizeFieldVisitor nested;
      VisitFields(value, nested);
      return nested.bytes;
    }
  }

  size_t bytes = 0;
};

// --- Equality: field by field, in the order of the list ---------------------------------

// Collects pointers to one object's fields, in order.
class FieldPointers {
 public:
  template <class F>
  void operator()(std::string_view, const F& value) {
    ptrs.push_back(&value);
  }
  std::vector<const void*> ptrs;
};

// Compares another object of the same type against the collected pointers.
class EqualFieldVisitor {
 public:
  explicit EqualFieldVisitor(const std::vector<const void*>& other) : other_(other) {}

  template <class F>
  void operator()(std::string_view, const F& value) {
    if (equal && !Equal(value, *static_cast<const F*>(other_[next_]))) equal = false;
    ++next_;
  }

  template <class F>
  static bool Equal(const F& a, const F& b) {
    if constexpr (std::is_same_v<F, bool> || std::is_integral_v<F> || std::is_enum_v<F> ||
                  std::is_same_v<F, std::string> || std::is_same_v<F, Value>) {
      return a == b;
    } else if constexpr (fields_internal::IsVector<F>::value) {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Equal(a[i], b[i])) return false;
      }
      return true;
    } else {
      return FieldsEqual(a, b);
    }
  }

  template <class T>
  static bool FieldsEqual(const T& a, const T& b) {
    FieldPointers pb;
    VisitFields(b, pb);
    EqualFieldVisitor eq(pb.ptrs);
    VisitFields(a, eq);
    return eq.equal;
  }

  bool equal = true;

 private:
  const std::vector<const void*>& other_;
  size_t next_ = 0;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_MESSAGE_FIELDS_H_
