#include "checkers/consistency/lost_writes.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/final_reads.h"

namespace faultline::checkers::consistency {

GuaranteeResult CheckLostWrites(const KvView& view) {
  FindingCollector found("lost-writes");
  for (const KvView::Key& key : view.keys()) {
    const std::vector<size_t> finals = FinalReads(view, key);
    if (finals.empty()) continue;
    std::vector<Observation> seen;
    std::set<std::string> returned;  // the distinct final values, for the explanation
    for (size_t r : finals) {
      seen.push_back(view.Observe(r));
      returned.insert(ReadValueText(view.op(r).output));
    }
    for (size_t w : key.writes) {
      const Operation& op = view.op(w);
      if (op.status != Status::kOk) continue;
      bool lost = true;
      for (const Observation& o : seen) lost = lost && view.ObservationPrecedes(o, w);
      if (!lost) continue;
      Finding f{key.name, op.process, {{"write", w}}, ""};
      for (size_t n = 0; n < finals.size() && n < kMaxFinalReadsShown; ++n) {
        f.ops.push_back({"final read", finals[n]});
      }
      f.explanation =
          absl::StrCat(OpName(op), " wrote ", WrittenText(view, w), " to ", key.name,
                       " (acked at ", TimeText(op.ret), "); ", finals.size(),
                       finals.size() == 1 ? " final read returns " : " final reads return only ",
                       absl::StrJoin(returned, ", "), ", all older");
      found.Add(std::move(f));
    }
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
