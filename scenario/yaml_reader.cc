#include "scenario/yaml_reader.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/strings.h"
#include "base/suggest.h"
#include "base/units.h"

namespace faultline::scenario {
namespace {

bool HasMark(const YAML::Mark& m) { return m.line >= 0 && m.column >= 0; }

// How much of the user's text an error message quotes back.
constexpr size_t kQuotedBytes = 80;

}  // namespace

void YamlSource::AddOverride(const YAML::Node& node, std::string text) {
  overrides_.emplace_back(node, std::move(text));
}

const std::string* YamlSource::OverrideOf(const YAML::Node& node) const {
  for (const auto& [n, text] : overrides_) {
    if (n.is(node)) return &text;
  }
  return nullptr;
}

YamlValue YamlValue::Root(const YamlSource& source, const YAML::Node& node) {
  YAML::Mark start;  // line 0, column 0: the top of the file
  return YamlValue(&source, node, "", start, source.OverrideOf(node));
}

YamlValue YamlValue::Child(const YAML::Node& node, std::string_view name,
                           const YAML::Mark& fallback, const YAML::Node* override_probe,
                           bool at_fallback) const {
  const YAML::Mark own = node.Mark();
  const bool use_own = !at_fallback && !node.IsNull() && HasMark(own);
  const YAML::Mark mark = use_own ? own : fallback;
  const std::string* origin = source_->OverrideOf(override_probe ? *override_probe : node);
  if (origin == nullptr) origin = source_->OverrideOf(node);
  if (origin == nullptr) origin = override_text_;
  std::string path = name.empty()    ? path_
                     : path_.empty() ? std::string(name)
                                     : absl::StrCat(path_, ".", std::string(name));
  return YamlValue(source_, node, std::move(path), HasMark(mark) ? mark : mark_, origin);
}

std::string YamlValue::Describe() const {
  if (!node_.IsDefined() || node_.IsNull()) return "nothing";
  if (node_.IsMap()) return "a mapping";
  if (node_.IsSequence()) return "a list";
  // Messages quote what they got; a pasted megabyte would bury the message itself.
  return absl::StrCat("'", Abbreviate(node_.Scalar(), kQuotedBytes), "'");
}

absl::Status YamlValue::Error(std::string_view what, std::string_view fix) const {
  std::string where;
  if (override_text_ != nullptr) {
    where = absl::StrCat(source_->file_name(), ": --set ",
                         Abbreviate(*override_text_, kQuotedBytes));
  } else {
    where = absl::StrCat(source_->file_name(), ":", mark_.line + 1, ":", mark_.column + 1);
  }
  std::string path = path_.empty() ? "" : absl::StrCat(path_, ": ");
  std::string tail = fix.empty() ? "" : absl::StrCat("; ", std::string(fix));
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", path, std::string(what), tail));
}

absl::Status YamlValue::Wrap(const absl::Status& status, std::string_view fix) const {
  // The parsers of base/units.h quote their whole input.
  return Error(Abbreviate(std::string(status.message()), 2 * kQuotedBytes), fix);
}

absl::Status YamlValue::CheckNoTag() const {
  // yaml-cpp: "?" for a plain node, "!" for a quoted or block scalar, "" for null; any
  // other tag was written explicitly.
  const std::string& tag = node_.Tag();
  if (tag.empty() || tag == "?" || tag == "!") return absl::OkStatus();
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  const std::string shown =
      tag.rfind(kCore, 0) == 0 ? absl::StrCat("!!", tag.substr(kCore.size())) : tag;
  return Error(absl::StrCat("the YAML tag ", Abbreviate(shown, kQuotedBytes), " is not supported"),
               "scenarios use no tags: remove it and write the value itself");
}

absl::StatusOr<std::string> YamlValue::ScalarFor(std::string_view what,
                                                 std::string_view example,
                                                 bool plain_only) const {
  FL_RETURN_IF_ERROR(CheckNoTag());
  if (!node_.IsScalar() || node_.Scalar().empty()) {
    return Error(absl::StrCat("expected ", std::string(what), ", like ", std::string(example),
                              ", got ", Describe()));
  }
  if (plain_only && node_.Tag() == "!") {
    return Error(absl::StrCat("expected ", std::string(what), ", got the quoted string '",
                              Abbreviate(node_.Scalar(), kQuotedBytes), "'"),
                 "remove the quotes");
  }
  return node_.Scalar();
}

absl::StatusOr<std::string> YamlValue::String() const { return ScalarFor("a string", "abc"); }

absl::StatusOr<int64_t> YamlValue::Integer(int64_t min, int64_t max) const {
  absl::StatusOr<std::string> text =
      ScalarFor("an integer", absl::StrCat(min < 1 && max >= 3 ? 3 : min), /*plain_only=*/true);
  if (!text.ok()) return text.status();
  absl::StatusOr<int64_t> n = ParseInteger(*text);
  if (!n.ok()) return Wrap(n.status());
  if (*n < min || *n > max) {
    return Error(absl::StrCat("expected an integer from ", min, " to ", max, ", got ", *n));
  }
  return *n;
}

absl::StatusOr<uint64_t> YamlValue::Unsigned64() const {
  absl::StatusOr<std::string> text = ScalarFor("a non-negative integer", "42", /*plain_only=*/true);
  if (!text.ok()) return text.status();
  uint64_t n = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, n);
  if (ec != std::errc() || ptr != end) {
    return Error(
        absl::StrCat("expected a non-negative integer below 2^64, like 42, got ", Describe()));
  }
  return n;
}

