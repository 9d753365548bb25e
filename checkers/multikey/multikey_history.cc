// Reads faultline's history.jsonl as a history of multi-key ops (multikey_history.h):
// the keys and values of each multi-read and multi-write, and when each began and ended.
#include "checkers/multikey/multikey_history.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_depth.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "checkers/internal/observation_line.h"

namespace faultline::checkers::multikey {
namespace {

using checkers::internal::JsonLine;

constexpr char kMultiLineShape[] =
    "a JSON object: a client's {\"time\":T,\"process\":P,\"op\":N,\"client\":\"c1\","
    "\"type\":\"invoke|ok|fail|info\",\"f\":\"multi-read|multi-write\",\"key\":[\"k1\",\"k7\"],"
    "\"value\":V} or a node's {\"time\":T,\"node\":\"n1\",\"type\":\"observe\",...}";

bool IsMultiF(std::string_view f) { return f == kMultiReadF || f == kMultiWriteF; }

// A multi-key op's "key": a non-empty list of key names.
absl::StatusOr<std::vector<std::string>> MultiLineKeys(const JsonLine& p, std::string_view f) {
  const std::string want = absl::StrCat("\"key\" of a ", Sv(f),
                                        " to be a non-empty list of key names such as "
                                        "[\"k1\",\"k7\"]");
  if (!p.Has("key")) return p.Error(want, std::string(p.line()));
  const nlohmann::json& key = p.obj().at("key");
  if (!key.is_array() || key.empty()) return p.Error(want, p.Dump(key));
  std::vector<std::string> keys;
  for (const nlohmann::json& k : key) {
    if (!k.is_string()) return p.Error(want, p.Dump(key));
    keys.push_back(k.get<std::string>());
  }
  return keys;
}

// An ok multi-read's "value": one integer or null per key.
absl::StatusOr<std::vector<std::optional<int64_t>>> MultiLineRead(const JsonLine& p, size_t keys) {
  const std::string want = absl::StrCat(
      "\"value\" of an ok multi-read to be a list of ", keys,
      " values (an integer, or null for never written), one per key in the key's order");
  if (!p.Has("value")) return p.Error(want, std::string(p.line()));
  const nlohmann::json& value = p.obj().at("value");
  if (!value.is_array() || value.size() != keys) return p.Error(want, p.Dump(value));
  std::vector<std::optional<int64_t>> read;
  for (const nlohmann::json& v : value) {
    if (v.is_null()) {
      read.emplace_back();
      continue;
    }
    if (!v.is_number_integer()) return p.Error(want, p.Dump(value));
    FL_ASSIGN_OR_RETURN(const int64_t x, p.AsInt(v, "a multi-read's value"));
    read.emplace_back(x);
  }
  return read;
}

class MultiKeyReader {
 public:
  explicit MultiKeyReader(MultiKeyHistory* history) : h_(*history) {}
  absl::Status Line(std::string_view line, const LineRef& at);
  void Finish();

 private:
  absl::Status Invoke(const JsonLine& p, int64_t time, int64_t process, const std::string& f);
  absl::Status Complete(const JsonLine& p, int64_t time, int64_t process, const std::string& f,
                        const std::string& type);

