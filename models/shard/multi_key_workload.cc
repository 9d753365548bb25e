#include "models/shard/multi_key_workload.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/kv/kv_workload.h"
#include "sim/key_chooser.h"

namespace faultline::models::shard {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

// Keys per op: 2 or 3 (fewer when the keyspace is smaller).
constexpr int64_t kMultiWidthMin = 2;
constexpr int64_t kMultiWidthMax = 3;
// Draws of the key chooser per key before taking the lowest unused index instead (a
// zipfian chooser can repeat its hot key many times in a row).
constexpr int kMultiKeyDrawsMax = 16;

class MultiKeyWorkload final : public sim::Workload {
 public:
  explicit MultiKeyWorkload(const sim::WorkloadSetup& setup)
      : mix_(setup.spec.ops), keys_(setup.spec.keys), key_count_(setup.spec.keys.count) {}

  std::optional<Op> NextOp(int /*client*/, sim::Rng& rng) override {
    const std::string& f = mix_.Draw(rng);
    const int64_t width = std::min(
        key_count_,
        kMultiWidthMin + static_cast<int64_t>(rng.Below(kMultiWidthMax - kMultiWidthMin + 1)));
    std::vector<int64_t> chosen;
    while (static_cast<int64_t>(chosen.size()) < width) chosen.push_back(DrawUnused(chosen, rng));
    std::sort(chosen.begin(), chosen.end());
    std::vector<Value> names;
    for (int64_t k : chosen) names.push_back(KvKey(k));
    Op op{.f = f, .key = Value::List(std::move(names))};
    if (f == kMultiWrite) op.value = Value::Int(next_value_++);
    return op;
  }

  Value OnComplete(int /*client*/, const Op& op, OpOutcome outcome, const Value& result) override {
    if (op.f == kMultiRead) return outcome == OpOutcome::kOk ? result : Value();
    return op.value;
  }

  std::optional<Op> NextFinalOp(int /*client*/) override { return std::nullopt; }

  std::string FinalPhaseNote() const override {
    return "no final reads: the read-atomic checker judges the multi-reads themselves";
  }

 private:
  int64_t DrawUnused(const std::vector<int64_t>& chosen, sim::Rng& rng) const {
    const auto used = [&chosen](int64_t k) {
      return std::find(chosen.begin(), chosen.end(), k) != chosen.end();
    };
    for (int i = 0; i < kMultiKeyDrawsMax; ++i) {
      const int64_t k = keys_.Next(rng);
      if (!used(k)) return k;
    }
    int64_t k = 0;
    while (used(k)) ++k;  // bounded: chosen.size() < key_count_
    return k;
  }

  const sim::OpMix mix_;
  const sim::KeyChooser keys_;
  const int64_t key_count_;
  int64_t next_value_ = 1;
};

}  // namespace

sim::WorkloadInfo MultiKeyWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "kv-multi";
  info.summary =
      "multi-read / multi-write of 2-3 keys across shards (scatter-gather, non-atomic); no "
      "final reads";
  info.functions = {kMultiRead, kMultiWrite};
  info.default_ops = {{kMultiRead, 0.5}, {kMultiWrite, 0.5}};
  info.checkers = {{"read-atomic", ""}, {"sharding", ""}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<MultiKeyWorkload>(setup);
  };
  return info;
}

}  // namespace faultline::models::shard
