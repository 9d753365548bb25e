#include "checkers/semantics.h"

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline::checkers {

absl::StatusOr<Semantics> ParseSemantics(std::string_view name) {
  for (Semantics s : {Semantics::kFaultline, Semantics::kKnossos, Semantics::kPorcupine}) {
    if (name == SemanticsName(s)) return s;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown semantics '", Sv(name), "'; expected faultline, knossos or porcupine"));
}

std::string_view SemanticsName(Semantics semantics) {
  switch (semantics) {
    case Semantics::kFaultline:
      return "faultline";
    case Semantics::kKnossos:
      return "knossos";
    case Semantics::kPorcupine:
      return "porcupine";
  }
  return "faultline";
}

Semantics DefaultSemantics(std::string_view format) {
  if (format == "jepsen-edn") return Semantics::kKnossos;
  if (format == "jepsen-etcd" || format == "porcupine-kv") return Semantics::kPorcupine;
  return Semantics::kFaultline;
}

void ApplySemantics(Semantics semantics, History* history) {
  int64_t changed = 0;
  for (Operation& op : history->ops) {
    if (semantics == Semantics::kKnossos && op.status == Status::kOk && op.f == "read" &&
        op.output.kind == Value::Kind::kNil) {
      op.output = Value::Unknown();
      ++changed;
    }
    if (semantics == Semantics::kPorcupine && op.status == Status::kFail && op.f == "cas") {
      op.failed_compare = true;
      ++changed;
    }
  }
  if (changed == 0) return;
  const std::string ops = absl::StrCat(changed, changed == 1 ? " op" : " ops");
  history->notes.push_back(
      semantics == Semantics::kKnossos
          ? absl::StrCat(ops, " read nil: Knossos' semantics, a nil read constrains nothing")
          : absl::StrCat(ops,
                         " failed cas: Porcupine's semantics, each happened and found a "
                         "value other than its expected one"));
}

}  // namespace faultline::checkers