  MultiKeyHistory& h_;
  // process -> its open invocation: the index in ops of a multi-key op, or -1 (another f).
  std::map<int64_t, std::pair<int64_t, std::string>> open_;
};

absl::Status MultiKeyReader::Line(std::string_view line, const LineRef& at) {
  JsonLine p(line, at, kMultiLineShape, checkers::internal::IntRange::kArithmeticSafe);
  FL_RETURN_IF_ERROR(p.Parse());
  FL_ASSIGN_OR_RETURN(const int64_t time, p.Int("time"));
  if (time < 0) {
    return p.Error("\"time\" to be 0 or more (ns since the run began)", p.Dump(p.obj().at("time")));
  }
  FL_ASSIGN_OR_RETURN(const std::string type, p.String("type"));
  if (type == "observe") {
    ++h_.observations;
    return absl::OkStatus();
  }
  FL_ASSIGN_OR_RETURN(const int64_t process, p.Int("process"));
  FL_ASSIGN_OR_RETURN(const std::string f, p.String("f"));
  if (type == "invoke") return Invoke(p, time, process, f);
  if (type != "ok" && type != "fail" && type != "info") {
    return p.Error("\"type\" to be invoke, ok, fail, info or observe", type);
  }
  return Complete(p, time, process, f, type);
}

absl::Status MultiKeyReader::Invoke(const JsonLine& p, int64_t time, int64_t process,
                                    const std::string& f) {
  if (open_.count(process) > 0) {
    return p.Error(
        absl::StrCat("a completion of process ", process, "'s open op before its next invocation"),
        "another invocation");
  }
  if (!IsMultiF(f)) {
    ++h_.other_ops;
    open_[process] = {-1, f};
    return absl::OkStatus();
  }
  MultiKeyOp op{.line = p.at().line, .process = process, .f = f, .invoke_ns = time};
  if (p.Has("op")) {
    FL_ASSIGN_OR_RETURN(const int64_t n, p.Int("op"));
    op.op = static_cast<uint64_t>(std::max<int64_t>(n, 0));
  }
  if (p.Has("client")) {
    FL_ASSIGN_OR_RETURN(op.client, p.String("client"));
  }
  FL_ASSIGN_OR_RETURN(op.keys, MultiLineKeys(p, f));
  if (f == kMultiWriteF) {
    const char* want = "\"value\" of a multi-write's invocation to be the integer it writes";
    if (!p.Has("value") || !p.obj().at("value").is_number_integer()) {
      return p.Error(want, p.Has("value") ? p.Dump(p.obj().at("value")) : std::string(p.line()));
    }
    FL_ASSIGN_OR_RETURN(op.written, p.AsInt(p.obj().at("value"), "a multi-write's value"));
  }
  open_[process] = {static_cast<int64_t>(h_.ops.size()), f};
  h_.ops.push_back(std::move(op));
  return absl::OkStatus();
}

absl::Status MultiKeyReader::Complete(const JsonLine& p, int64_t time, int64_t process,
                                      const std::string& f, const std::string& type) {
  const auto it = open_.find(process);
  if (it == open_.end()) {
    return p.Error(absl::StrCat("an invocation of process ", process, " before its completion"),
                   "a completion with none open");
  }
  if (it->second.second != f) {
    return p.Error(absl::StrCat("the completion of process ", process, "'s ", it->second.second),
                   f);
  }
  const int64_t index = it->second.first;
  open_.erase(it);
  if (index < 0) return absl::OkStatus();
  MultiKeyOp& op = h_.ops[static_cast<size_t>(index)];
  if (time < op.invoke_ns) {
    return p.Error(
        absl::StrCat("a completion time at or after its invocation's (", op.invoke_ns, ")"),
        absl::StrCat(time));
  }
  op.complete_ns = time;
  op.outcome = type == "ok"     ? MultiOutcome::kOk
               : type == "fail" ? MultiOutcome::kFail
                                : MultiOutcome::kInfo;
  if (op.outcome == MultiOutcome::kOk && f == kMultiReadF) {
    FL_ASSIGN_OR_RETURN(op.read, MultiLineRead(p, op.keys.size()));
  }
  return absl::OkStatus();
}

void MultiKeyReader::Finish() {
  if (h_.other_ops > 0) {
    h_.notes.push_back(absl::StrCat(h_.other_ops,
                                    " single-key op(s) not judged (the read-atomic checker "
                                    "judges multi-read and multi-write only)"));
  }
}

}  // namespace

absl::StatusOr<MultiKeyHistory> ReadMultiKeyHistoryFile(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "history file", "e.g. RUN_DIR/history.jsonl");
  if (!text.ok()) return text.status();
  return ReadMultiKeyHistoryText(*text, path);
}

absl::StatusOr<MultiKeyHistory> ReadMultiKeyHistoryText(std::string_view text,
                                                        std::string_view source) {
  text = StripUtf8Bom(text);
  MultiKeyHistory history;
  history.source = std::string(source);
  MultiKeyReader reader(&history);
  FL_RETURN_IF_ERROR(checkers::internal::ForEachHistoryLine(
      text, source,
      [&reader](std::string_view line, const LineRef& at) { return reader.Line(line, at); }));
  reader.Finish();
  return history;
}

}  // namespace faultline::checkers::multikey
