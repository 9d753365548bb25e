// libFuzzer target: one history reader of checkers/history_reader.h, chosen at build time
// by FAULTLINE_FUZZ_FORMAT ("faultline", "jepsen-etcd", "porcupine-kv", "jepsen-edn" or
// "auto"), so each reader gets its own target and corpus. A returned error is fine; only a crash, a hang
// or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "checkers/history_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const faultline::checkers::HistoryFormat format = [] {
    auto f = faultline::checkers::ParseHistoryFormat(FAULTLINE_FUZZ_FORMAT);
    if (!f.ok()) std::abort();  // a typo in fuzz/CMakeLists.txt
    return *f;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)faultline::checkers::ReadHistoryText(text, "fuzz", format);
  return 0;
}
