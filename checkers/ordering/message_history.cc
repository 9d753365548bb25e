#include "checkers/ordering/message_history.h"

#include "absl/strings/str_cat.h"
#include "base/json_depth.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "checkers/ordering/internal/readers.h"

namespace faultline::checkers::ordering {
namespace {

// The first non-blank line's first character, or 0 for an empty text; `line` its number.
char FirstChar(std::string_view text, int64_t* line) {
  *line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++*line;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f') {
      if (c == '{' && i + 1 < text.size()) {
        // `{"` is faultline's JSON, `{:` an EDN map.
        const size_t next = text.find_first_not_of(" \t", i + 1);
        if (next != std::string_view::npos && text[next] == ':') return ':';
      }
      return c;
    }
  }
  return 0;
}

}  // namespace

absl::StatusOr<MessageFormat> ParseMessageFormat(std::string_view name) {
  for (MessageFormat f :
       {MessageFormat::kAuto, MessageFormat::kFaultline, MessageFormat::kMaelstromKafka}) {
    if (name == MessageFormatName(f)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown messaging history format '", Sv(name),
                   "'; the ordering checkers read auto, faultline or maelstrom-kafka"));
}

std::string_view MessageFormatName(MessageFormat format) {
  switch (format) {
    case MessageFormat::kAuto:
      return "auto";
    case MessageFormat::kFaultline:
      return "faultline";
    case MessageFormat::kMaelstromKafka:
      return "maelstrom-kafka";
  }
  return "auto";
}

absl::StatusOr<MessageHistory> ReadMessageHistoryFile(const std::string& path,
                                                      MessageFormat format) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "history file", "e.g. RUN_DIR/history.jsonl");
  if (!text.ok()) return text.status();
  return ReadMessageHistoryText(*text, path, format);
}

absl::StatusOr<MessageHistory> ReadMessageHistoryText(std::string_view text,
                                                      std::string_view source,
                                                      MessageFormat format) {
  text = StripUtf8Bom(text);
  MessageHistory history;
  history.source = std::string(source);
  int64_t line = 0;
  const char first = FirstChar(text, &line);
  if (first == 0) return history;  // an empty file is an empty, valid history
  if (format == MessageFormat::kAuto) {
    if (first == '{') {
      format = MessageFormat::kFaultline;
    } else if (first == '[' || first == '(' || first == ';' || first == ':') {
      format = MessageFormat::kMaelstromKafka;
    } else {
      return LineError(LineRef{source, line},
                       "a messaging history: faultline's history.jsonl ({\"time\":...}) or "
                       "Maelstrom's kafka history.edn ([{:process ...} ...]); or pass --format",
                       text.substr(text.find(first)));
    }
  }
  history.format = std::string(MessageFormatName(format));
  const absl::Status st = format == MessageFormat::kFaultline
                              ? internal::ReadFaultlineMessages(text, source, &history)
                              : internal::ReadMaelstromKafka(text, source, &history);
  if (!st.ok()) return st;
  return history;
}

}  // namespace faultline::checkers::ordering
