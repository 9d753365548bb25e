#include "checkers/spec.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "base/suggest.h"
#include "checkers/counter_spec.h"
#include "checkers/kv_spec.h"
#include "checkers/mutex_spec.h"
#include "checkers/queue_spec.h"
#include "checkers/register_spec.h"
#include "checkers/set_spec.h"

namespace faultline::checkers {
namespace {

// Specs are stateless, so one static instance each serves every check.
const std::vector<const Spec*>& AllSpecs() {
  static const auto* const kSpecs =
      new std::vector<const Spec*>{new CounterSpec(), new KvSpec(),       new MutexSpec(),
                                   new QueueSpec(),   new RegisterSpec(), new SetSpec()};
  return *kSpecs;
}

}  // namespace

const Spec* FindSpec(std::string_view name) {
  for (const Spec* m : AllSpecs()) {
    if (m->name() == name) return m;
  }
  return nullptr;
}

absl::Status ValidateHistory(const History& history, const Spec& spec) {
  // std::string copies: Debian's Abseil joins its own string_view, not std's.
  const std::vector<std::string_view> ops = spec.ops();
  const std::vector<std::string> known(ops.begin(), ops.end());
  for (const Operation& op : history.ops) {
    const std::string where = absl::StrCat(history.source, ":", op.line, ": spec ",
                                           Sv(spec.name()));
    if (std::find(known.begin(), known.end(), op.f) == known.end()) {
      std::string message = absl::StrCat(where, " has no op '", op.f, "'; it knows ",
                                         absl::StrJoin(known, ", "));
      const std::string suggestion = DidYouMean(op.f, known);
      std::vector<std::string> others;
      for (const Spec* s : AllSpecs()) {
        const std::vector<std::string_view> theirs = s->ops();
        if (std::find(theirs.begin(), theirs.end(), op.f) != theirs.end()) {
          others.emplace_back(s->name());
        }
      }
      std::sort(others.begin(), others.end());
      if (!suggestion.empty()) {
        absl::StrAppend(&message, "; ", suggestion);
      } else if (!others.empty()) {
        absl::StrAppend(&message, "; specs that know '", op.f, "': ", absl::StrJoin(others, ", "),
                        " (pick one with --model)");
      }
      return absl::InvalidArgumentError(message);
    }
    // A fail op's values never reach the search, unless it is a failed compare.
    if (op.status == Status::kFail && !op.failed_compare) continue;
    if (const std::string bad = spec.ValueError(op); !bad.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", op.f, " needs ", bad));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> SpecNames() {
  std::vector<std::string> names;
  for (const Spec* m : AllSpecs()) names.emplace_back(m->name());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace faultline::checkers
