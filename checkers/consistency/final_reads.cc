#include "checkers/consistency/final_reads.h"

#include <algorithm>
#include <map>
#include <optional>

namespace faultline::checkers::consistency {

std::vector<size_t> FinalReads(const KvView& view, const KvView::Key& key) {
  std::optional<int64_t> last_ack;
  for (size_t w : key.writes) {
    const Operation& op = view.op(w);
    if (op.status == Status::kOk) last_ack = std::max(last_ack.value_or(op.ret), op.ret);
  }
  if (!last_ack) return {};
  std::map<int64_t, size_t> last_read;  // process -> its last qualifying read
  for (size_t r : key.reads) {
    if (view.op(r).call > *last_ack) last_read[view.op(r).process] = r;
  }
  std::vector<size_t> finals;
  for (const auto& [process, r] : last_read) finals.push_back(r);
  return finals;
}

}  // namespace faultline::checkers::consistency
