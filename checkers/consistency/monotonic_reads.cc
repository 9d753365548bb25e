// monotonic-reads (session_guarantees.h): a session's later read of a key must reflect
// every value its earlier reads of the key returned.
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/newest_seen.h"
#include "checkers/consistency/session_guarantees.h"

namespace faultline::checkers::consistency {

GuaranteeResult CheckMonotonicReads(const KvView& view) {
  FindingCollector found("monotonic-reads");
  for (const KvView::Key& key : view.keys()) {
    std::map<int64_t, std::optional<NewestSeen>> seen;  // by session
    for (size_t i : key.reads) {
      const Operation& op = view.op(i);
      std::optional<NewestSeen>& newest = seen[op.process];
      const Observation o = view.Observe(i);
      if (newest && view.ObservationPrecedes(o, newest->write)) {
        std::string why = WhyOlder(view, o, newest->write);
        found.Add(
            {key.name,
             op.process,
             {{"read", i}, {"earlier read", newest->read}, {"write seen", newest->write}},
             absl::StrCat(ReadText(view, i), " after it read ", WrittenText(view, newest->write),
                          " at ", TimeText(view.op(newest->read).call), why.empty() ? "" : " (",
                          why, why.empty() ? "" : ")")});
      }
      NewestSeen::Update(view, o, i, newest);
    }
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
