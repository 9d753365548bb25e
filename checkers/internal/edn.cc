#include "checkers/internal/edn.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline::checkers::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ',';
}

// Characters that end a token (a number, keyword, symbol or character).
bool IsDelimiter(char c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' ||
         c == '"' || c == ';';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Appends code point `cp` (< 0x10000, from a \uXXXX escape) as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string_view CollectionName(char close) {
  switch (close) {
    case ']':
      return "vector";
    case ')':
      return "list";
    default:
      return "map";
  }
}

}  // namespace

std::string_view EdnKindName(EdnValue::Kind kind) {
  switch (kind) {
    case EdnValue::Kind::kNil:
      return "nil";
    case EdnValue::Kind::kBool:
      return "a boolean";
    case EdnValue::Kind::kInt:
      return "an integer";
    case EdnValue::Kind::kNumber:
      return "a number";
    case EdnValue::Kind::kString:
      return "a string";
    case EdnValue::Kind::kChar:
      return "a character";
    case EdnValue::Kind::kKeyword:
      return "a keyword";
    case EdnValue::Kind::kSymbol:
      return "a symbol";
    case EdnValue::Kind::kVector:
      return "a vector";
    case EdnValue::Kind::kList:
      return "a list";
    case EdnValue::Kind::kMap:
      return "a map";
    case EdnValue::Kind::kSet:
      return "a set";
    case EdnValue::Kind::kTagged:
      return "a tagged value";
  }
  return "a value";
}

void EdnReader::Step() {
  if (text_[pos_] == '\n') {
    ++line_;
    line_start_ = pos_ + 1;
  }
  ++pos_;
}

