// Session guarantees (Terry, Demers, Petersen, Spreitzer, Theimer and Welch, "Session
// Guarantees for Weakly Consistent Replicated Data", PDIS 1994), judged per session (a
// history process, see kv_view.h) over the version order a client can observe
// (kv_view.h). Each reports only certain violations: ops that overlap in time are
// concurrent and never ordered here, `info` writes are never evidence of visibility, and
// a value that names no write is never evidence at all. A read "precedes" a write w when
// every value it returned precedes w (nil precedes every write); a read that does not
// precede w "reflects" w (it returned w, or something not older than w).
//
//   read-your-writes     an ok read by a session, after its own ok write w of the key,
//                        must reflect w.
//   monotonic-reads      a session's later read of a key must reflect every value its
//                        earlier reads of the key returned.
//   monotonic-writes     a session's writes w1 then w2 of a key must not be observed in
//                        the other order: (a) a reader that has seen w2 (or a later write
//                        of that session) then reads w1 with only values preceding w2; or
//                        (b) a final read (final_reads.h) returns w1 with only values
//                        preceding w2, where w2 was acknowledged.
//   writes-follow-reads  a session that read v (key A) and then wrote w (any key): any
//                        session that has seen w must not later read a value of A
//                        preceding v. (With A the key of w this is implied by
//                        monotonic-reads; across keys it is not.)
//
// These are the observation-order readings of Terry's guarantees (what clients can see,
// not which replica served them), so (a) of monotonic-writes and writes-follow-reads also
// catch a reader that went backwards past a write with a known cause.
//
//   GuaranteeResult r = CheckReadYourWrites(*KvView::Build(history));
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_SESSION_GUARANTEES_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_SESSION_GUARANTEES_H_

#include "checkers/consistency/finding.h"
#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

GuaranteeResult CheckReadYourWrites(const KvView& view);
GuaranteeResult CheckMonotonicReads(const KvView& view);
GuaranteeResult CheckMonotonicWrites(const KvView& view);
GuaranteeResult CheckWritesFollowReads(const KvView& view);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_SESSION_GUARANTEES_H_
