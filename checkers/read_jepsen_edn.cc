// Reads Jepsen's own history.edn: a vector [...] or list (...) of op maps, or (as newer
// Jepsen versions write it) the op maps one after another with no brackets:
//   [{:process 0, :type :invoke, :f :cas, :value [1 2], :time 1200}
//    {:process :nemesis, :type :info, :f :start, :value nil}  ; a fault, skipped
//    {:process 0, :type :ok, :f :cas, :value [1 2], :time 3400}]
// Unlike the line-oriented formats an op may span lines and several may share one, so the
// whole text is read as EDN and errors name LINE:COLUMN.
//
// Keys (jepsen.independent): when the first client op's value is a [KEY VALUE] tuple (a
// read or write whose value is a vector, a cas whose value is [K [A B]]), the history is
// keyed and every client op's value must be one; otherwise it is one register (key "").
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/internal/edn.h"
#include "checkers/internal/history_events.h"

namespace faultline::checkers::internal {
namespace {

constexpr char kShape[] =
    "an op map {:process P, :type :invoke|:ok|:fail|:info, :f :read|:write|:cas, :value V}";

using Kind = EdnValue::Kind;

bool IsSequence(const EdnValue& v) { return v.kind == Kind::kVector || v.kind == Kind::kList; }

std::optional<EventType> TypeOf(const EdnValue& type) {
  if (type.kind != Kind::kKeyword) return std::nullopt;
  if (type.text == "invoke") return EventType::kInvoke;
  if (type.text == "ok") return EventType::kOk;
  if (type.text == "fail") return EventType::kFail;
  if (type.text == "info") return EventType::kInfo;
  return std::nullopt;
}

// The fields of an op map this reader uses; others (:time aside, :index, :error, ...) are
// ignored, as Jepsen adds its own.
struct OpFields {
  const EdnValue* process = nullptr;
  const EdnValue* type = nullptr;
  const EdnValue* f = nullptr;
  const EdnValue* value = nullptr;
  const EdnValue* time = nullptr;
};

class EdnHistoryParser {
 public:
  EdnHistoryParser(EdnReader* reader, HistoryBuilder* builder)
      : reader_(*reader), builder_(*builder) {}

  // Reads one element of the history: an op (added to the builder) or a skipped one.
  absl::Status AddOp(const EdnValue& v);

  int64_t skipped() const { return skipped_; }

 private:
  absl::StatusOr<OpFields> Fields(const EdnValue& v) const;
  absl::Status Error(const EdnValue& v, std::string_view expected) const {
    return LineError(reader_.At(v), expected, reader_.Raw(v));
  }
  // Whether `value` is a jepsen.independent [KEY VALUE] tuple for an op `f`.
  static bool IsKeyedValue(std::string_view f, const EdnValue& value);
  absl::Status SetValue(std::string_view f, const EdnValue& value, Event* e) const;
  // Sets e->key and the value from `value`, a [KEY VALUE] tuple when `keyed`.
  absl::Status SetKeyAndValue(const EdnValue& value, bool keyed, Event* e) const;
  absl::StatusOr<Value> Scalar(const EdnValue& v) const;

