#include "models/mq/events_workload.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sim/key_chooser.h"

namespace faultline::models {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

// Draws per op before a client gives up this turn because every entity it drew has a
// send in flight (hot keys under zipfian).
constexpr int kEntityDraws = 4;

class EventsWorkload final : public sim::Workload {
 public:
  explicit EventsWorkload(const sim::WorkloadSetup& setup)
      : keys_(setup.spec.keys),
        entities_(static_cast<size_t>(setup.spec.keys.count)),
        clients_(static_cast<size_t>(setup.clients)) {}

  std::optional<Op> NextOp(int /*client*/, sim::Rng& rng) override {
    for (int draw = 0; draw < kEntityDraws; ++draw) {
      const int64_t e = keys_.Next(rng);
      Entity& entity = entities_.at(static_cast<size_t>(e));
      if (entity.in_flight) continue;
      entity.in_flight = true;
      return Op{.f = "send", .key = EntityKey(e), .value = Value::Int(++entity.next_seq),
                .role = "broker"};
    }
    return std::nullopt;
  }

  Value OnComplete(int client, const Op& op, OpOutcome outcome, const Value& result) override {
    if (op.f == "pending") {
      Client& c = clients_.at(static_cast<size_t>(client));
      if (outcome == OpOutcome::kOk && result.is_list() && result.as_list().empty()) {
        c.drained = true;
      }
      return outcome == OpOutcome::kOk ? result : Value();
    }
    // A send: the entity may send its next event, whatever happened to this one (an info
    // send keeps its number used).
    const std::string& key = op.key.as_string();
    const int64_t e = std::stoll(key.substr(1));
    entities_.at(static_cast<size_t>(e)).in_flight = false;
    return op.value;
  }

  std::optional<Op> NextFinalOp(int client) override {
    Client& c = clients_.at(static_cast<size_t>(client));
    if (c.drained || c.asks >= kDrainAsksMax) return std::nullopt;
    ++c.asks;
    return Op{.f = "pending", .role = "broker"};
  }

  std::string FinalPhaseNote() const override {
    return absl::StrCat("drain: every client asks the broker what is pending until nothing "
                        "is (at most ",
                        kDrainAsksMax, " asks)");
  }

 private:
  struct Entity {
    int64_t next_seq = 0;  // the last sequence number used
    bool in_flight = false;
  };
  struct Client {
    int asks = 0;
    bool drained = false;
  };

  const sim::KeyChooser keys_;
  std::vector<Entity> entities_;
  std::vector<Client> clients_;
};

}  // namespace

Value EntityKey(int64_t index) { return Value::Str(absl::StrCat("e", index)); }

sim::WorkloadInfo EventsWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "events";
  info.summary = "per-entity event sequences (send e7=1, 2, 3, ...; one in flight per "
                 "entity) to role:broker; final drain with `pending`";
  info.functions = {"send"};
  info.default_ops = {{"send", 1.0}};
  info.checkers = {{"ordering", "queue"}, {"exactly-once", "queue"}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<EventsWorkload>(setup);
  };
  return info;
}

}  // namespace faultline::models
