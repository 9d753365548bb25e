// Trace-event JSON pieces for RenderPerfetto (see trace_event_json.h).
#include "viz/internal/trace_event_json.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/json_string.h"
#include "base/strings.h"

namespace faultline::viz::internal {

std::string FormatMicros(int64_t ns) {
  const bool negative = ns < 0;
  // Magnitude as unsigned, so INT64_MIN does not overflow.
  const uint64_t mag =
      negative ? uint64_t{0} - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, mag / 1000);
  const uint64_t frac = mag % 1000;
  if (frac != 0) {
    const char digits[3] = {static_cast<char>('0' + frac / 100),
                            static_cast<char>('0' + frac / 10 % 10),
                            static_cast<char>('0' + frac % 10)};
    size_t len = 3;
    while (digits[len - 1] == '0') --len;
    out += '.';
    out.append(digits, len);
  }
  return out;
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TraceEventJson::TraceEventJson(std::string_view ph, std::string_view name, std::string_view cat) {
  absl::StrAppend(&json_, "{\"ph\":", Sv(JsonQuote(ph)), ",\"name\":", Sv(JsonQuote(name)));
  if (!cat.empty()) absl::StrAppend(&json_, ",\"cat\":", Sv(JsonQuote(cat)));
}

TraceEventJson& TraceEventJson::Where(int64_t tid) {
  absl::StrAppend(&json_, ",\"pid\":", kTracePid, ",\"tid\":", tid);
  return *this;
}

TraceEventJson& TraceEventJson::Ts(int64_t ns) {
  absl::StrAppend(&json_, ",\"ts\":", FormatMicros(ns));
  return *this;
}

TraceEventJson& TraceEventJson::Dur(int64_t ns) {
  absl::StrAppend(&json_, ",\"dur\":", FormatMicros(std::max<int64_t>(ns, 0)));
  return *this;
}

TraceEventJson& TraceEventJson::Raw(std::string_view key, std::string_view json_value) {
  absl::StrAppend(&json_, ",", Sv(JsonQuote(key)), ":", Sv(json_value));
  return *this;
}

TraceEventJson& TraceEventJson::Str(std::string_view key, std::string_view value) {
  return Raw(key, JsonQuote(value));
}

TraceEventJson& TraceEventJson::ArgStr(std::string_view key, std::string_view value) {
  OpenArgs();
  absl::StrAppend(&json_, Sv(JsonQuote(key)), ":", Sv(JsonQuote(value)));
  return *this;
}

TraceEventJson& TraceEventJson::ArgInt(std::string_view key, int64_t value) {
  OpenArgs();
  absl::StrAppend(&json_, Sv(JsonQuote(key)), ":", value);
  return *this;
}

TraceEventJson& TraceEventJson::ArgAt(const At& at, std::string_view prefix) {
  ArgInt(absl::StrCat(Sv(prefix), "event"), at.event);
  return ArgInt(absl::StrCat(Sv(prefix), "row"), at.row);
}

std::string TraceEventJson::Done() {
  if (args_open_) json_ += "}";
  json_ += "}";
  return std::move(json_);
}

void TraceEventJson::OpenArgs() {
  json_ += args_open_ ? "," : ",\"args\":{";
  args_open_ = true;
}

std::vector<int> PackLevels(std::vector<Interval> intervals) {
  std::vector<int> level_of(intervals.size(), 0);
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;  // the longer one first: it is the parent
    return a.id < b.id;
  });
  std::vector<std::vector<int64_t>> open_ends;  // per level: ends of the open slices
  for (const Interval& iv : intervals) {
    size_t level = 0;
    for (;; ++level) {
      if (level == open_ends.size()) open_ends.emplace_back();
      std::vector<int64_t>& stack = open_ends[level];
      while (!stack.empty() && stack.back() <= iv.begin) stack.pop_back();
      if (stack.empty() || iv.end <= stack.back()) {
        stack.push_back(iv.end);
        break;
      }
    }
    level_of[iv.id] = static_cast<int>(level);
  }
  return level_of;
}

}  // namespace faultline::viz::internal
