// Lost acknowledged writes: an ok write w of a key is lost when the key has final reads
// (final_reads.h) and every one of them precedes w (kv_view.h): none returned w, nor a
// value that follows w or is concurrent with it (which may legitimately have replaced
// w). An `info` write was never acknowledged, so it cannot be lost. Evidence: the write
// and the final reads (at most kMaxFinalReadsShown of them).
//
// A store whose reads are still stale after the recovery period reports its writes as
// lost here: from every client's view they are gone, as Jepsen's checkers would say.
//
//   GuaranteeResult r = CheckLostWrites(view);  // r.checker == "lost-writes"
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_LOST_WRITES_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_LOST_WRITES_H_

#include "checkers/consistency/finding.h"
#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

inline constexpr size_t kMaxFinalReadsShown = 5;

GuaranteeResult CheckLostWrites(const KvView& view);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_LOST_WRITES_H_
