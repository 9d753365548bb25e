#include "checkers/consistency/evidence_text.h"

#include "absl/strings/str_cat.h"
#include "checkers/consistency/finding.h"

namespace faultline::checkers::consistency {

std::string ReadText(const KvView& view, size_t read) {
  const Operation& op = view.op(read);
  return absl::StrCat(OpName(op), " read ", op.key, " -> ", ReadValueText(op.output), " at ",
                      TimeText(op.call));
}

std::string WrittenText(const KvView& view, size_t write) {
  return KvView::Written(view.op(write)).ToString();
}

std::string WhyOlder(const KvView& view, const Observation& o, size_t w) {
  if (o.nil()) return "";
  std::string out;
  for (const std::optional<size_t>& x : o.writers) {
    if (!x) continue;  // unreachable under the REQUIRES; keeps the text honest anyway
    if (!out.empty()) out += "; ";
    const Operation& a = view.op(*x);
    const Operation& b = view.op(w);
    if (a.ret < b.call) {
      absl::StrAppend(&out, WrittenText(view, *x), " is older: its write was acked at ",
                      TimeText(a.ret), ", before the write of ", WrittenText(view, w),
                      " was invoked at ", TimeText(b.call));
    } else {
      absl::StrAppend(&out, WrittenText(view, *x), " is older: ", ClientName(a),
                      " wrote it (op ", a.id, ") before ", WrittenText(view, w), " (op ", b.id,
                      ")");
    }
  }
  return out;
}

}  // namespace faultline::checkers::consistency
