// The sentences evidence is made of, shared by the consistency checkers so every
// explanation reads the same way: "process 3 read k0 -> nil at 75.4ms".
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_EVIDENCE_TEXT_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_EVIDENCE_TEXT_H_

#include <cstddef>
#include <string>

#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

// "op 31 (c4, process 3) read k0 -> nil at 75.4ms" (the read's invocation time).
std::string ReadText(const KvView& view, size_t read);

// "7", the value a write or cas wrote.
std::string WrittenText(const KvView& view, size_t write);

// Why the read's values precede write w, or "" for nil (which precedes every write):
// "4 is older: its write was acked at 10.0ms, before the write of 7 was invoked at
// 20.0ms". REQUIRES: view.ObservationPrecedes(o, w).
std::string WhyOlder(const KvView& view, const Observation& o, size_t w);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_EVIDENCE_TEXT_H_