void EdnReader::SkipSpace() {
  while (pos_ < text_.size()) {
    if (IsSpace(text_[pos_])) {
      Step();
    } else if (text_[pos_] == ';') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

bool EdnReader::AtEnd() {
  SkipSpace();
  return pos_ >= text_.size();
}

char EdnReader::Peek() {
  SkipSpace();
  return text_[pos_];
}

void EdnReader::Advance() {
  SkipSpace();
  if (pos_ < text_.size()) Step();
}

std::string_view EdnReader::Token() {
  const size_t start = pos_;
  while (pos_ < text_.size() && !IsDelimiter(text_[pos_])) ++pos_;
  return text_.substr(start, pos_ - start);
}

absl::Status EdnReader::SkipDiscards(int depth) {
  // A loop, not recursion: `#_ 1 #_ 1 ...` may be a million long.
  while (!AtEnd() && text_[pos_] == '#' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '_') {
    if (depth + 1 > kMaxEdnDepth) {
      return LineError(Here(), absl::StrCat("EDN nested at most ", kMaxEdnDepth, " levels deep"),
                       Rest());
    }
    Step();
    Step();
    absl::StatusOr<EdnValue> dropped = Read(depth + 1);
    if (!dropped.ok()) return dropped.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<EdnValue> EdnReader::Read(int depth) {
  if (absl::Status st = SkipDiscards(depth); !st.ok()) return st;
  if (AtEnd()) return LineError(Here(), "a value", "the end of the file");
  EdnValue v;
  v.line = line_;
  v.column = Column();
  v.begin = pos_;
  const char c = text_[pos_];
  absl::StatusOr<EdnValue> out;
  switch (c) {
    case '[':
    case '(':
    case '{':
      if (depth + 1 > kMaxEdnDepth) {
        return LineError(Here(), absl::StrCat("EDN nested at most ", kMaxEdnDepth, " levels deep"),
                         Rest());
      }
      v.kind = c == '['   ? EdnValue::Kind::kVector
               : c == '(' ? EdnValue::Kind::kList
                          : EdnValue::Kind::kMap;
      Step();
      out = ReadCollection(std::move(v), c == '[' ? ']' : c == '(' ? ')' : '}', depth + 1);
      break;
    case ']':
    case ')':
    case '}':
      return LineError(Here(), "a value", std::string_view(&text_[pos_], 1));
    case '"':
      out = ReadString(std::move(v));
      break;
    case '#':
      out = ReadDispatch(std::move(v), depth);
      break;
    default:
      out = ReadAtom(std::move(v));
      break;
  }
  if (out.ok()) out->end = pos_;
  return out;
}

absl::StatusOr<EdnValue> EdnReader::ReadCollection(EdnValue v, char close, int depth) {
  const LineRef open{source_, v.line, v.column};
  const std::string closing = absl::StrCat(
      "'", std::string(1, close), "' closing the ",
      Sv(v.kind == EdnValue::Kind::kSet ? std::string_view("set") : CollectionName(close)),
      " opened at ", open.line, ":", open.column);
  while (true) {
    if (absl::Status st = SkipDiscards(depth); !st.ok()) return st;
    if (AtEnd()) return LineError(Here(), closing, "the end of the file");
    const char c = text_[pos_];
    if (c == close) {
      Step();
      break;
    }
    if (c == ']' || c == ')' || c == '}') {
      return LineError(Here(), closing, std::string_view(&text_[pos_], 1));
    }
    absl::StatusOr<EdnValue> item = Read(depth);
    if (!item.ok()) return item.status();
    v.items.push_back(*std::move(item));
  }
  if (v.kind == EdnValue::Kind::kMap && v.items.size() % 2 != 0) {
    const EdnValue& key = v.items.back();
    return LineError(At(key), "a value after this map key", Raw(key));
  }
  return v;
}

absl::StatusOr<EdnValue> EdnReader::ReadString(EdnValue v) {
  v.kind = EdnValue::Kind::kString;
  const LineRef open = Here();
  Step();  // the opening quote
  while (pos_ < text_.size() && text_[pos_] != '"') {
    if (text_[pos_] != '\\') {
      v.text.push_back(text_[pos_]);
      Step();
      continue;
    }
    const LineRef escape = Here();
    const size_t escape_at = pos_;
    Step();
    if (pos_ >= text_.size()) break;
    const char e = text_[pos_];
    Step();
    switch (e) {
      case '"':
      case '\\':
      case '/':
        v.text.push_back(e);
        break;
      case 'n':
        v.text.push_back('\n');
        break;
      case 't':
        v.text.push_back('\t');
        break;
      case 'r':
        v.text.push_back('\r');
        break;
      case 'b':
        v.text.push_back('\b');
        break;
      case 'f':
        v.text.push_back('\f');
        break;
      case 'u': {
        const std::string_view hex = text_.substr(pos_, 4);
        if (hex.size() != 4 || !IsHex(hex[0]) || !IsHex(hex[1]) || !IsHex(hex[2]) ||
            !IsHex(hex[3])) {
          return LineError(escape, "four hex digits after \\u", text_.substr(escape_at, 6));
        }
        uint32_t cp = 0;
        std::from_chars(hex.data(), hex.data() + 4, cp, 16);
        AppendUtf8(cp, &v.text);
        pos_ += 4;
        break;
      }
      default:
        return LineError(escape, "a string escape: \\\" \\\\ \\n \\t \\r \\b \\f or \\uXXXX",
                         absl::StrCat("\\", std::string(1, e)));
    }
  }
  if (pos_ >= text_.size()) {
    return LineError(open, "a '\"' closing the string that starts here", "the end of the file");
  }
  Step();  // the closing quote
  return v;
}

absl::StatusOr<EdnValue> EdnReader::ReadDispatch(EdnValue v, int depth) {
  const LineRef hash = Here();
  Step();  // '#'
  if (pos_ < text_.size() && text_[pos_] == '{') {
    if (depth + 1 > kMaxEdnDepth) {
      return LineError(hash, absl::StrCat("EDN nested at most ", kMaxEdnDepth, " levels deep"),
                       text_.substr(pos_ - 1));
    }
    v.kind = EdnValue::Kind::kSet;
    Step();
    return ReadCollection(std::move(v), '}', depth + 1);
  }
  if (pos_ < text_.size() && text_[pos_] == '#') {  // ##Inf, ##-Inf, ##NaN
    Step();
    v.kind = EdnValue::Kind::kNumber;
    v.text = absl::StrCat("##", Sv(Token()));
    return v;
  }
  // `#tag x` tags x; a chain of tags nests as deep as brackets do. (`#_` never gets here:
  // SkipDiscards consumes it.)
  if (depth + 1 > kMaxEdnDepth) {
    return LineError(hash, absl::StrCat("EDN nested at most ", kMaxEdnDepth, " levels deep"),
                     text_.substr(pos_ - 1));
  }
  v.text = std::string(Token());
  if (v.text.empty()) {
    return LineError(hash, "a tag, '#{', '#_' or '##' after '#'", text_.substr(pos_ - 1));
  }
  absl::StatusOr<EdnValue> inner = Read(depth + 1);
  if (!inner.ok()) return inner.status();
  v.kind = EdnValue::Kind::kTagged;
  v.items.push_back(*std::move(inner));
  return v;
}

EdnValue EdnReader::ReadAtom(EdnValue v) {
  if (text_[pos_] == '\\') {  // a character: \a, \newline, \u0041
    Step();
    v.kind = EdnValue::Kind::kChar;
    // The character itself may be a delimiter (\( or \ ), so take one byte first.
    if (pos_ < text_.size()) {
      v.text.push_back(text_[pos_]);
      Step();
    }
    v.text += Token();
    return v;
  }
  const std::string_view tok = Token();
  if (tok == "nil") return v;
  if (tok == "true" || tok == "false") {
    v.kind = EdnValue::Kind::kBool;
    v.i = tok == "true" ? 1 : 0;
    return v;
  }
  if (tok[0] == ':') {
    v.kind = EdnValue::Kind::kKeyword;
    v.text = std::string(tok.substr(1));
    return v;
  }
  const bool signed_number = (tok[0] == '-' || tok[0] == '+') && tok.size() > 1 && IsDigit(tok[1]);
  if (IsDigit(tok[0]) || signed_number) {
    const std::string_view digits = tok[0] == '+' ? tok.substr(1) : tok;
    int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec == std::errc() && ptr == digits.data() + digits.size()) {
      v.kind = EdnValue::Kind::kInt;
      v.i = n;
    } else {
      v.kind = EdnValue::Kind::kNumber;
      v.text = std::string(tok);
    }
    return v;
  }
  v.kind = EdnValue::Kind::kSymbol;
  v.text = std::string(tok);
  return v;
}

}  // namespace faultline::checkers::internal
