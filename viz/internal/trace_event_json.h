// Writing Chrome trace-event JSON by hand (for RenderPerfetto): one event object with its
// keys in a fixed order, exact microsecond timestamps, and the packing of slices onto
// tracks so that slices on one track nest or are disjoint.
//
//   std::string json = TraceEventJson("X", "send replicate", "message")
//                          .Where(/*tid=*/2).Ts(2'500'000).Dur(0)
//                          .ArgStr("to", "n2").ArgInt("event", 6).Done();
//   // {"ph":"X","name":"send replicate","cat":"message","pid":1,"tid":2,"ts":2500,
//   //  "dur":0,"args":{"to":"n2","event":6}}
#ifndef FAULTLINE_VIZ_INTERNAL_TRACE_EVENT_JSON_H_
#define FAULTLINE_VIZ_INTERNAL_TRACE_EVENT_JSON_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"

namespace faultline::viz::internal {

// The one process every track belongs to.
inline constexpr int64_t kTracePid = 1;

// Nanoseconds as the decimal microseconds the trace-event format uses: 1234567 ->
// "1234.567", 1500 -> "1.5", 2000 -> "2", -1 -> "-0.001". Exact (no floating point).
std::string FormatMicros(int64_t ns);

// `s` as a JSON string literal.
std::string JsonQuote(std::string_view s);

// Builds one event object. Call the top-level setters first, then the Arg* ones (they
// open "args"), then Done once.
class TraceEventJson {
 public:
  // `cat` is left out when empty.
  TraceEventJson(std::string_view ph, std::string_view name, std::string_view cat);
  TraceEventJson& Where(int64_t tid);  // "pid" (kTracePid) and "tid"
  TraceEventJson& Ts(int64_t ns);
  TraceEventJson& Dur(int64_t ns);  // negative durations are written as 0
  TraceEventJson& Raw(std::string_view key, std::string_view json_value);
  TraceEventJson& Str(std::string_view key, std::string_view value);
  TraceEventJson& ArgStr(std::string_view key, std::string_view value);
  TraceEventJson& ArgInt(std::string_view key, int64_t value);
  // PREFIXevent and PREFIXrow: where the item is in the trace and on the compact scale.
  TraceEventJson& ArgAt(const At& at, std::string_view prefix = "");
  std::string Done();

 private:
  void OpenArgs();
  std::string json_;
  bool args_open_ = false;
};

// An interval [begin, end] of simulated time to place on a track; `id` indexes the
// result of PackLevels.
struct Interval {
  int64_t begin = 0;
  int64_t end = 0;
  size_t id = 0;
};

// Intervals on one track must nest or be disjoint (a slice that partly overlaps another
// is invalid in the trace-event format; touching ends are disjoint), so each interval
// gets the lowest level on which it does. Returns the level of each id.
// REQUIRES: the ids are 0 .. intervals.size() - 1.
std::vector<int> PackLevels(std::vector<Interval> intervals);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_TRACE_EVENT_JSON_H_
