// The producers' side of the messaging workloads (mq.broker's `events`, log.partitioned's
// `log-events`): per-entity causal sequences. Each entity (e0, e1, ...: an order) sends
// its events 1, 2, 3, ... (created, paid, shipped), never two at once: the next is sent
// only after the previous send completed, whatever its outcome (an info send keeps its
// number used). So the order an entity's events were sent in is the order the ordering
// checker expects them applied in.
//
//   EntitySequences entities(setup.spec.keys);
//   std::optional<Op> send = entities.NextSend(rng, "broker");   // {send e7 3}
//   entities.Completed(op);                                      // in OnComplete
#ifndef FAULTLINE_MODELS_MESSAGING_ENTITY_SEQUENCES_H_
#define FAULTLINE_MODELS_MESSAGING_ENTITY_SEQUENCES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/key_chooser.h"
#include "sim/op.h"
#include "sim/rng.h"
#include "sim/scenario.h"

namespace faultline::models {

class EntitySequences {
 public:
  explicit EntitySequences(const sim::KeysSpec& keys);

  // The next event of an entity drawn by the scenario's key distribution, routed to
  // `role`; nullopt when each of a few draws hit an entity with a send in flight (hot
  // keys under zipfian), so the client waits a turn.
  std::optional<sim::Op> NextSend(sim::Rng& rng, std::string role);
  // A send completed, with any outcome: its entity may send again.
  // REQUIRES: `send` came from NextSend.
  void Completed(const sim::Op& send);

 private:
  struct Entity {
    int64_t next_seq = 0;  // the last sequence number used
    bool in_flight = false;
  };
  const sim::KeyChooser keys_;
  std::vector<Entity> entities_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_MESSAGING_ENTITY_SEQUENCES_H_
