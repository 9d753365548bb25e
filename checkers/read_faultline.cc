// Parses one line of faultline's history.jsonl (sim/history.cc writes it):
//   {"index":0,"time":1200000,"process":3,"type":"invoke","f":"cas","key":"k1","value":[1,2]}
// "key" may be left out: a history without keys is one object (key "").
// A node's observe line ({"type":"observe","node":"r1",...}) is not an op: nullopt.
// A value is null, an integer or a string; an array is a cas's [expected,new] when f is
// cas, and a set of integers when f is read (the `set` spec's reads, a kv store's siblings)
// or read-local (a replica read's siblings).
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/strings.h"
#include "checkers/internal/faultline_line_fast.h"
#include "checkers/internal/history_events.h"
#include "nlohmann/json.hpp"

namespace faultline::checkers::internal {
namespace {

using nlohmann::json;

constexpr char kShape[] =
    "a JSON object {\"time\":T,\"process\":P,\"type\":\"invoke|ok|fail|info\",\"f\":F,"
    "\"key\":K,\"value\":V}";

// Reads an integer field; nlohmann keeps non-negative numbers as unsigned, so both count.
absl::StatusOr<int64_t> IntField(const json& obj, const char* name, const LineRef& at,
                                 std::string_view line) {
  const auto it = obj.find(name);
  if (it == obj.end()) {
    return LineError(at, absl::StrCat("a \"", name, "\" field in ", kShape), line);
  }
  if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<int64_t>();
  if (it->is_number_unsigned() &&
      it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(it->get<uint64_t>());
  }
  // The parser turns an integer beyond 64 bits into a float ('1e+20'): name the limit.
  return LineError(at,
                   absl::StrCat("\"", name, "\" to be an integer",
                                it->is_number() ? " of at most 64 bits" : ""),
                   it->dump());
}

absl::StatusOr<std::string> StringField(const json& obj, const char* name, const LineRef& at,
                                        std::string_view line) {
  const auto it = obj.find(name);
  if (it == obj.end()) {
    return LineError(at, absl::StrCat("a \"", name, "\" field in ", kShape), line);
  }
  if (!it->is_string()) {
    return LineError(at, absl::StrCat("\"", name, "\" to be a string"), it->dump());
  }
  return it->get<std::string>();
}

// null, an integer or a string.
absl::StatusOr<Value> ScalarValue(const json& v, const LineRef& at) {
  if (v.is_null()) return Value::Nil();
  if (v.is_number_integer() && !v.is_number_unsigned()) return Value::Int(v.get<int64_t>());
  if (v.is_number_unsigned() &&
      v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Value::Int(static_cast<int64_t>(v.get<uint64_t>()));
  }
  if (v.is_string()) return Value::Str(v.get<std::string>());
  return LineError(at,
                   v.is_number() ? "a value that is null, an integer of at most 64 bits or a string"
                                 : "a value that is null, an integer or a string",
                   v.dump(-1, ' ', false, json::error_handler_t::replace));
}

// A set read's value: a JSON array of distinct integers, in any order. A duplicate is an
// error, not merged: a set never holds an element twice, so the recorder (or the system)
// is broken, and merging would hide it.
absl::StatusOr<Value> SetValue(const json& v, const LineRef& at) {
  std::vector<int64_t> elems;
  elems.reserve(v.size());
  for (const json& e : v) {
    absl::StatusOr<Value> x = ScalarValue(e, at);
    if (!x.ok() || x->kind != Value::Kind::kInt) {
      return LineError(at, "set elements that are integers, as in [1,3,5]",
                       e.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    elems.push_back(x->i);
  }
  Value set = Value::Set(elems);
  if (set.elems.size() != elems.size()) {
    return LineError(at, "set elements without duplicates",
                     v.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return set;
}

}  // namespace

absl::StatusOr<std::optional<Event>> ParseFaultlineLine(std::string_view line, const LineRef& at) {
  if (std::optional<Event> fast = ParseFaultlineLineFast(line)) return fast;
  return ParseFaultlineLineWithJson(line, at);
}

absl::StatusOr<std::optional<Event>> ParseFaultlineLineWithJson(std::string_view line,
                                                                const LineRef& at) {
  // Before parsing: a value nested thousands deep would overflow the stack in dump().
  if (absl::Status st = CheckJsonDepth(line, at); !st.ok()) return st;
  // A field given twice is ambiguous (the parser would keep the last one silently):
  // refuse it, as the EDN reader does. Depth 1 is the line's own object.
  std::set<std::string> fields;
  std::string repeated;
  const json obj = json::parse(
      line.begin(), line.end(),
      [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 && repeated.empty() &&
            !fields.insert(parsed.get<std::string>()).second) {
          repeated = parsed.get<std::string>();
        }
        return true;
      },
      /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) return LineError(at, kShape, line);
  if (!repeated.empty()) {
    return LineError(at, "each field once", absl::StrCat("\"", repeated, "\" twice"));
  }
  // A node's observation (sim/node.h Context::Observe) is not an op: skipped here.
  // Whether the history may hold one (a kv history with a router's records may; a
  // messaging or lock history is for other checkers) is the reader's call
  // (history_reader.cc), which sees every line's f.
  if (const auto type = obj.find("type");
      type != obj.end() && type->is_string() && type->get<std::string>() == "observe") {
    return std::nullopt;
  }
  Event e;
  absl::StatusOr<int64_t> time = IntField(obj, "time", at, line);
  if (!time.ok()) return time.status();
  absl::StatusOr<int64_t> process = IntField(obj, "process", at, line);
  if (!process.ok()) return process.status();
  absl::StatusOr<std::string> type = StringField(obj, "type", at, line);
  if (!type.ok()) return type.status();
  absl::StatusOr<std::string> f = StringField(obj, "f", at, line);
  if (!f.ok()) return f.status();
  if (*f == "multi-read" || *f == "multi-write") {
    // kv.sharded's kv-multi workload: one op over several keys, which no single-key spec
    // can place.
    return LineError(at,
                     "single-key ops (read, write, cas): a multi-key history is judged by "
                     "--checkers read-atomic (with sharding, if wanted), not the kv checkers",
                     absl::StrCat("\"f\":\"", *f, "\""));
  }
  // A history without keys is one object (a single register), as Jepsen's are.
  absl::StatusOr<std::string> key =
      obj.contains("key") ? StringField(obj, "key", at, line) : std::string();
  if (!key.ok()) return key.status();
  // Optional: the op's number and the client's name, which faultline's runs write so
  // that the checker names an op as the diagrams do.
  if (obj.contains("op")) {
    absl::StatusOr<int64_t> op_id = IntField(obj, "op", at, line);
    if (!op_id.ok()) return op_id.status();
    if (*op_id < 1) return LineError(at, "\"op\" to be an op number of at least 1", obj.at("op").dump());
    e.op_id = *op_id;
  }
  if (obj.contains("client")) {
    absl::StatusOr<std::string> client = StringField(obj, "client", at, line);
    if (!client.ok()) return client.status();
    e.client = *std::move(client);
  }
  e.time = *time;
  e.process = *process;
  e.f = *std::move(f);
  e.key = *std::move(key);
  if (*type == "invoke") {
    e.type = EventType::kInvoke;
  } else if (*type == "ok") {
    e.type = EventType::kOk;
  } else if (*type == "fail") {
    e.type = EventType::kFail;
  } else if (*type == "info") {
    e.type = EventType::kInfo;
  } else {
    return LineError(at, "\"type\" to be invoke, ok, fail or info", *type);
  }
  if (e.f.empty()) return LineError(at, "a non-empty \"f\"", line);

  const auto value = obj.find("value");
  if (value == obj.end()) {
    return LineError(at, absl::StrCat("a \"value\" field in ", kShape), line);
  }
  if (e.f == "cas") {
    // [expected, new], as in Jepsen's etcd histories.
    if (!value->is_array() || value->size() != 2) {
      return LineError(at, "a cas value [expected,new]",
                       value->dump(-1, ' ', false, json::error_handler_t::replace));
    }
    absl::StatusOr<Value> expected = ScalarValue((*value)[0], at);
    if (!expected.ok()) return expected.status();
    absl::StatusOr<Value> next = ScalarValue((*value)[1], at);
    if (!next.ok()) return next.status();
    e.value = *std::move(expected);
    e.value2 = *std::move(next);
  } else if (value->is_array() && (e.f == "read" || e.f == "read-local")) {
    // The whole set, for the `set` spec: [1,3,5]; or a kv read's siblings.
    absl::StatusOr<Value> set = SetValue(*value, at);
    if (!set.ok()) return set.status();
    e.value = *std::move(set);
  } else if (value->is_array()) {
    return LineError(at,
                     absl::StrCat("a null, integer or string value for f '", e.f,
                                  "' (an array is a cas's [expected,new] or a read's set of "
                                  "values)"),
                     value->dump(-1, ' ', false, json::error_handler_t::replace));
  } else {
    absl::StatusOr<Value> v = ScalarValue(*value, at);
    if (!v.ok()) return v.status();
    e.value = *std::move(v);
  }
  return e;
}

}  // namespace faultline::checkers::internal
