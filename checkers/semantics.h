// What a history's ambiguous records mean. Jepsen's tools agree on ok and info ops but
// read two things differently, and a history should be checked the way the tool that
// wrote it meant:
//
//                     faultline          knossos                 porcupine
//   a fail cas        did not happen     did not happen          happened: its compare
//                                                                found another value
//   an ok read of nil the value is nil   constrains nothing      the value is nil
//
// (Every other fail op did not happen under all three.) Each format has a default: its
// own tool's reading (DefaultSemantics); `faultline check --semantics` overrides it.
//
//   ApplySemantics(DefaultSemantics(history.format), &history);
#ifndef FAULTLINE_CHECKERS_SEMANTICS_H_
#define FAULTLINE_CHECKERS_SEMANTICS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "checkers/operation.h"

namespace faultline::checkers {

enum class Semantics { kFaultline, kKnossos, kPorcupine };

// "faultline", "knossos" or "porcupine".
[[nodiscard]] absl::StatusOr<Semantics> ParseSemantics(std::string_view name);
std::string_view SemanticsName(Semantics semantics);

// The reading of the tool that writes `format` (History::format): jepsen-edn is Knossos'
// input, jepsen-etcd and porcupine-kv are Porcupine's; faultline's own (and an empty
// history's) is faultline's.
Semantics DefaultSemantics(std::string_view format);

// Rewrites `history` for `semantics`: knossos turns each ok read of nil into an Unknown
// output; porcupine marks each fail cas failed_compare; faultline changes nothing. Adds
// a note to history->notes when it changed an op.
void ApplySemantics(Semantics semantics, History* history);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_SEMANTICS_H_
