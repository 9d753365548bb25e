#include "checkers/history_reader.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "checkers/internal/history_events.h"

namespace faultline::checkers {
namespace {

using internal::Event;

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

// Picks the format from a line's first characters: Jepsen logs start with "INFO",
// porcupine's EDN maps with "{:", faultline's JSON objects with "{\"".
absl::StatusOr<HistoryFormat> Detect(std::string_view line, const LineRef& at) {
  const size_t start = line.find_first_not_of(" \t");
  const std::string_view s = line.substr(start);
  if (s.substr(0, 4) == "INFO") return HistoryFormat::kJepsenEtcd;
  if (s[0] == '[' || s[0] == '(' || s[0] == ';') return HistoryFormat::kJepsenEdn;
  const size_t next = s.find_first_not_of(" \t", 1);
  if (s[0] == '{' && next != std::string_view::npos) {
    // Porcupine's kv lines always name a :key; Jepsen's bracketless history.edn never does
    // (its keys are [key value] tuples).
    if (s[next] == ':') {
      return s.find(":key ") != std::string_view::npos ? HistoryFormat::kPorcupineKv
                                                       : HistoryFormat::kJepsenEdn;
    }
    if (s[next] == '"') return HistoryFormat::kFaultline;
  }
  return LineError(at,
                   "a history: a faultline JSON line ({\"time\":...}), a Jepsen etcd log line "
                   "(INFO jepsen.util - ...), a porcupine kv EDN line ({:process ...}) or a Jepsen "
                   "history.edn ([{:process ...} ...]); or pass --format",
                   line);
}

using LineParser = absl::StatusOr<std::optional<Event>> (*)(std::string_view, const LineRef&);

LineParser ParserFor(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kJepsenEtcd:
      return internal::ParseJepsenEtcdLine;
    case HistoryFormat::kPorcupineKv:
      return internal::ParsePorcupineKvLine;
    case HistoryFormat::kFaultline:
    case HistoryFormat::kJepsenEdn:  // read whole (ReadJepsenEdn), never line by line
    case HistoryFormat::kAuto:
      break;
  }
  return internal::ParseFaultlineLine;
}

absl::StatusOr<History> ReadJepsenEdn(std::string_view text, History history) {
  internal::HistoryBuilder builder;
  int64_t skipped = 0;
  if (absl::Status st = internal::ParseJepsenEdn(text, history.source, &builder, &skipped);
      !st.ok()) {
    return st;
  }
  history.format = std::string(HistoryFormatName(HistoryFormat::kJepsenEdn));
  history.ops = builder.Finish();
  if (skipped > 0) {
    history.notes.push_back(absl::StrCat(
        skipped, " op", skipped == 1 ? "" : "s",
        " with a non-integer :process (such as :nemesis) skipped: Jepsen's fault annotations, "
        "not client operations"));
  }
  return history;
}

// A faultline history may carry nodes' observe lines (a sharded store's router records
// its load and migrations in an otherwise ordinary kv history): the kv checkers skip them.
// A messaging or lock history carries them too, and is for other checkers: when the
// history has observe lines and a client op that is not a kv op, the error points at the
// first observe line and names the checkers that read it.
class ObserveLineGate {
 public:
  // Notes an observe line (the faultline parser gave no event for it).
  absl::Status Observe(std::string_view line, const LineRef& at) {
    if (skipped_++ == 0) {
      first_ = std::string(line);
      first_line_ = at.line;
    }
    return Judge(at);
  }
  // Notes a client op's f.
  absl::Status Op(std::string_view f, const LineRef& at) {
    if (non_kv_f_.empty() && f != "read" && f != "write" && f != "cas" && f != "read-local") {
      non_kv_f_ = std::string(f);
      non_kv_line_ = at.line;
    }
    return Judge(at);
  }
  void AddNote(History& history) const {
    if (skipped_ == 0) return;
    history.notes.push_back(absl::StrCat(
        skipped_, " observe line", skipped_ == 1 ? "" : "s",
        " (a node's records, such as a router's load and migrations) skipped: not client ops; "
        "--checkers sharding reads a router's"));
  }