absl::StatusOr<double> YamlValue::Number() const {
  absl::StatusOr<std::string> text = ScalarFor("a number", "0.5", /*plain_only=*/true);
  if (!text.ok()) return text.status();
  absl::StatusOr<double> n = ParseDecimal(*text);
  if (!n.ok()) return Wrap(n.status());
  return *n;
}

absl::StatusOr<bool> YamlValue::Bool() const {
  absl::StatusOr<std::string> text = ScalarFor("true or false", "true", /*plain_only=*/true);
  if (!text.ok()) return text.status();
  if (*text == "true") return true;
  if (*text == "false") return false;
  return Error(absl::StrCat("expected true or false, got '", *text, "'"),
               "YAML 1.1 words such as yes, no, on and off are not booleans here: write true "
               "or false");
}

absl::StatusOr<Nanos> YamlValue::Duration(Nanos min) const {
  absl::StatusOr<std::string> text = ScalarFor("a duration with a unit", "250ms or 2s");
  if (!text.ok()) return text.status();
  absl::StatusOr<Nanos> d = ParseDuration(*text);
  if (!d.ok()) return Wrap(d.status());
  if (*d < min) {
    return Error(absl::StrCat("expected a duration of at least ", FormatDuration(min), ", got '",
                              *text, "'"));
  }
  return *d;
}

absl::StatusOr<uint32_t> YamlValue::ProbabilityPpm() const {
  absl::StatusOr<std::string> text =
      ScalarFor("a probability between 0 and 1", "0.01", /*plain_only=*/true);
  if (!text.ok()) return text.status();
  absl::StatusOr<uint32_t> p = ParseProbabilityPpm(*text);
  if (!p.ok()) return Wrap(p.status());
  return *p;
}

absl::StatusOr<double> YamlValue::Rate() const {
  absl::StatusOr<std::string> text = ScalarFor("a rate", "200/s");
  if (!text.ok()) return text.status();
  absl::StatusOr<double> r = ParseRate(*text);
  if (!r.ok()) return Wrap(r.status());
  if (!(*r > 0)) {
    return Error("expected a rate above zero, like 200/s",
                 "leave the rate out for a closed loop (each client waits for its reply)");
  }
  return *r;
}

absl::StatusOr<std::string> YamlValue::Choice(const std::vector<std::string>& choices) const {
  const std::string list = absl::StrJoin(choices, ", ");
  absl::StatusOr<std::string> text = ScalarFor(absl::StrCat("one of ", list), choices.front());
  if (!text.ok()) return text.status();
  for (const std::string& c : choices) {
    if (c == *text) return *text;
  }
  std::string hint = DidYouMean(*text, choices);
  return Error(absl::StrCat("expected one of ", list, ", got '", *text, "'"), hint);
}

