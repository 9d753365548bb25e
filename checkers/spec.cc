#include "checkers/spec.h"

#include <algorithm>
#include <string>
#include <vector>

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

std::vector<std::string> SpecNames() {
  std::vector<std::string> names;
  for (const Spec* m : AllSpecs()) names.emplace_back(m->name());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace faultline::checkers
