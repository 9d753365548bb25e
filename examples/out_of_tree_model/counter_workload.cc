// The `counter` workload. A workload decides what each op is; the simulator decides when
// it runs, where it goes (workload.route), and records it in the history.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "counter.h"
#include "sim/workload.h"

namespace example {
namespace {

constexpr int kFinalReadAttempts = 3;
constexpr int64_t kAddMax = 5;

// One key: the counter spec checks a single integer, and the history needs a key.
sim::Value CounterKey() { return sim::Value::Str("counter"); }

class CounterWorkload final : public sim::Workload {
 public:
  explicit CounterWorkload(const sim::WorkloadSetup& setup)
      : mix_(setup.spec.ops), clients_(static_cast<size_t>(setup.clients)) {}

  std::optional<sim::Op> NextOp(int /*client*/, sim::Rng& rng) override {
    const std::string& f = mix_.Draw(rng);
    // Positive adds only (the model relies on it: a higher total is a newer one).
    const sim::Value arg = f == "add" ? sim::Value::Int(rng.Between(1, kAddMax)) : sim::Value();
    return sim::Op{.f = f, .key = CounterKey(), .value = arg};
  }

  sim::Value OnComplete(int client, const sim::Op& op, sim::OpOutcome outcome,
                        const sim::Value& result) override {
    FinalRead& c = clients_.at(static_cast<size_t>(client));
    if (c.outstanding) {
      c.outstanding = false;
      c.done = outcome == sim::OpOutcome::kOk || ++c.attempts >= kFinalReadAttempts;
    }
    // What the history records, as Jepsen does: a read's result, an add's argument.
    if (op.f == "read") return outcome == sim::OpOutcome::kOk ? result : sim::Value();
    return op.value;
  }

  std::optional<sim::Op> NextFinalOp(int client) override {
    FinalRead& c = clients_.at(static_cast<size_t>(client));
    if (c.done) return std::nullopt;
    c.outstanding = true;
    return sim::Op{.f = "read", .key = CounterKey()};
  }

  std::string FinalPhaseNote() const override {
    return "final reads: every client reads the total";
  }

 private:
  struct FinalRead {
    int attempts = 0;  // failed attempts so far
    bool outstanding = false;
    bool done = false;
  };

  const sim::OpMix mix_;
  std::vector<FinalRead> clients_;
};

}  // namespace

sim::WorkloadInfo CounterWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "counter";
  info.summary = "add 1..5 to one counter, read it; a final read by every client";
  info.functions = {"add", "read"};
  info.default_ops = {{"add", 0.5}, {"read", 0.5}};
  // The CLI runs the checkers a scenario lists; this says which sequential spec
  // `checkers: [linearizability]` uses for this workload's histories.
  info.checkers = {{"linearizability", "counter"}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<CounterWorkload>(setup);
  };
  return info;
}

}  // namespace example
