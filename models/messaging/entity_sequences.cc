#include "models/messaging/entity_sequences.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

// Draws per op before a client gives up this turn because every entity it drew has a
// send in flight.
constexpr int kEntityDraws = 4;

}  // namespace

EntitySequences::EntitySequences(const sim::KeysSpec& keys)
    : keys_(keys), entities_(static_cast<size_t>(keys.count)) {}

std::optional<sim::Op> EntitySequences::NextSend(sim::Rng& rng, std::string role) {
  for (int draw = 0; draw < kEntityDraws; ++draw) {
    const int64_t e = keys_.Next(rng);
    Entity& entity = entities_.at(static_cast<size_t>(e));
    if (entity.in_flight) continue;
    entity.in_flight = true;
    return sim::Op{.f = "send",
                   .key = sim::Value::Str(absl::StrCat("e", e)),
                   .value = sim::Value::Int(++entity.next_seq),
                   .role = std::move(role)};
  }
  return std::nullopt;
}

void EntitySequences::Completed(const sim::Op& send) {
  const int64_t e = std::stoll(send.key.as_string().substr(1));
  entities_.at(static_cast<size_t>(e)).in_flight = false;
}

}  // namespace faultline::models
