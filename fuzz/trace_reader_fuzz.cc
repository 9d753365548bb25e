// libFuzzer target: the trace reader of viz/ (trace.jsonl -> TraceEvents), the input of
// every diagram. A returned error is fine; only a crash, a hang or a sanitizer report is
// a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "viz/trace_events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)faultline::viz::ParseTrace(text, "fuzz");
  return 0;
}
