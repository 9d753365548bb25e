#include "models/mq/events_workload.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/messaging/entity_sequences.h"

namespace faultline::models {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

class EventsWorkload final : public sim::Workload {
 public:
  explicit EventsWorkload(const sim::WorkloadSetup& setup)
      : entities_(setup.spec.keys),
        clients_(static_cast<size_t>(setup.clients)) {}

  std::optional<Op> NextOp(int /*client*/, sim::Rng& rng) override {
    return entities_.NextSend(rng, "broker");
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
    entities_.Completed(op);
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
  struct Client {
    int asks = 0;
    bool drained = false;
  };

  EntitySequences entities_;
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
