#include "checkers/history_generator.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "sim/rng.h"

namespace faultline::checkers {
namespace {

constexpr uint32_t kMillion = 1'000'000;
// An info op that takes effect may do so this many latency_max after its call: a request
// that outlived its client's timeout by a long way.
constexpr int64_t kInfoEffectLatencies = 4;
// The effect point of an op that never takes effect.
constexpr int64_t kNever = kOpenEnded;

std::string KeyName(int64_t keys, int64_t k) { return keys == 1 ? "" : absl::StrCat("k", k); }

std::string PickF(const OpMix& mix, sim::Rng& rng) {
  uint64_t roll = rng.Below(uint64_t{mix.read} + mix.write + mix.cas);
  if (roll < mix.read) return "read";
  roll -= mix.read;
  return roll < mix.write ? "write" : "cas";
}

Status PickStatus(const GeneratorOptions& o, sim::Rng& rng) {
  const uint64_t roll = rng.Below(kMillion);
  if (roll < o.info_ppm) return Status::kInfo;
  if (roll < uint64_t{o.info_ppm} + o.fail_ppm) return Status::kFail;
  return Status::kOk;
}

// The expected value of a cas that must not match `current`: the key's value before it
// (distinct unless values repeat), else nil, else 0, which is never written.
Value Mismatch(const Value& current, const Value& previous) {
  if (!(previous == current)) return previous;
  if (current.kind != Value::Kind::kNil) return Value::Nil();
  return Value::Int(0);
}

// Phase 1: intervals, kinds, statuses, keys, written values and effect points, with ops in
// call order. Clients wait in a min-heap on the time they are next free.
void PlanOps(const GeneratorOptions& o, History& h, std::vector<int64_t>& key_of,
             std::vector<int64_t>& effect) {
  const sim::Rng root(o.seed);
  sim::Rng timing = root.Fork("timing");
  sim::Rng kinds = root.Fork("ops");
  sim::Rng effects = root.Fork("effects");
  sim::Rng values = root.Fork("values");
  int64_t next_value = 0;
  auto new_value = [&] {
    return Value::Int(o.value_range == 0 ? ++next_value : values.Between(1, o.value_range));
  };
  using Slot = std::pair<int64_t, int64_t>;  // (free at, client)
  std::priority_queue<Slot, std::vector<Slot>, std::greater<Slot>> ready;
  std::vector<int64_t> process(static_cast<size_t>(o.clients));
  for (int64_t c = 0; c < o.clients; ++c) {
    process[static_cast<size_t>(c)] = c;
    ready.push({timing.Between(0, o.call_gap_max), c});
  }
  int64_t next_process = o.clients;
  h.ops.reserve(static_cast<size_t>(o.ops));
  key_of.reserve(static_cast<size_t>(o.ops));
  effect.reserve(static_cast<size_t>(o.ops));
  for (int64_t i = 0; i < o.ops; ++i) {
    const auto [call, client] = ready.top();
    ready.pop();
    const int64_t ret = call + timing.Between(0, o.latency_max);
    Operation op;
    op.id = i + 1;
    op.process = process[static_cast<size_t>(client)];
    op.f = PickF(o.mix, kinds);
    op.status = PickStatus(o, kinds);
    const int64_t key = static_cast<int64_t>(kinds.Below(static_cast<uint64_t>(o.keys)));
    op.key = KeyName(o.keys, key);
    op.call = call;
    op.ret = op.status == Status::kInfo ? kOpenEnded : ret;
    if (op.f == "read") op.output = Value::Unknown();  // set in phase 2 if ok
    if (op.f == "write") op.input = new_value();
    if (op.f == "cas") {
      op.input = Value::Int(0);  // set in phase 2 if it takes effect
      op.input2 = new_value();
    }
    int64_t point = kNever;
    if (op.status == Status::kOk) point = effects.Between(call, ret);
    if (op.status == Status::kInfo && effects.ChancePpm(o.info_effect_ppm)) {
      point = effects.Between(call, call + kInfoEffectLatencies * o.latency_max);
    }
    // Jepsen retires a process after an info: its op may still be in flight.
    if (op.status == Status::kInfo) process[static_cast<size_t>(client)] = next_process++;
    h.ops.push_back(std::move(op));
    key_of.push_back(key);
    effect.push_back(point);
    ready.push({ret + timing.Between(1, o.call_gap_max), client});
  }
}

}  // namespace

History GenerateHistory(const GeneratorOptions& o) {
  FL_CHECK(o.ops >= 0 && o.clients >= 1 && o.keys >= 1);
  FL_CHECK(uint64_t{o.mix.read} + o.mix.write + o.mix.cas > 0);
  FL_CHECK(uint64_t{o.info_ppm} + o.fail_ppm <= kMillion);
  FL_CHECK(o.call_gap_max >= 1 && o.latency_max >= 0 && o.value_range >= 0);
  History h;
  h.source = absl::StrCat("generated seed=", o.seed);
  h.format = "faultline";
  std::vector<int64_t> key_of;
  std::vector<int64_t> effect;
  PlanOps(o, h, key_of, effect);

  // Phase 2: the register of each key, in effect-point order (ties in call order).
  std::vector<std::pair<int64_t, size_t>> order;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    if (effect[i] != kNever) order.emplace_back(effect[i], i);
  }
  std::sort(order.begin(), order.end());
  std::vector<Value> current(static_cast<size_t>(o.keys));
  std::vector<Value> previous(static_cast<size_t>(o.keys));
  sim::Rng cas_rng = sim::Rng(o.seed).Fork("cas");
  for (const auto& [point, i] : order) {
    Operation& op = h.ops[i];
    const auto k = static_cast<size_t>(key_of[i]);
    if (op.f == "read") {
      if (op.status == Status::kOk) op.output = current[k];
      continue;
    }
    if (op.f == "cas") {
      if (!cas_rng.ChancePpm(o.cas_match_ppm)) {
        op.input = Mismatch(current[k], previous[k]);
        // A cas that found another value returned false: Jepsen records it as fail. An
        // info cas simply never takes effect.
        if (op.status == Status::kOk) op.status = Status::kFail;
        continue;
      }
      op.input = current[k];
    }
    previous[k] = std::move(current[k]);
    current[k] = op.f == "cas" ? op.input2 : op.input;
  }
  return h;
}

std::string_view MutationName(Mutation m) {
  switch (m) {
    case Mutation::kReadNeverWritten:
      return "read-never-written";
    case Mutation::kReadOfFailedWrite:
      return "read-of-failed-write";
    case Mutation::kReadFromFuture:
      return "read-from-future";
    case Mutation::kStaleRead:
      return "stale-read";
    case Mutation::kSwapWrites:
      return "swap-writes";
  }
  return "?";
}

}  // namespace faultline::checkers