  EdnReader& reader_;
  HistoryBuilder& builder_;
  int64_t skipped_ = 0;
  int64_t ops_ = 0;
  // Decided by the first client op: whether values are [KEY VALUE] tuples, and whether
  // ops carry :time; every later op must agree.
  bool keyed_ = false;
  bool timed_ = false;
  int64_t first_line_ = 0;
};

absl::StatusOr<OpFields> EdnHistoryParser::Fields(const EdnValue& v) const {
  if (v.kind != Kind::kMap) return Error(v, kShape);
  OpFields fields;
  for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
    const EdnValue& key = v.items[i];
    if (key.kind != Kind::kKeyword) continue;
    if (key.text == "key") {
      // Jepsen names keys in [key value] tuples; a :key field is porcupine's kv format.
      return LineError(reader_.At(key),
                       "no :key field (Jepsen's keys are [KEY VALUE] tuples; for porcupine's "
                       "kv histories pass --format porcupine-kv)",
                       reader_.Raw(v));
    }
    const EdnValue** slot = key.text == "process" ? &fields.process
                            : key.text == "type"  ? &fields.type
                            : key.text == "f"     ? &fields.f
                            : key.text == "value" ? &fields.value
                            : key.text == "time"  ? &fields.time
                                                  : nullptr;
    if (slot == nullptr) continue;
    if (*slot != nullptr) {
      return LineError(reader_.At(key), "each field once", absl::StrCat(":", key.text, " twice"));
    }
    *slot = &v.items[i + 1];
  }
  for (auto [name, field] :
       {std::pair{"process", fields.process}, {"type", fields.type}, {"f", fields.f}}) {
    if (field == nullptr) return Error(v, absl::StrCat("a :", name, " field in ", kShape));
  }
  return fields;
}

bool EdnHistoryParser::IsKeyedValue(std::string_view f, const EdnValue& value) {
  if (!IsSequence(value) || value.items.size() != 2) return false;
  // A plain cas value is [A B] too; keyed, it is [K [A B]].
  return f != "cas" || IsSequence(value.items[1]);
}

absl::StatusOr<Value> EdnHistoryParser::Scalar(const EdnValue& v) const {
  switch (v.kind) {
    case Kind::kNil:
      return Value::Nil();
    case Kind::kInt:
      return Value::Int(v.i);
    case Kind::kString:
      return Value::Str(v.text);
    case Kind::kNumber:
      return Error(v, "a value that is nil, an integer of at most 64 bits or a string");
    default:
      return Error(v, absl::StrCat("a value that is nil, an integer or a string, not ",
                                   Sv(EdnKindName(v.kind))));
  }
}

absl::Status EdnHistoryParser::SetValue(std::string_view f, const EdnValue& value, Event* e) const {
  if (f == "cas") {
    if (!IsSequence(value) || value.items.size() != 2) {
      return Error(value, "a cas value [EXPECTED NEW]");
    }
    absl::StatusOr<Value> expected = Scalar(value.items[0]);
    if (!expected.ok()) return expected.status();
    absl::StatusOr<Value> next = Scalar(value.items[1]);
    if (!next.ok()) return next.status();
    e->value = *std::move(expected);
    e->value2 = *std::move(next);
    return absl::OkStatus();
  }
  absl::StatusOr<Value> v = Scalar(value);
  if (!v.ok()) return v.status();
  e->value = *std::move(v);
  return absl::OkStatus();
}

absl::Status EdnHistoryParser::AddOp(const EdnValue& v) {
  absl::StatusOr<OpFields> fields = Fields(v);
  if (!fields.ok()) return fields.status();
  const EdnValue& process = *fields->process;
  if (process.kind == Kind::kNumber) {
    return Error(process, ":process to be an integer of at most 64 bits");
  }
  // Jepsen's nemesis (and any other non-client actor) logs its faults in the history
  // under a process that is not an integer; they are annotations, not client ops.
  if (process.kind != Kind::kInt) {
    ++skipped_;
    return absl::OkStatus();
  }
  if (process.i < 0) return Error(process, ":process to be an integer >= 0 (or :nemesis)");
  Event e;
  e.process = process.i;
  const std::optional<EventType> type = TypeOf(*fields->type);
  if (!type) return Error(*fields->type, ":type to be :invoke, :ok, :fail or :info");
  e.type = *type;
  const EdnValue& f = *fields->f;
  if (f.kind != Kind::kKeyword || f.text.empty()) {
    return Error(f, ":f to be a keyword such as :read, :write or :cas");
  }
  e.f = f.text;

  EdnValue nil;  // a missing :value is nil; messages about it point at the op
  nil.line = v.line;
  nil.column = v.column;
  nil.begin = v.begin;
  nil.end = v.end;
  const EdnValue& value = fields->value != nullptr ? *fields->value : nil;
  const bool timed = fields->time != nullptr;
  const bool keyed = IsKeyedValue(e.f, value);
  ++ops_;
  if (ops_ == 1) {
    keyed_ = keyed;
    timed_ = timed;
    first_line_ = v.line;
  }
  if (timed != timed_) {
    return Error(v, absl::StrCat("a :time on every op or on none (the first op, line ", first_line_,
                                 ", has ", timed_ ? "one" : "none", ")"));
  }
  if (timed) {
    const EdnValue& time = *fields->time;
    if (time.kind != Kind::kInt) {
      return Error(time, ":time to be an integer (nanoseconds) of at most 64 bits");
    }
    e.time = time.i;
  } else {
    e.time = ops_;  // only the order matters to the checker
  }
  if (keyed_ && !keyed) {
    return Error(value, absl::StrCat("a [KEY VALUE] tuple (jepsen.independent), as the first op's "
                                     "value (line ",
                                     first_line_, ") is"));
  }
  if (!keyed_ && keyed) {
    return Error(value, absl::StrCat("a plain value, as the first op's value (line ", first_line_,
                                     ") is; a [KEY VALUE] tuple only when every op has one"));
  }
  if (absl::Status st = SetKeyAndValue(value, keyed, &e); !st.ok()) return st;
  return builder_.Add(e, reader_.At(v));
}

absl::Status EdnHistoryParser::SetKeyAndValue(const EdnValue& value, bool keyed, Event* e) const {
  if (!keyed) return SetValue(e->f, value, e);
  const EdnValue& key = value.items[0];
  if (key.kind == Kind::kInt) {
    e->key = std::to_string(key.i);
  } else if (key.kind == Kind::kString) {
    e->key = key.text;
  } else if (key.kind == Kind::kKeyword) {
    e->key = absl::StrCat(":", key.text);
  } else {
    return Error(key, "a key that is an integer, a string or a keyword");
  }
  return SetValue(e->f, value.items[1], e);
}

}  // namespace

