// The final reads of a key. Today's histories do not mark the workload's final phase, so
// a final read is defined from the history alone: each process's last ok read of the key
// that was invoked after every ok write of the key had completed. In a faultline run
// these are the final phase's reads (every client reads every key after faults heal and
// the recovery period), plus any late reads of the workload phase that no ok write
// follows. A key with no ok write has no final reads (nothing could be lost).
//
//   std::vector<size_t> finals = FinalReads(view, key);  // indices into History::ops
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_FINAL_READS_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_FINAL_READS_H_

#include <cstddef>
#include <vector>

#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

// Ordered by process id.
std::vector<size_t> FinalReads(const KvView& view, const KvView::Key& key);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_FINAL_READS_H_
