#include "models/kv/kv_workload.h"

#include <map>
#include <optional>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/kv/replica_rounds.h"
#include "sim/key_chooser.h"

namespace faultline::models {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

constexpr int kFinalReadAttempts = 3;

class KvWorkload final : public sim::Workload {
 public:
  explicit KvWorkload(const sim::WorkloadSetup& setup)
      : mix_(setup.spec.ops),
        keys_(setup.spec.keys),
        key_count_(setup.spec.keys.count),
        clients_(static_cast<size_t>(setup.clients)) {
    if (setup.replica_reads) replica_rounds_.emplace(setup.nodes, setup.spec.keys.count);
  }

  std::optional<Op> NextOp(int /*client*/, sim::Rng& rng) override {
    const std::string& f = mix_.Draw(rng);
    const int64_t key = keys_.Next(rng);
    Op op{.f = f, .key = KvKey(key)};
    if (f == "write") {
      op.value = Value::Int(next_value_++);
    } else if (f == "cas") {
      op.value = Value::List({LastWritten(key), Value::Int(next_value_++)});
    }
    return op;
  }

  Value OnComplete(int client, const Op& op, OpOutcome outcome, const Value& result) override {
    if (op.f == kReadLocal) {
      replica_rounds_->Record(outcome, result);
      return outcome == OpOutcome::kOk ? result : Value();
    }
    ClientState& c = clients_.at(static_cast<size_t>(client));
    if (c.final_outstanding) {
      c.final_outstanding = false;
      if (outcome == OpOutcome::kOk || ++c.final_attempts >= kFinalReadAttempts) {
        ++c.final_next_key;
        c.final_attempts = 0;
      }
    }
    if (op.f == "read") return outcome == OpOutcome::kOk ? result : Value();
    if (outcome == OpOutcome::kOk) {
      const Value& written = op.f == "cas" ? op.value.as_list().at(1) : op.value;
      last_written_[op.key] = written;
    }
    return op.value;
  }

  std::optional<Op> NextFinalOp(int client) override {
    ClientState& c = clients_.at(static_cast<size_t>(client));
    if (c.final_next_key >= key_count_) {
      // Then client 0 alone reads every key at every node, in rounds, for convergence.
      if (client == 0 && replica_rounds_) return replica_rounds_->Next();
      return std::nullopt;
    }
    c.final_outstanding = true;
    return Op{.f = "read", .key = KvKey(c.final_next_key)};
  }

  std::string FinalPhaseNote() const override {
    return replica_rounds_ ? "final reads: every client reads every key; then client 0 reads "
                             "every key at every node (read-local) until the copies agree"
                           : "final reads: every client reads every key";
  }

 private:
  struct ClientState {
    int64_t final_next_key = 0;  // the next key to read in the final phase
    int final_attempts = 0;      // failed attempts at final_next_key so far
    bool final_outstanding = false;
  };

  Value LastWritten(int64_t key) const {
    auto it = last_written_.find(KvKey(key));
    return it == last_written_.end() ? Value() : it->second;
  }

  const sim::OpMix mix_;
  const sim::KeyChooser keys_;
  const int64_t key_count_;
  std::vector<ClientState> clients_;
  int64_t next_value_ = 1;
  std::map<Value, Value> last_written_;  // by key: the latest acknowledged write
  std::optional<ReplicaRounds> replica_rounds_;  // when the scenario checks convergence
};

}  // namespace

Value KvKey(int64_t index) { return Value::Str(absl::StrCat("k", index)); }

sim::WorkloadInfo KvWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "kv";
  info.summary = "read / write / cas on keys k0..kN; final reads of every key";
  info.functions = {"read", "write", "cas"};
  info.default_ops = {{"read", 0.5}, {"write", 0.5}};
  // The consistency checkers need no sequential spec: they judge reads against writes.
  info.checkers = {{"linearizability", "kv"},     {"session", ""},
                   {"read-your-writes", ""},      {"monotonic-reads", ""},
                   {"monotonic-writes", ""},      {"writes-follow-reads", ""},
                   {"lost-writes", ""},           {"staleness", ""},
                   {"convergence", ""}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<KvWorkload>(setup);
  };
  return info;
}

}  // namespace faultline::models
