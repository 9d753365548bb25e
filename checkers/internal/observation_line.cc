#include "checkers/internal/observation_line.h"

#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_depth.h"
#include "base/strings.h"

namespace faultline::checkers::internal {

using nlohmann::json;

namespace {

// "an acquire line", "a release line": the article the observation's name takes.
std::string OnALine(std::string_view f) {
  const bool vowel =
      !f.empty() && std::string_view("aeiou").find(f.front()) != std::string_view::npos;
  return absl::StrCat(vowel ? "on an " : "on a ", Sv(f), " line");
}

}  // namespace

std::string JsonLine::Dump(const json& v) const {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::Status JsonLine::Parse() {
  if (absl::Status st = CheckJsonDepth(line_, at_); !st.ok()) return st;
  std::set<std::string> fields;
  std::string repeated;
  obj_ = json::parse(
      line_.begin(), line_.end(),
      [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 && repeated.empty() &&
            !fields.insert(parsed.get<std::string>()).second) {
          repeated = parsed.get<std::string>();
        }
        return true;
      },
      /*allow_exceptions=*/false);
  if (obj_.is_discarded() || !obj_.is_object()) return Error(shape_, line_);
  if (!repeated.empty()) return Error("each field once", absl::StrCat("\"", repeated, "\" twice"));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> JsonLine::AsInt(const json& v, std::string_view what) const {
  if (ints_ == IntRange::kInt64) {
    if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<int64_t>();
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return static_cast<int64_t>(v.get<uint64_t>());
    }
    // The parser turns an integer beyond 64 bits into a float ('1e+20'): name the limit.
    return Error(
        absl::StrCat(Sv(what), " to be an integer", v.is_number() ? " of at most 64 bits" : ""),
        Dump(v));
  }
  // Times, durations, tokens and counts are added and subtracted (a lease's end is its
  // grant plus its TTL, a first attempt its acquire minus its wait): a bound far past any
  // real run (2^61 ns is 73 years) keeps that arithmetic from overflowing.
  constexpr int64_t kMagnitudeMax = int64_t{1} << 61;
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    const int64_t i = v.get<int64_t>();
    if (i >= -kMagnitudeMax && i <= kMagnitudeMax) return i;
  }
  if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(kMagnitudeMax)) {
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  return Error(absl::StrCat(Sv(what), " to be an integer",
                            v.is_number() ? " from -2^61 to 2^61 (73 years in ns)" : ""),
               Dump(v));
}

absl::StatusOr<int64_t> JsonLine::Int(const char* name) const {
  if (!Has(name)) return Error(absl::StrCat("a \"", name, "\" field in ", shape_), line_);
  return AsInt(obj_.at(name), absl::StrCat("\"", name, "\""));
}

absl::StatusOr<std::string> JsonLine::String(const char* name) const {
  if (!Has(name)) return Error(absl::StrCat("a \"", name, "\" field in ", shape_), line_);
  const json& v = obj_.at(name);
  if (!v.is_string()) return Error(absl::StrCat("\"", name, "\" to be a string"), Dump(v));
  return v.get<std::string>();
}

absl::StatusOr<std::string> JsonLine::LockKey() const {
  if (!Has("key")) return Error("a \"key\" field: the lock's name, such as \"L1\"", line_);
  const json& v = obj_.at("key");
  if (!v.is_string() || v.get<std::string>().empty()) {
    return Error("\"key\" to be the lock's name, a non-empty string such as \"L1\"", Dump(v));
  }
  return v.get<std::string>();
}

bool JsonLine::HasDetail(const char* name) const {
  return Has("detail") && obj_.at("detail").is_object() && obj_.at("detail").contains(name);
}

absl::StatusOr<const json*> JsonLine::DetailField(std::string_view f, const char* name,
                                                  std::string_view means) const {
  if (!Has("detail") || !obj_.at("detail").is_object()) {
    return Error(
        absl::StrCat("a \"detail\" object ", OnALine(f), ", with \"", name, "\" (", Sv(means), ")"),
        Has("detail") ? Dump(obj_.at("detail")) : std::string(line_));
  }
  const json& detail = obj_.at("detail");
  if (!detail.contains(name)) {
    return Error(absl::StrCat("detail \"", name, "\" ", OnALine(f), " (", Sv(means), ")"),
                 Dump(detail));
  }
  return &detail.at(name);
}

absl::StatusOr<int64_t> JsonLine::DetailInt(std::string_view f, const char* name,
                                            std::string_view means, int64_t min) const {
  absl::StatusOr<const json*> v = DetailField(f, name, means);
  if (!v.ok()) return v.status();
  absl::StatusOr<int64_t> i = AsInt(**v, absl::StrCat("detail \"", name, "\""));
  if (!i.ok()) return i.status();
  if (*i < min) {
    return Error(absl::StrCat("detail \"", name, "\" to be at least ", min, " (", Sv(means), ")"),
                 Dump(**v));
  }
  return *i;
}

absl::StatusOr<std::string> JsonLine::DetailString(std::string_view f, const char* name,
                                                   std::string_view means) const {
  absl::StatusOr<const json*> v = DetailField(f, name, means);
  if (!v.ok()) return v.status();
  if (!(*v)->is_string() || (*v)->get<std::string>().empty()) {
    return Error(absl::StrCat("detail \"", name, "\" to be a non-empty string (", Sv(means), ")"),
                 Dump(**v));
  }
  return (*v)->get<std::string>();
}

absl::StatusOr<std::string> JsonLine::DetailStringOrNull(std::string_view f, const char* name,
                                                         std::string_view means) const {
  absl::StatusOr<const json*> v = DetailField(f, name, means);
  if (!v.ok()) return v.status();
  if ((*v)->is_null()) return std::string();
  if (!(*v)->is_string()) {
    return Error(absl::StrCat("detail \"", name, "\" to be a string or null (", Sv(means), ")"),
                 Dump(**v));
  }
  return (*v)->get<std::string>();
}

absl::StatusOr<bool> JsonLine::DetailBool(std::string_view f, const char* name,
                                          std::string_view means) const {
  absl::StatusOr<const json*> v = DetailField(f, name, means);
  if (!v.ok()) return v.status();
  const json& b = **v;
  if (b.is_boolean()) return b.get<bool>();
  if (b.is_number_integer() && (b.get<int64_t>() == 0 || b.get<int64_t>() == 1)) {
    return b.get<int64_t>() == 1;
  }
  return Error(
      absl::StrCat("detail \"", name, "\" to be true or false (or 1 or 0: ", Sv(means), ")"),
      Dump(b));
}

absl::StatusOr<ObservationHead> ReadObservationHead(const JsonLine& p) {
  if (!p.Has("node")) {
    return p.Error(
        "a \"node\" field naming the node that observed (an observe line has \"node\" where a "
        "client op has \"process\")",
        p.Dump(p.obj()));
  }
  ObservationHead head;
  FL_ASSIGN_OR_RETURN(head.node, p.String("node"));
  FL_ASSIGN_OR_RETURN(head.f, p.String("f"));
  return head;
}

absl::Status ForEachHistoryLine(
    std::string_view text, std::string_view source,
    const std::function<absl::Status(std::string_view line, const LineRef& at)>& line_fn) {
  LineRef at{source, 0};
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++at.line;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t\v\f") == std::string_view::npos) continue;
    if (absl::Status st = line_fn(line, at); !st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace faultline::checkers::internal
