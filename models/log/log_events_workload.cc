#include "models/log/log_events_workload.h"

#include <map>
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

class LogEventsWorkload final : public sim::Workload {
 public:
  explicit LogEventsWorkload(const sim::WorkloadSetup& setup)
      : mix_(setup.spec.ops.empty() ? std::vector<std::pair<std::string, double>>{{"send", 1.0}}
                                    : setup.spec.ops),
        entities_(setup.spec.keys),
        clients_(static_cast<size_t>(setup.clients)) {}

  std::optional<Op> NextOp(int client, sim::Rng& rng) override {
    if (mix_.Draw(rng) == "poll") return NextPoll(client);
    return entities_.NextSend(rng, "broker");
  }

  Value OnComplete(int client, const Op& op, OpOutcome outcome, const Value& result) override {
    Client& c = clients_.at(static_cast<size_t>(client));
    if (op.f == "pending") {
      if (outcome == OpOutcome::kOk && result.is_list() && result.as_list().empty()) {
        c.drained = true;
      }
      return outcome == OpOutcome::kOk ? result : Value();
    }
    if (op.f == "poll") {
      if (outcome != OpOutcome::kOk || !result.is_list()) return Value();
      for (const Value& t : result.as_list()) {
        const std::vector<Value>& kovp = t.as_list();  // [key, offset, value, partition]
        c.position[kovp.at(3).as_int()] = kovp.at(1).as_int() + 1;
      }
      return result;
    }
    // A send: the entity may send its next event, whatever happened to this one (an info
    // send keeps its number used).
    entities_.Completed(op);
    if (outcome == OpOutcome::kOk && result.is_list() && result.as_list().size() == 3) {
      partitions_ = std::max(partitions_, result.as_list()[2].as_int() + 1);
      return result;
    }
    return op.value;
  }

  std::optional<Op> NextFinalOp(int client) override {
    Client& c = clients_.at(static_cast<size_t>(client));
    if (c.drained || c.asks >= kLogDrainAsksMax) return std::nullopt;
    ++c.asks;
    return Op{.f = "pending", .role = "controller"};
  }

  std::string FinalPhaseNote() const override {
    return absl::StrCat("drain: every client asks n1 what the consumer group has not "
                        "consumed until nothing is left (at most ",
                        kLogDrainAsksMax, " asks)");
  }

 private:
  struct Client {
    int asks = 0;
    bool drained = false;
    int64_t next_partition = 0;
    std::map<int64_t, int64_t> position;  // partition -> next offset to poll
  };

  std::optional<Op> NextPoll(int client) {
    if (partitions_ == 0) return std::nullopt;  // no send answered yet: no partition known
    Client& c = clients_.at(static_cast<size_t>(client));
    // Partitions are assigned round-robin over the clients, as Jepsen's consumers are:
    // client c polls p = c, c + clients, ... in turn (or p = c mod partitions when there
    // are more clients than partitions).
    const auto clients = static_cast<int64_t>(clients_.size());
    int64_t p = client % partitions_;
    if (partitions_ > clients) {
      // This client's partitions: p = client + k * clients below partitions_.
      const int64_t mine = (partitions_ - client + clients - 1) / clients;
      if (mine <= 0) return std::nullopt;
      p = client + (c.next_partition++ % mine) * clients;
    }
    return Op{.f = "poll",
              .value = Value::List({Value::List({Value::Int(p), Value::Int(c.position[p])})}),
              .role = absl::StrCat("partition:", p, "/leader")};
  }

  const sim::OpMix mix_;
  EntitySequences entities_;
  std::vector<Client> clients_;
  int64_t partitions_ = 0;  // learned from send answers
};

}  // namespace

sim::WorkloadInfo LogEventsWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "log-events";
  info.summary = "per-entity event sequences (send e7=1, 2, 3, ...; one in flight per "
                 "entity) to role:broker, Jepsen-style polls of each partition; final "
                 "drain with `pending`";
  info.functions = {"send", "poll"};
  info.default_ops = {{"send", 1.0}};
  info.checkers = {{"ordering", "queue"}, {"exactly-once", "queue"}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<LogEventsWorkload>(setup);
  };
  return info;
}

}  // namespace faultline::models
