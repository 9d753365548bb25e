#include "viz/check_report_reader.h"

#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "base/text_file.h"

namespace faultline::viz {
namespace {

using nlohmann::json;

std::string Compact(const json& v) {
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Field accessors for one JSON object at a dotted path ("violation.stuck_op"), whose
// errors name the report file and the field.
class Fields {
 public:
  Fields(const json& obj, std::string_view source, std::string path)
      : obj_(obj), source_(source), path_(std::move(path)) {}

  std::string Path(std::string_view name) const {
    return path_.empty() ? std::string(name) : absl::StrCat(path_, ".", Sv(name));
  }

  absl::Status Error(std::string_view field, std::string_view expected,
                     std::string_view found) const {
    return absl::InvalidArgumentError(absl::StrCat(Sv(source_), ": ", Sv(field), ": expected ",
                                                   Sv(expected), ", found ",
                                                   QuoteFound(found)));
  }

  // The value, or nullptr when absent.
  const json* Find(std::string_view name) const {
    const auto it = obj_.find(name);
    return it == obj_.end() ? nullptr : &*it;
  }

  absl::StatusOr<const json*> Required(std::string_view name, std::string_view expected) const {
    const json* v = Find(name);
    if (v == nullptr) return Error(Path(name), expected, "nothing (the field is missing)");
    return v;
  }

  absl::Status String(std::string_view name, std::string* out) const {
    absl::StatusOr<const json*> v = Required(name, "a string");
    if (!v.ok()) return v.status();
    if (!(*v)->is_string()) return Error(Path(name), "a string", Compact(**v));
    *out = (*v)->get<std::string>();
    return absl::OkStatus();
  }

  // A JSON integer that fits in int64 (times can exceed 2^53: never read them as doubles).
  absl::Status Int(std::string_view name, int64_t* out) const {
    absl::StatusOr<const json*> v = Required(name, "an integer");
    if (!v.ok()) return v.status();
    return IntValue(Path(name), **v, out);
  }

  absl::Status IntValue(std::string_view field, const json& v, int64_t* out) const {
    if (v.is_number_integer() && !v.is_number_unsigned()) {
      *out = v.get<int64_t>();
      return absl::OkStatus();
    }
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      *out = static_cast<int64_t>(v.get<uint64_t>());
      return absl::OkStatus();
    }
    return Error(field, "an integer", Compact(v));
  }

  absl::StatusOr<Fields> Object(std::string_view name) const {
    absl::StatusOr<const json*> v = Required(name, "a JSON object");
    if (!v.ok()) return v.status();
    if (!(*v)->is_object()) return Error(Path(name), "a JSON object", Compact(**v));
    return Fields(**v, source_, Path(name));
  }

  const json& obj() const { return obj_; }
  std::string_view source() const { return source_; }
  const std::string& path() const { return path_; }

 private:
  const json& obj_;
  std::string_view source_;
  std::string path_;
};

// A value field as JSON text; nullopt when absent.
std::optional<std::string> ValueText(const Fields& f, std::string_view name) {
  const json* v = f.Find(name);
  if (v == nullptr) return std::nullopt;
  return Compact(*v);
}

absl::StatusOr<ReportOp> ReadOp(const Fields& f) {
  ReportOp op;
  if (absl::Status s = f.Int("index", &op.index); !s.ok()) return s;
  // "id" and "client" are newer than the format: a report without them numbers ops by
  // position, as the checker did then.
  op.id = op.index + 1;
  if (f.Find("id") != nullptr) {
    if (absl::Status s = f.Int("id", &op.id); !s.ok()) return s;
  }
  if (f.Find("client") != nullptr) {
    if (absl::Status s = f.String("client", &op.client); !s.ok()) return s;
  }
  if (absl::Status s = f.Int("line", &op.line); !s.ok()) return s;
  if (absl::Status s = f.Int("process", &op.process); !s.ok()) return s;
  if (absl::Status s = f.String("f", &op.f); !s.ok()) return s;
  if (absl::Status s = f.String("key", &op.key); !s.ok()) return s;
  if (absl::Status s = f.String("status", &op.status); !s.ok()) return s;
  if (op.status != "ok" && op.status != "fail" && op.status != "info") {
    return f.Error(f.Path("status"), "\"ok\", \"fail\" or \"info\"", Compact(op.status));
  }
  if (absl::Status s = f.Int("call", &op.call); !s.ok()) return s;
  absl::StatusOr<const json*> ret = f.Required("ret", "an integer or null");
  if (!ret.ok()) return ret.status();
  if (!(*ret)->is_null()) {
    int64_t r = 0;
    if (absl::Status s = f.IntValue(f.Path("ret"), **ret, &r); !s.ok()) return s;
    if (r < op.call) {
      return f.Error(f.Path("ret"), absl::StrCat("a time at or after call (", op.call, ")"),
                     Compact(**ret));
    }
    op.ret = r;
  }
  op.input = ValueText(f, "input").value_or("null");
  op.input2 = ValueText(f, "input2");
  op.output = ValueText(f, "output");
  if (absl::Status s = f.String("op", &op.op); !s.ok()) return s;
  return op;
}

absl::StatusOr<std::vector<ReportOp>> ReadOps(const Fields& f, std::string_view name) {
  absl::StatusOr<const json*> v = f.Required(name, "an array of ops");
  if (!v.ok()) return v.status();
  if (!(*v)->is_array()) return f.Error(f.Path(name), "an array of ops", Compact(**v));
  std::vector<ReportOp> ops;
  for (size_t i = 0; i < (*v)->size(); ++i) {
    const json& item = (**v)[i];
    const std::string path = absl::StrCat(f.Path(name), "[", i, "]");
    if (!item.is_object()) return f.Error(path, "an op (a JSON object)", Compact(item));
    absl::StatusOr<ReportOp> op = ReadOp(Fields(item, f.source(), path));
    if (!op.ok()) return op.status();
    ops.push_back(*std::move(op));
  }
  return ops;
}

// X in the explanation's "... leaves the state X; op 7 (...) ..." (checkers/linearizability.cc;
// reports before op numbers said "; op #6 (...)": the same prefix).
std::string StateFromExplanation(const std::string& explanation) {
  constexpr std::string_view kBefore = "leaves the state ";
  constexpr std::string_view kAfter = "; op ";
  const size_t begin = explanation.find(kBefore);
  if (begin == std::string::npos) return "";
  const size_t from = begin + kBefore.size();
  const size_t end = explanation.find(kAfter, from);
  if (end == std::string::npos) return "";
  return explanation.substr(from, end - from);
}

absl::StatusOr<ReportViolation> ReadViolation(const Fields& f) {
  ReportViolation v;
  if (absl::Status s = f.String("key", &v.key); !s.ok()) return s;
  absl::StatusOr<std::vector<ReportOp>> prefix = ReadOps(f, "longest_linearizable_prefix");
  if (!prefix.ok()) return prefix.status();
  v.prefix = *std::move(prefix);
  absl::StatusOr<Fields> stuck = f.Object("stuck_op");
  if (!stuck.ok()) return stuck.status();
  absl::StatusOr<ReportOp> stuck_op = ReadOp(*stuck);
  if (!stuck_op.ok()) return stuck_op.status();
  v.stuck = *std::move(stuck_op);
  absl::StatusOr<std::vector<ReportOp>> concurrent = ReadOps(f, "concurrent");
  if (!concurrent.ok()) return concurrent.status();
  v.concurrent = *std::move(concurrent);
  if (absl::Status s = f.String("explanation", &v.explanation); !s.ok()) return s;
  v.state_after_prefix = StateFromExplanation(v.explanation);
  return v;
}

absl::Status ReadHistory(const Fields& top, CheckReport& r) {
  absl::StatusOr<Fields> h = top.Object("history");
  if (!h.ok()) return h.status();
  if (absl::Status s = h->String("source", &r.history_source); !s.ok()) return s;
  if (absl::Status s = h->String("format", &r.history_format); !s.ok()) return s;
  if (absl::Status s = h->Int("ops", &r.history_ops); !s.ok()) return s;
  if (absl::Status s = h->Int("ok", &r.history_ok); !s.ok()) return s;
  if (absl::Status s = h->Int("fail", &r.history_fail); !s.ok()) return s;
  return h->Int("info", &r.history_info);
}

// The checker's object: the report itself, or results.json's checkers.linearizability.
absl::StatusOr<Fields> CheckerObject(const json& j, std::string_view source) {
  const Fields top(j, source, "");
  if (j.find("checkers") == j.end()) return top;
  absl::StatusOr<Fields> checkers = top.Object("checkers");
  if (!checkers.ok()) return checkers.status();
  const json* lin = checkers->Find("linearizability");
  if (lin == nullptr || !lin->is_object()) {
    return checkers->Error(checkers->Path("linearizability"),
                           "the linearizability checker's report (does the scenario list "
                           "checkers: [linearizability]?)",
                           lin == nullptr ? "nothing" : Compact(*lin));
  }
  return Fields(*lin, source, checkers->Path("linearizability"));
}

}  // namespace

absl::StatusOr<CheckReport> ParseCheckReport(const json& j, std::string source) {
  CheckReport r;
  r.source = std::move(source);
  if (!j.is_object()) {
    return Fields(j, r.source, "").Error("the report", "a JSON object", Compact(j));
  }
  absl::StatusOr<Fields> f = CheckerObject(j, r.source);
  if (!f.ok()) return f.status();
  std::string checker;
  if (absl::Status s = f->String("checker", &checker); !s.ok()) return s;
  if (checker != "linearizability") {
    return f->Error(f->Path("checker"), "\"linearizability\"", Compact(checker));
  }
  if (absl::Status s = f->String("model", &r.model); !s.ok()) return s;
  if (absl::Status s = f->String("verdict", &r.verdict); !s.ok()) return s;
  if (r.verdict != "linearizable" && r.verdict != "not linearizable" && r.verdict != "unknown") {
    return f->Error(f->Path("verdict"), "\"linearizable\", \"not linearizable\" or \"unknown\"",
                    Compact(r.verdict));
  }
  if (absl::Status s = ReadHistory(*f, r); !s.ok()) return s;
  if (absl::Status s = f->Int("states_explored", &r.states_explored); !s.ok()) return s;
  if (r.verdict == "unknown") {
    if (absl::Status s = f->String("unknown_reason", &r.unknown_reason); !s.ok()) return s;
  }
  if (r.verdict == "not linearizable") {
    absl::StatusOr<Fields> v = f->Object("violation");
    if (!v.ok()) return v.status();
    absl::StatusOr<ReportViolation> violation = ReadViolation(*v);
    if (!violation.ok()) return violation.status();
    r.violation = *std::move(violation);
  }
  return r;
}

absl::StatusOr<CheckReport> ParseCheckReportText(std::string_view text, std::string source) {
  text = StripUtf8Bom(text);
  if (absl::Status st = CheckJsonDepth(text, {source, 1}); !st.ok()) return st;
  const json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source,
                     ": expected a JSON object (a report written by `faultline check --report` or "
                     "a run's results.json), found text that is not valid JSON"));
  }
  return ParseCheckReport(j, std::move(source));
}

absl::StatusOr<CheckReport> ReadCheckReportFile(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "check report", "a file written by `faultline check --report`");
  if (!text.ok()) return text.status();
  return ParseCheckReportText(*text, path);
}

}  // namespace faultline::viz
