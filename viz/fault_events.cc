#include "viz/fault_events.h"

#include <array>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace faultline::viz {
namespace {

constexpr std::array<std::string_view, 8> kFaultTypes = {"partition", "heal",   "crash", "restart",
                                                         "pause",     "resume", "clock", "link"};

// The value of the line's "type" field, without parsing the JSON: "" when there is none
// (ParseTrace then decides whether the line is valid, if it is ever asked).
std::string_view TypeOf(std::string_view line) {
  constexpr std::string_view kKey = "\"type\"";
  const size_t key = line.find(kKey);
  if (key == std::string_view::npos) return "";
  size_t i = key + kKey.size();
  const auto skip_spaces = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  skip_spaces();
  if (i >= line.size() || line[i] != ':') return "";
  ++i;
  skip_spaces();
  if (i >= line.size() || line[i] != '"') return "";
  const size_t begin = i + 1;
  const size_t end = line.find('"', begin);
  if (end == std::string_view::npos) return "";
  return line.substr(begin, end - begin);
}

}  // namespace

bool IsFaultType(std::string_view type) {
  for (std::string_view t : kFaultTypes) {
    if (t == type) return true;
  }
  return false;
}

absl::StatusOr<TraceEvents> ReadFaultEvents(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a directory; give a trace file, e.g. RUN_DIR/trace.jsonl"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read trace file ", path));
  TraceEvents faults;
  faults.source = path;
  std::string line;
  int64_t number = 0;
  const std::string first_line_prefix = absl::StrCat(path, ":1:");
  while (std::getline(in, line)) {
    ++number;
    if (!IsFaultType(TypeOf(line))) continue;
    absl::StatusOr<TraceEvents> one = ParseTrace(line, path);
    if (!one.ok()) {
      // ParseTrace numbered the line 1: name its place in the file instead.
      std::string message(one.status().message());
      if (message.rfind(first_line_prefix, 0) == 0) {
        message = absl::StrCat(path, ":", number, ":", message.substr(first_line_prefix.size()));
      }
      return absl::InvalidArgumentError(message);
    }
    for (TraceEvent& e : one->events) {
      e.line = number;
      faults.events.push_back(std::move(e));
    }
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading trace file ", path));
  return faults;
}

}  // namespace faultline::viz
