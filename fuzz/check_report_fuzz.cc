// libFuzzer target: the check report reader of viz/ (`check --report` JSON or a run's
// results.json, read by `viz --around-violation`). A returned error is fine; only a
// crash, a hang or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "viz/check_report_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)faultline::viz::ParseCheckReportText(text, "fuzz");
  return 0;
}
