// The newest write a session has seen on one key, as monotonic-reads and
// writes-follow-reads need it: a read precedes some value the session saw iff it precedes
// the seen write invoked last, since a.ret < y.call <= y_last.call. (Program order with
// equal times is the one case this can miss; it never reports a false violation.)
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_NEWEST_SEEN_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_NEWEST_SEEN_H_

#include <cstddef>
#include <optional>

#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

struct NewestSeen {
  size_t write = 0;  // the write invoked last among those seen
  size_t read = 0;   // the read that saw it first

  // Keeps the later-invoked of the current newest and each write `o` names (seen by
  // read `read`). Ties keep the one seen first, so the choice is deterministic.
  static void Update(const KvView& view, const Observation& o, size_t read,
                     std::optional<NewestSeen>& seen) {
    for (const std::optional<size_t>& w : o.writers) {
      if (!w) continue;
      if (!seen || view.op(*w).call > view.op(seen->write).call) seen = NewestSeen{*w, read};
    }
  }
};

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_NEWEST_SEEN_H_
