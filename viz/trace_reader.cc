// Reads trace.jsonl as sim/trace.cc writes it (Trace::WriteJson), one event per line:
//   {"i":1,"t":0,"type":"send","from":"n1","to":"n2","msg":1,"kind":"heartbeat",
//    "body":{"epoch":1,"primary":0}}
// Every field a type always carries is required; fields we do not know are ignored, so
// a newer trace with extra fields still draws.
#include <array>
#include <limits>
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "nlohmann/json.hpp"
#include "viz/trace_events.h"

namespace faultline::viz {
namespace {

// Ordered: a message body keeps its fields in the order the trace wrote them.
using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 17> kTypeNames = {
    "start", "send",    "deliver", "drop",     "duplicate", "timer",
    "crash", "restart", "pause",   "resume",   "partition", "heal",
    "clock", "link",    "invoke",  "complete", "note"};

constexpr char kShape[] = "a JSON object {\"i\":N,\"t\":T,\"type\":\"send|deliver|...\",...}";

std::string Compact(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool IsMessage(EventType t) {
  return t == EventType::kSend || t == EventType::kDeliver || t == EventType::kDrop ||
         t == EventType::kDuplicate;
}

// One line under reading: field accessors whose errors name the line, the field and the
// event type ("expected a \"from\" field in a send event").
class LineFields {
 public:
  LineFields(const Json& obj, LineRef at, std::string_view text)
      : obj_(obj), at_(at), text_(text) {}

  void set_type(std::string_view type) { type_ = type; }

  // nullopt: absent and not required.
  absl::StatusOr<std::optional<int64_t>> Int(const char* name, bool required) const {
    const auto it = obj_.find(name);
    if (it == obj_.end()) return Absent<int64_t>(name, required);
    if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<int64_t>();
    if (it->is_number_unsigned() &&
        it->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return static_cast<int64_t>(it->get<uint64_t>());
    }
    // The parser turns an integer beyond 64 bits into a float ('1e+20'): name the limit.
    return LineError(at_,
                     absl::StrCat("\"", name, "\" to be an integer",
                                  it->is_number() ? " of at most 64 bits" : ""),
                     Compact(*it));
  }

  absl::StatusOr<std::optional<uint64_t>> Unsigned(const char* name, bool required) const {
    const auto it = obj_.find(name);
    if (it == obj_.end()) return Absent<uint64_t>(name, required);
    if (it->is_number_unsigned()) return it->get<uint64_t>();
    return LineError(at_, absl::StrCat("\"", name, "\" to be a non-negative integer"),
                     Compact(*it));
  }

  absl::StatusOr<std::optional<std::string>> String(const char* name, bool required) const {
    const auto it = obj_.find(name);
    if (it == obj_.end()) return Absent<std::string>(name, required);
    if (it->is_string()) return it->get<std::string>();
    return LineError(at_, absl::StrCat("\"", name, "\" to be a string"), Compact(*it));
  }

  // As String, but null reads as "": an op without a key (a broker's `pending`).
  absl::StatusOr<std::optional<std::string>> StringOrNull(const char* name,
                                                          bool required) const {
    const auto it = obj_.find(name);
    if (it != obj_.end() && it->is_null()) return std::optional<std::string>("");
    return String(name, required);
  }

  // An op's key: as StringOrNull, or a multi-key op's list of key names (kv.sharded's
  // kv-multi: ["k0","k2"]) joined as "k0,k2".
  absl::StatusOr<std::optional<std::string>> OpKey(const char* name) const {
    const auto it = obj_.find(name);
    if (it == obj_.end() || !it->is_array()) return StringOrNull(name, true);
    std::string joined;
    for (const auto& k : *it) {
      if (!k.is_string()) {
        return LineError(at_, absl::StrCat("\"", name, "\" to be a string or a list of key names"),
                         Compact(*it));
      }
      absl::StrAppend(&joined, joined.empty() ? "" : ",", k.get<std::string>());
    }
    return joined;
  }

  // Any JSON value, as compact text. `object`: it must be an object.
  absl::StatusOr<std::optional<std::string>> Raw(const char* name, bool required,
                                                 bool object) const {
    const auto it = obj_.find(name);
    if (it == obj_.end()) return Absent<std::string>(name, required);
    if (object && !it->is_object()) {
      return LineError(at_, absl::StrCat("\"", name, "\" to be a JSON object"), Compact(*it));
    }
    return Compact(*it);
  }

  absl::Status Error(std::string_view expected, std::string_view found) const {
    return LineError(at_, expected, found);
  }

 private:
  // An absent field: an error when it is required, else no value.
  template <typename T>
  absl::StatusOr<std::optional<T>> Absent(const char* name, bool required) const {
    if (!required) return std::optional<T>();
    const std::string where =
        type_.empty() ? std::string(kShape)
                      : absl::StrCat(type_[0] == 'i' ? "an " : "a ", Sv(type_), " event");
    return LineError(at_, absl::StrCat("a \"", name, "\" field in ", where), text_);
  }

  const Json& obj_;
  LineRef at_;
  std::string_view text_;
  std::string_view type_;
};

// Stores a field's value in `out` when present; returns the accessor's error otherwise.
template <typename T, typename U>
absl::Status Take(absl::StatusOr<std::optional<T>> v, U* out) {
  if (!v.ok()) return v.status();
  if (v->has_value()) *out = static_cast<U>(**v);
  return absl::OkStatus();
}

absl::StatusOr<EventType> TypeOf(const std::string& name, const LineFields& f) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<EventType>(i);
  }
  std::string names;
  for (std::string_view n : kTypeNames) absl::StrAppend(&names, names.empty() ? "" : ", ", Sv(n));
  return f.Error(absl::StrCat("\"type\" to be one of ", names), name);
}

absl::Status ReadMessageFields(const LineFields& f, EventType type, TraceEvent& e) {
  if (absl::Status s = Take(f.String("from", true), &e.node); !s.ok()) return s;
  if (absl::Status s = Take(f.String("to", true), &e.peer); !s.ok()) return s;
  if (absl::Status s = Take(f.Unsigned("msg", true), &e.msg); !s.ok()) return s;
  if (absl::Status s = Take(f.String("kind", true), &e.kind); !s.ok()) return s;
  if (absl::Status s = Take(f.Raw("body", true, /*object=*/true), &e.body); !s.ok()) return s;
  if (type == EventType::kDeliver || type == EventType::kDrop) {
    if (absl::Status s = Take(f.Int("sent", true), &e.sent); !s.ok()) return s;
  }
  if (type == EventType::kDrop) {
    if (absl::Status s = Take(f.String("reason", true), &e.text); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ReadOpFields(const LineFields& f, EventType type, TraceEvent& e) {
  if (absl::Status s = Take(f.String("node", true), &e.node); !s.ok()) return s;
  if (absl::Status s = Take(f.Unsigned("op", true), &e.op); !s.ok()) return s;
  if (absl::Status s = Take(f.Int("process", true), &e.process); !s.ok()) return s;
  if (absl::Status s = Take(f.String("f", true), &e.f); !s.ok()) return s;
  if (absl::Status s = Take(f.OpKey("key"), &e.key); !s.ok()) return s;
  if (absl::Status s = Take(f.Raw("value", true, /*object=*/false), &e.value); !s.ok()) return s;
  if (type == EventType::kComplete) {
    if (absl::Status s = Take(f.String("outcome", true), &e.text); !s.ok()) return s;
    if (e.text != "ok" && e.text != "fail" && e.text != "info") {
      return f.Error("\"outcome\" to be ok, fail or info", e.text);
    }
  }
  return absl::OkStatus();
}

// The fields of each type, as Trace::WriteJson writes them.
absl::Status ReadTypeFields(const LineFields& f, EventType type, TraceEvent& e) {
  if (IsMessage(type)) return ReadMessageFields(f, type, e);
  if (type == EventType::kInvoke || type == EventType::kComplete) return ReadOpFields(f, type, e);
  // Partitions, heals, links and cluster-wide notes belong to no node.
  const bool node_required = type != EventType::kPartition && type != EventType::kHeal &&
                             type != EventType::kLink && type != EventType::kNote;
  if (absl::Status s = Take(f.String("node", node_required), &e.node); !s.ok()) return s;
  if (absl::Status s = Take(f.String("text", false), &e.text); !s.ok()) return s;
  if (type == EventType::kTimer) {
    if (absl::Status s = Take(f.Unsigned("msg", false), &e.msg); !s.ok()) return s;
    if (absl::Status s = Take(f.Int("tag", true), &e.tag); !s.ok()) return s;
  }
  if (type == EventType::kClock) {
    if (absl::Status s = Take(f.Int("local", true), &e.local); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// `previous`: the line before, whose "i" must be smaller and "t" not larger.
absl::StatusOr<TraceEvent> ParseLine(std::string_view line, const LineRef& at,
                                     const TraceEvent* previous) {
  // Before parsing: a body nested thousands deep would overflow the stack in dump().
  if (absl::Status st = CheckJsonDepth(line, at); !st.ok()) return st;
  // A field given twice is ambiguous (the parser would keep one silently): refuse it.
  // Depth 1 is the line's own object; a message body may repeat its inner keys.
  // A line has a dozen fields at most: a linear search beats a set.
  std::vector<std::string> fields;
  std::string repeated;
  const Json obj = Json::parse(
      line.begin(), line.end(),
      [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (event != Json::parse_event_t::key || depth != 1) return true;
        const std::string& name = parsed.get_ref<const std::string&>();
        if (std::find(fields.begin(), fields.end(), name) != fields.end()) {
          if (repeated.empty()) repeated = name;
        } else {
          fields.push_back(name);
        }
        return true;
      },
      /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) return LineError(at, kShape, line);
  if (!repeated.empty()) {
    return LineError(at, "each field once", absl::StrCat("\"", repeated, "\" twice"));
  }
  LineFields f(obj, at, line);
  TraceEvent e;
  e.line = at.line;
  std::string type_name;
  if (absl::Status s = Take(f.Int("i", true), &e.index); !s.ok()) return s;
  if (absl::Status s = Take(f.Int("t", true), &e.time); !s.ok()) return s;
  if (absl::Status s = Take(f.String("type", true), &type_name); !s.ok()) return s;
  absl::StatusOr<EventType> type = TypeOf(type_name, f);
  if (!type.ok()) return type.status();
  e.type = *type;
  f.set_type(EventTypeName(e.type));
  if (e.index < 0) return f.Error("\"i\" to be 0 or more", std::to_string(e.index));
  if (e.time < 0) return f.Error("\"t\" to be 0 or more", std::to_string(e.time));
  if (previous != nullptr && e.index <= previous->index) {
    return f.Error(absl::StrCat("\"i\" above the previous line's (", previous->index, ")"),
                   std::to_string(e.index));
  }
  if (previous != nullptr && e.time < previous->time) {
    return f.Error(absl::StrCat("\"t\" at or after the previous line's (", previous->time, ")"),
                   std::to_string(e.time));
  }
  if (absl::Status s = ReadTypeFields(f, e.type, e); !s.ok()) return s;
  return e;
}

// Whether `line` is the header {"type":"kinds","kinds":{"replicate":{"label":[...]},...}}:
// an object of type "kinds" without an "i" (every event has one), in any key order.
bool IsKindsHeader(std::string_view line, const LineRef& at) {
  if (line.find("\"kinds\"") == std::string_view::npos) return false;
  if (!CheckJsonDepth(line, at).ok()) return false;  // ParseLine reports it
  const Json obj = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object() || obj.contains("i")) return false;
  const auto type = obj.find("type");
  return type != obj.end() && *type == "kinds";
}

absl::Status ParseKinds(std::string_view line, const LineRef& at, TraceEvents& trace) {
  constexpr char kKindsShape[] =
      "a kinds header {\"type\":\"kinds\",\"kinds\":{\"KIND\":{\"label\":[\"FIELD\",...]},...}}";
  const Json obj = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  const auto kinds = obj.find("kinds");
  if (kinds == obj.end() || !kinds->is_object()) return LineError(at, kKindsShape, line);
  for (const auto& [kind, info] : kinds->items()) {
    if (!info.is_object()) return LineError(at, kKindsShape, Compact(info));
    const auto label = info.find("label");
    if (label == info.end()) continue;
    if (!label->is_array()) return LineError(at, kKindsShape, Compact(*label));
    std::vector<std::string>& fields = trace.label_fields[kind];
    for (const Json& field : *label) {
      if (!field.is_string()) return LineError(at, kKindsShape, Compact(field));
      fields.push_back(field.get<std::string>());
    }
  }
  return absl::OkStatus();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  const auto i = static_cast<size_t>(type);
  return i < kTypeNames.size() ? kTypeNames[i] : std::string_view("?");
}

absl::StatusOr<TraceEvents> ParseTrace(std::string_view text, std::string source) {
  text = StripUtf8Bom(text);
  TraceEvents trace;
  trace.source = std::move(source);
  int64_t number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    if (trace.events.empty() && IsKindsHeader(line, LineRef{trace.source, number})) {
      if (absl::Status st = ParseKinds(line, LineRef{trace.source, number}, trace); !st.ok()) {
        return st;
      }
      continue;
    }
    const TraceEvent* previous = trace.events.empty() ? nullptr : &trace.events.back();
    absl::StatusOr<TraceEvent> e = ParseLine(line, LineRef{trace.source, number}, previous);
    if (!e.ok()) return e.status();
    trace.events.push_back(*std::move(e));
  }
  return trace;
}

absl::StatusOr<TraceEvents> ReadTraceFile(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "trace file", "e.g. RUN_DIR/trace.jsonl");
  if (!text.ok()) return text.status();
  return ParseTrace(*text, path);
}

}  // namespace faultline::viz
