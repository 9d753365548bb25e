// read-your-writes (session_guarantees.h): a session's ok read of a key, after its own ok
// write w of that key, must reflect w.
#include <map>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/session_guarantees.h"

namespace faultline::checkers::consistency {

GuaranteeResult CheckReadYourWrites(const KvView& view) {
  FindingCollector found("read-your-writes");
  for (const KvView::Key& key : view.keys()) {
    // The session's last ok write of the key: reflecting it reflects all its earlier
    // ones, which precede it in program order.
    std::map<int64_t, size_t> own;
    for (size_t i : key.ops) {
      const Operation& op = view.op(i);
      if (KvView::IsWrite(op)) {
        if (op.status == Status::kOk) own[op.process] = i;
        continue;
      }
      if (op.status != Status::kOk || op.output.kind == Value::Kind::kUnknown) continue;
      auto it = own.find(op.process);
      if (it == own.end()) continue;
      const size_t w = it->second;
      const Observation o = view.Observe(i);
      if (!view.ObservationPrecedes(o, w)) continue;
      std::string why = WhyOlder(view, o, w);
      found.Add({key.name,
                 op.process,
                 {{"read", i}, {"own write", w}},
                 absl::StrCat(ReadText(view, i), " after its write of ", WrittenText(view, w),
                              " was acked at ", TimeText(view.op(w).ret), why.empty() ? "" : " (",
                              why, why.empty() ? "" : ")")});
    }
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
