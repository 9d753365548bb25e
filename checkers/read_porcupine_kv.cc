// Parses one line of porcupine's kv histories, a flat EDN map:
//   {:process 9, :type :invoke, :f :append, :key "0", :value "x 9 0 y"}
// Fields may come in any order; commas are whitespace, as in EDN.
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/internal/history_events.h"

namespace faultline::checkers::internal {
namespace {

constexpr char kShape[] =
    "an EDN map {:process P, :type :invoke|:ok|:fail|:info, :f :F, :key \"K\", :value V}";

// One scalar of the map: a keyword, a string, an integer or nil.
struct Atom {
  enum class Kind { kKeyword, kString, kInt, kNil } kind = Kind::kNil;
  std::string text;  // keyword without ':', or the string's contents
  int64_t i = 0;
};

class Scanner {
 public:
  Scanner(std::string_view s, const LineRef& at) : s_(s), at_(at) {}

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == ',' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == s_.size();
  }
  std::string_view Rest() const { return s_.substr(pos_); }

  absl::StatusOr<Atom> ReadAtom() {
    SkipSpace();
    Atom a;
    if (pos_ < s_.size() && s_[pos_] == '"') {
      a.kind = Atom::Kind::kString;
      for (++pos_; pos_ < s_.size() && s_[pos_] != '"'; ++pos_) {
        if (s_[pos_] == '\\') {
          if (++pos_ == s_.size()) break;
          const char c = s_[pos_];
          a.text.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
        } else {
          a.text.push_back(s_[pos_]);
        }
      }
      if (pos_ >= s_.size()) return LineError(at_, "a closing '\"'", "the end of the line");
      ++pos_;
      return a;
    }
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '\t' && s_[pos_] != ',' &&
           s_[pos_] != '}' && s_[pos_] != '{' && s_[pos_] != '"') {
      ++pos_;
    }
    const std::string_view tok = s_.substr(start, pos_ - start);
    if (tok == "nil") return a;
    if (tok.size() >= 2 && tok[0] == ':') {
      a.kind = Atom::Kind::kKeyword;
      a.text = std::string(tok.substr(1));
      return a;
    }
    if (std::optional<int64_t> v = ParseInt(tok)) {
      a.kind = Atom::Kind::kInt;
      a.i = *v;
      return a;
    }
    return LineError(at_, "a keyword, a \"string\", an integer or nil",
                     tok.empty() ? s_.substr(start) : tok);
  }

 private:
  std::string_view s_;
  const LineRef& at_;
  size_t pos_ = 0;
};

Value ToValue(const Atom& a) {
  switch (a.kind) {
    case Atom::Kind::kString:
      return Value::Str(a.text);
    case Atom::Kind::kInt:
      return Value::Int(a.i);
    case Atom::Kind::kNil:
    case Atom::Kind::kKeyword:
      break;
  }
  return Value::Nil();
}

}  // namespace

absl::StatusOr<std::optional<Event>> ParsePorcupineKvLine(std::string_view line,
                                                          const LineRef& at) {
  Scanner scan(line, at);
  if (!scan.Consume('{')) return LineError(at, kShape, line);
  std::map<std::string, Atom> fields;
  while (!scan.Consume('}')) {
    if (scan.AtEnd()) return LineError(at, "'}' closing the map", "the end of the line");
    absl::StatusOr<Atom> key = scan.ReadAtom();
    if (!key.ok()) return key.status();
    if (key->kind != Atom::Kind::kKeyword) {
      return LineError(at, "a field name such as :process", key->text);
    }
    absl::StatusOr<Atom> value = scan.ReadAtom();
    if (!value.ok()) return value.status();
    if (!fields.emplace(key->text, *std::move(value)).second) {
      return LineError(at, "each field once", absl::StrCat(":", key->text, " twice"));
    }
  }
  if (!scan.AtEnd()) return LineError(at, "nothing after the map's '}'", scan.Rest());
  for (const char* name : {"process", "type", "f", "value"}) {
    if (!fields.count(name)) {
      return LineError(at, absl::StrCat("a :", name, " field in ", kShape), line);
    }
  }
  Event e;
  e.time = at.line;
  const Atom& process = fields["process"];
  if (process.kind != Atom::Kind::kInt || process.i < 0) {
    return LineError(at, ":process to be an integer >= 0", line);
  }
  e.process = process.i;
  const Atom& type = fields["type"];
  if (type.kind == Atom::Kind::kKeyword && type.text == "invoke") {
    e.type = EventType::kInvoke;
  } else if (type.kind == Atom::Kind::kKeyword && type.text == "ok") {
    e.type = EventType::kOk;
  } else if (type.kind == Atom::Kind::kKeyword && type.text == "fail") {
    e.type = EventType::kFail;
  } else if (type.kind == Atom::Kind::kKeyword && type.text == "info") {
    e.type = EventType::kInfo;
  } else {
    return LineError(at, ":type to be :invoke, :ok, :fail or :info", line);
  }
  const Atom& f = fields["f"];
  if (f.kind != Atom::Kind::kKeyword) return LineError(at, ":f to be a keyword such as :get", line);
  e.f = f.text;
  // No :key: one object (key ""), as a single-register history is.
  const auto key_field = fields.find("key");
  const Atom key = key_field != fields.end() ? key_field->second : Atom{Atom::Kind::kString, "", 0};
  if (key.kind == Atom::Kind::kString) {
    e.key = key.text;
  } else if (key.kind == Atom::Kind::kInt) {
    e.key = std::to_string(key.i);
  } else {
    return LineError(at, ":key to be a string", line);
  }
  const Atom& value = fields["value"];
  if (value.kind == Atom::Kind::kKeyword) {
    return LineError(at, ":value to be a string, an integer or nil", line);
  }
  e.value = ToValue(value);
  return e;
}

}  // namespace faultline::checkers::internal