absl::StatusOr<std::vector<YamlValue>> YamlValue::Items() const {
  std::vector<YamlValue> items;
  FL_RETURN_IF_ERROR(CheckNoTag());
  if (IsNull()) return items;
  if (!IsSequence()) return Error(absl::StrCat("expected a list, like [a, b], got ", Describe()));
  for (size_t i = 0; i < node_.size(); ++i) {
    items.push_back(Child(node_[i], absl::StrCat(i), mark_));
  }
  return items;
}

absl::StatusOr<YamlMap> YamlMap::ReadAny(const YamlValue& value) {
  YamlMap map(value);
  FL_RETURN_IF_ERROR(value.CheckNoTag());
  if (value.IsNull()) return map;
  if (!value.IsMap()) {
    return value.Error(absl::StrCat("expected a mapping (key: value), got ", value.Describe()));
  }
  for (auto it = value.node().begin(); it != value.node().end(); ++it) {
    const YAML::Node key_node = it->first;
    const YAML::Node value_node = it->second;
    YamlValue key = value.Child(key_node, "", key_node.Mark(), &value_node);
    if (!key_node.IsScalar() || key_node.Scalar().empty()) {
      return key.Error(absl::StrCat("expected a plain name as a key, got ", key.Describe()));
    }
    const std::string name = key_node.Scalar();
    if (map.Find(name) != nullptr) {
      return key.Error(absl::StrCat("duplicate key '", name, "'"), "each key may appear once");
    }
    // A block mapping or list is located at its key ("cluster:"), a scalar at itself.
    const bool at_key = value_node.IsMap() || value_node.IsSequence();
    YamlValue child = value.Child(value_node, name, key_node.Mark(), nullptr, at_key);
    map.entries_.push_back(Entry{name, key, child});
  }
  return map;
}

absl::StatusOr<YamlMap> YamlMap::Read(const YamlValue& value,
                                      const std::vector<std::string>& allowed) {
  absl::StatusOr<YamlMap> map = ReadAny(value);
  if (!map.ok()) return map.status();
  for (const Entry& e : map->entries_) {
    bool known = false;
    for (const std::string& a : allowed) known = known || a == e.key;
    if (known) continue;
    std::string hint = DidYouMean(e.key, allowed);
    if (hint.empty()) hint = absl::StrCat("expected one of: ", absl::StrJoin(allowed, ", "));
    return e.key_value.Error(absl::StrCat("unknown key '", e.key, "'"), hint);
  }
  return map;
}

const YamlMap::Entry* YamlMap::Find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<YamlValue> YamlMap::Get(std::string_view key) const {
  const Entry* e = Find(key);
  if (e == nullptr) return std::nullopt;
  return e->value;
}

absl::StatusOr<YamlValue> YamlMap::Require(std::string_view key, std::string_view example) const {
  const Entry* e = Find(key);
  if (e == nullptr) {
    return self_.Error(absl::StrCat("missing required key '", std::string(key), "'"),
                       absl::StrCat("add it, for example: ", std::string(example)));
  }
  return e->value;
}

absl::Status YamlMap::ReadString(std::string_view key, std::string* out) const {
  std::optional<YamlValue> v = Get(key);
  if (!v) return absl::OkStatus();
  absl::StatusOr<std::string> s = v->String();
  if (!s.ok()) return s.status();
  *out = *std::move(s);
  return absl::OkStatus();
}

absl::Status YamlMap::ReadBool(std::string_view key, bool* out) const {
  std::optional<YamlValue> v = Get(key);
  if (!v) return absl::OkStatus();
  absl::StatusOr<bool> b = v->Bool();
  if (!b.ok()) return b.status();
  *out = *b;
  return absl::OkStatus();
}

absl::Status YamlMap::ReadDuration(std::string_view key, Nanos min, Nanos* out) const {
  std::optional<YamlValue> v = Get(key);
  if (!v) return absl::OkStatus();
  absl::StatusOr<Nanos> d = v->Duration(min);
  if (!d.ok()) return d.status();
  *out = *d;
  return absl::OkStatus();
}

absl::Status YamlMap::ReadProbabilityPpm(std::string_view key, uint32_t* out) const {
  std::optional<YamlValue> v = Get(key);
  if (!v) return absl::OkStatus();
  absl::StatusOr<uint32_t> p = v->ProbabilityPpm();
  if (!p.ok()) return p.status();
  *out = *p;
  return absl::OkStatus();
}

}  // namespace faultline::scenario
