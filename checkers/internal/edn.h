// A reader for EDN, Clojure's data notation, enough for Jepsen's history.edn: nil, true,
// false, integers, other numbers (kept as written), strings, characters, keywords,
// symbols, vectors, lists, maps, sets, tagged values (`#inst "..."`) and `#_` discards;
// commas are whitespace and `;` starts a comment. It never recurses deeper than
// kMaxEdnDepth and reports every error as "SOURCE:LINE:COLUMN: expected ..., found ...".
//
//   EdnReader r(text, "history.edn");
//   absl::StatusOr<EdnValue> v = r.Read(/*depth=*/0);
//   if (v.ok() && v->kind == EdnValue::Kind::kMap) ...
#ifndef FAULTLINE_CHECKERS_INTERNAL_EDN_H_
#define FAULTLINE_CHECKERS_INTERNAL_EDN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/line_error.h"

namespace faultline::checkers::internal {

// As deep as the JSON readers allow (base/json_depth.h): a Jepsen op is 3 or 4 levels
// deep; the limit keeps a hostile file from exhausting the stack.
inline constexpr int kMaxEdnDepth = 128;

struct EdnValue {
  enum class Kind : uint8_t {
    kNil,
    kBool,
    kInt,     // fits in int64
    kNumber,  // any other number (too large, a float, 1N, 1.5M): `text` as written
    kString,
    kChar,
    kKeyword,
    kSymbol,
    kVector,
    kList,
    kMap,
    kSet,
    kTagged,  // #tag value: `text` is the tag, items[0] the value
  };
  Kind kind = Kind::kNil;
  int64_t i = 0;                // kInt; kBool: 1 for true
  std::string text;             // keyword or symbol without ':', string contents, tag, number
  std::vector<EdnValue> items;  // elements; a map's are key, value, key, value, ...
  int64_t line = 0;             // where the value starts, 1-based
  int64_t column = 0;
  size_t begin = 0;  // byte offsets of the value in the text
  size_t end = 0;
};

class EdnReader {
 public:
  EdnReader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  // Skips whitespace, commas and comments; true when nothing but them is left.
  bool AtEnd();
  // The next character after SkipSpace. REQUIRES: !AtEnd().
  char Peek();
  // Consumes one character (after SkipSpace).
  void Advance();
  // Where the next character is, for messages.
  LineRef Here() const { return LineRef{source_, line_, Column()}; }
  // The text from the next character on (for "found" in messages).
  std::string_view Rest() const { return text_.substr(pos_); }

  // Skips whitespace, comments and `#_ value` discards (a discard's value nests one level
  // below `depth`).
  [[nodiscard]] absl::Status SkipDiscards(int depth);

  // Reads one value that sits inside `depth` enclosing collections.
  [[nodiscard]] absl::StatusOr<EdnValue> Read(int depth);

  // Where `v` starts, and its text as written.
  LineRef At(const EdnValue& v) const { return LineRef{source_, v.line, v.column}; }
  std::string_view Raw(const EdnValue& v) const { return text_.substr(v.begin, v.end - v.begin); }

 private:
  int64_t Column() const { return static_cast<int64_t>(pos_ - line_start_) + 1; }
  void SkipSpace();
  void Step();  // one byte, counting lines
  absl::StatusOr<EdnValue> ReadCollection(EdnValue v, char close, int depth);
  absl::StatusOr<EdnValue> ReadString(EdnValue v);
  absl::StatusOr<EdnValue> ReadDispatch(EdnValue v, int depth);  // after '#'
  EdnValue ReadAtom(EdnValue v);
  std::string_view Token();

  std::string_view text_;
  std::string_view source_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int64_t line_ = 1;
};

// "a keyword", "a vector", ...: what a value is, for messages.
std::string_view EdnKindName(EdnValue::Kind kind);

}  // namespace faultline::checkers::internal

#endif  // FAULTLINE_CHECKERS_INTERNAL_EDN_H_
