#include "checkers/model.h"

#include <algorithm>
#include <string>
#include <vector>

#include "checkers/counter_model.h"
#include "checkers/kv_model.h"
#include "checkers/mutex_model.h"
#include "checkers/queue_model.h"
#include "checkers/register_model.h"
#include "checkers/set_model.h"

namespace faultline::checkers {
namespace {

// Models are stateless, so one static instance each serves every check.
const std::vector<const Model*>& AllModels() {
  static const auto* const kModels =
      new std::vector<const Model*>{new CounterModel(), new KvModel(),       new MutexModel(),
                                    new QueueModel(),   new RegisterModel(), new SetModel()};
  return *kModels;
}

}  // namespace

const Model* FindModel(std::string_view name) {
  for (const Model* m : AllModels()) {
    if (m->name() == name) return m;
  }
  return nullptr;
}

std::vector<std::string> ModelNames() {
  std::vector<std::string> names;
  for (const Model* m : AllModels()) names.emplace_back(m->name());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace faultline::checkers