absl::Status ParseJepsenEdn(std::string_view text, std::string_view source, HistoryBuilder* builder,
                            int64_t* skipped) {
  EdnReader reader(text, source);
  EdnHistoryParser parser(&reader, builder);
  if (absl::Status st = reader.SkipDiscards(0); !st.ok()) return st;
  if (reader.AtEnd()) return absl::OkStatus();
  const char first = reader.Peek();
  char close = 0;  // 0: bare op maps, one after another
  int depth = 0;
  const LineRef open = reader.Here();
  if (first == '[' || first == '(') {
    close = first == '[' ? ']' : ')';
    depth = 1;
    reader.Advance();
  } else if (first != '{') {
    return LineError(open,
                     "a Jepsen history: a vector [...] or list (...) of op maps {:process P, "
                     ":type ..., :f ..., :value V}, or the op maps alone",
                     reader.Rest());
  }
  const std::string closing = absl::StrCat(
      "'", std::string(1, close), "' closing the history opened at ", open.line, ":", open.column);
  while (true) {
    if (absl::Status st = reader.SkipDiscards(depth); !st.ok()) return st;
    if (reader.AtEnd()) {
      if (close != 0) return LineError(reader.Here(), closing, "the end of the file");
      break;
    }
    const char c = reader.Peek();
    if (close != 0 && c == close) {
      reader.Advance();
      break;
    }
    if (c == ']' || c == ')' || c == '}') {
      return LineError(reader.Here(), close != 0 ? closing : "an op map", reader.Rest());
    }
    absl::StatusOr<EdnValue> op = reader.Read(depth);
    if (!op.ok()) return op.status();
    if (absl::Status st = parser.AddOp(*op); !st.ok()) return st;
  }
  if (absl::Status st = reader.SkipDiscards(0); !st.ok()) return st;
  if (!reader.AtEnd()) {
    return LineError(reader.Here(), "nothing after the history's closing bracket", reader.Rest());
  }
  *skipped = parser.skipped();
  return absl::OkStatus();
}

}  // namespace faultline::checkers::internal
