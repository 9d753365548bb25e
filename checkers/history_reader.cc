#include "checkers/history_reader.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
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
  const size_t next = s.find_first_not_of(" \t", 1);
  if (s[0] == '{' && next != std::string_view::npos) {
    if (s[next] == ':') return HistoryFormat::kPorcupineKv;
    if (s[next] == '"') return HistoryFormat::kFaultline;
  }
  return LineError(
      at,
      "a history: a faultline JSON line ({\"time\":...}), a Jepsen etcd log line "
      "(INFO jepsen.util - ...) or a porcupine kv EDN line ({:process ...}); or pass --format",
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
    case HistoryFormat::kAuto:
      break;
  }
  return internal::ParseFaultlineLine;
}

}  // namespace

absl::StatusOr<HistoryFormat> ParseHistoryFormat(std::string_view name) {
  for (HistoryFormat f : {HistoryFormat::kAuto, HistoryFormat::kFaultline,
                          HistoryFormat::kJepsenEtcd, HistoryFormat::kPorcupineKv}) {
    if (name == HistoryFormatName(f)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown history format '", Sv(name),
                   "'; expected auto, faultline, jepsen-etcd or porcupine-kv"));
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
  // About two lines per op: reserving spares the op vector its reallocations, which on
  // a million-op history cost as much as parsing.
  internal::HistoryBuilder builder(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) / 2 + 1);
  LineParser parse = nullptr;
  if (format != HistoryFormat::kAuto) parse = ParserFor(format);
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
    if (!event->has_value()) continue;
    if (absl::Status st = builder.Add(**event, at); !st.ok()) return st;
  }
  // An empty file read with kAuto has no format; it is still a valid, empty history.
  if (format != HistoryFormat::kAuto) history.format = std::string(HistoryFormatName(format));
  history.ops = builder.Finish();
  return history;
}

}  // namespace faultline::checkers