 private:
  absl::Status Judge(const LineRef& at) const {
    if (skipped_ == 0 || non_kv_f_.empty()) return absl::OkStatus();
    return LineError(
        LineRef{at.source, first_line_},
        absl::StrCat("a client op line; an observe line is a node's record, read by the "
                     "messaging checkers: check this history with --checkers ordering (or, for a "
                     "lock history, --checkers mutual-exclusion,mutex); the kv checkers skip "
                     "observe lines only when every op's f is read, write, cas or read-local, "
                     "and line ",
                     non_kv_line_, "'s is '", non_kv_f_, "'"),
        first_);
  }

  int64_t skipped_ = 0;
  std::string first_;  // the first observe line, which the error quotes
  int64_t first_line_ = 0;
  std::string non_kv_f_;  // the first client op's f that is not a kv op
  int64_t non_kv_line_ = 0;
};

// The first line that is not blank, or npos.
size_t FirstNonBlankLine(std::string_view text, int64_t* line_number) {
  size_t pos = 0;
  *line_number = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++*line_number;
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!IsBlank(line)) return pos;
    pos = end + 1;
  }
  return std::string_view::npos;
}

}  // namespace

absl::StatusOr<HistoryFormat> ParseHistoryFormat(std::string_view name) {
  for (HistoryFormat f :
       {HistoryFormat::kAuto, HistoryFormat::kFaultline, HistoryFormat::kJepsenEtcd,
        HistoryFormat::kPorcupineKv, HistoryFormat::kJepsenEdn}) {
    if (name == HistoryFormatName(f)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown history format '", Sv(name),
                   "'; expected auto, faultline, jepsen-etcd, porcupine-kv or jepsen-edn"));
}

std::string_view HistoryFormatName(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kAuto:
      return "auto";
    case HistoryFormat::kFaultline:
      return "faultline";
    case HistoryFormat::kJepsenEtcd:
      return "jepsen-etcd";
    case HistoryFormat::kPorcupineKv:
      return "porcupine-kv";
    case HistoryFormat::kJepsenEdn:
      return "jepsen-edn";
  }
  return "auto";
}

absl::StatusOr<History> ReadHistoryFile(const std::string& path, HistoryFormat format) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "history file", "e.g. RUN_DIR/history.jsonl");
  if (!text.ok()) return text.status();
  return ReadHistoryText(*text, path, format);
}

absl::StatusOr<History> ReadHistoryText(std::string_view text, std::string_view source,
                                        HistoryFormat format) {
  text = StripUtf8Bom(text);
  History history;
  history.source = std::string(source);
  if (format == HistoryFormat::kAuto) {
    // Only jepsen-edn is decided here: it is read whole, not line by line.
    int64_t line_number = 0;
    const size_t first = FirstNonBlankLine(text, &line_number);
    if (first != std::string_view::npos) {
      const size_t end = text.find('\n', first);
      std::string_view line = text.substr(first, end == std::string_view::npos ? end : end - first);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      absl::StatusOr<HistoryFormat> detected = Detect(line, LineRef{source, line_number});
      if (detected.ok() && *detected == HistoryFormat::kJepsenEdn) format = *detected;
    }
  }
  if (format == HistoryFormat::kJepsenEdn) return ReadJepsenEdn(text, std::move(history));
  // About two lines per op: reserving spares the op vector its reallocations, which on
  // a million-op history cost as much as parsing.
  internal::HistoryBuilder builder(
      static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) / 2 + 1);
  LineParser parse = nullptr;
  if (format != HistoryFormat::kAuto) parse = ParserFor(format);
  ObserveLineGate observe_gate;
  LineRef at{source, 0};
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++at.line;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    if (parse == nullptr) {
      absl::StatusOr<HistoryFormat> detected = Detect(line, at);
      if (!detected.ok()) return detected.status();
      format = *detected;
      parse = ParserFor(format);
    }
    absl::StatusOr<std::optional<Event>> event = parse(line, at);
    if (!event.ok()) return event.status();
    if (format == HistoryFormat::kFaultline) {
      // The faultline parser gives no event only for an observe line.
      absl::Status st = event->has_value() ? observe_gate.Op((*event)->f, at)
                                           : observe_gate.Observe(line, at);
      if (!st.ok()) return st;
    }
    if (!event->has_value()) continue;
    if (absl::Status st = builder.Add(**event, at); !st.ok()) return st;
  }
  // An empty file read with kAuto has no format; it is still a valid, empty history.
  if (format != HistoryFormat::kAuto) history.format = std::string(HistoryFormatName(format));
  history.ops = builder.Finish();
  observe_gate.AddNote(history);
  return history;
}

}  // namespace faultline::checkers
