#include "models/quorum/version.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "base/check.h"
#include "sim/hash_mixer.h"

namespace faultline::models {
namespace {

using sim::Value;

// The canonical order of a sibling set: oldest stamp first, then by clock, so two
// replicas holding the same versions hold equal vectors.
bool StampLess(const Version& a, const Version& b) {
  return std::tie(a.ts, a.writer) != std::tie(b.ts, b.writer)
             ? std::tie(a.ts, a.writer) < std::tie(b.ts, b.writer)
             : std::lexicographical_compare(
                   a.clock.begin(), a.clock.end(), b.clock.begin(), b.clock.end(),
                   [](const ClockEntry& x, const ClockEntry& y) {
                     return std::tie(x.node, x.counter) < std::tie(y.node, y.counter);
                   });
}

}  // namespace

ClockOrder CompareClocks(const VectorClock& a, const VectorClock& b) {
  bool a_ahead = false;  // some counter of a exceeds b's
  bool b_ahead = false;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].node < b[j].node)) {
      a_ahead = true;  // a has a node b lacks (counters are positive)
      ++i;
    } else if (i == a.size() || b[j].node < a[i].node) {
      b_ahead = true;
      ++j;
    } else {
      a_ahead = a_ahead || a[i].counter > b[j].counter;
      b_ahead = b_ahead || b[j].counter > a[i].counter;
      ++i;
      ++j;
    }
  }
  if (a_ahead && b_ahead) return ClockOrder::kConcurrent;
  if (a_ahead) return ClockOrder::kAfter;
  if (b_ahead) return ClockOrder::kBefore;
  return ClockOrder::kEqual;
}

VectorClock MergeClocks(const VectorClock& a, const VectorClock& b) {
  VectorClock out;
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].node < b[j].node)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].node < a[i].node) {
      out.push_back(b[j++]);
    } else {
      out.push_back({a[i].node, std::max(a[i].counter, b[j].counter)});
      ++i;
      ++j;
    }
  }
  return out;
}

int64_t ClockCounter(const VectorClock& c, sim::EndpointId node) {
  for (const ClockEntry& e : c) {
    if (e.node == node) return e.counter;
  }
  return 0;
}

VectorClock WithCounter(VectorClock c, sim::EndpointId node, int64_t counter) {
  FL_CHECK_MSG(counter > 0, "a vector clock counter must be positive");
  auto it = std::lower_bound(c.begin(), c.end(), node,
                             [](const ClockEntry& e, sim::EndpointId n) { return e.node < n; });
  if (it != c.end() && it->node == node) {
    it->counter = counter;
  } else {
    c.insert(it, ClockEntry{node, counter});
  }
  return c;
}

bool NewerStamp(const Version& a, const Version& b) {
  return std::tie(a.ts, a.writer) > std::tie(b.ts, b.writer);
}

bool MergeVersion(Siblings& set, const Version& incoming, VersionMode mode) {
  if (mode == VersionMode::kLww) {
    if (!set.empty() && !NewerStamp(incoming, set.front())) return false;
    set.assign(1, incoming);
    return true;
  }
  for (const Version& v : set) {
    const ClockOrder order = CompareClocks(incoming.clock, v.clock);
    if (order == ClockOrder::kEqual || order == ClockOrder::kBefore) return false;
  }
  std::erase_if(set, [&](const Version& v) {
    return CompareClocks(incoming.clock, v.clock) == ClockOrder::kAfter;
  });
  set.insert(std::upper_bound(set.begin(), set.end(), incoming, StampLess), incoming);
  if (set.size() > kSiblingsMax) set.erase(set.begin(), set.end() - kSiblingsMax);
  return true;
}

bool MergeSiblings(Siblings& set, const Siblings& incoming, VersionMode mode) {
  bool changed = false;
  for (const Version& v : incoming) changed = MergeVersion(set, v, mode) || changed;
  return changed;
}

bool Covers(const Siblings& set, const Siblings& other, VersionMode mode) {
  Siblings copy = set;
  return !MergeSiblings(copy, other, mode);
}

VectorClock MergedClock(const Siblings& set) {
  VectorClock out;
  for (const Version& v : set) out = MergeClocks(out, v.clock);
  return out;
}

uint64_t SiblingsHash(const Siblings& set) {
  sim::HashMixer h;
  h.Mix(set.size());
  for (const Version& v : set) {
    h.MixText(v.value.ToJson());
    h.Mix(static_cast<uint64_t>(v.ts));
    h.Mix(static_cast<uint64_t>(v.writer));
    h.Mix(v.clock.size());
    for (const ClockEntry& e : v.clock) {
      h.Mix(static_cast<uint64_t>(e.node));
      h.Mix(static_cast<uint64_t>(e.counter));
    }
  }
  return h.h;
}

Value ReadValue(const Siblings& set) {
  if (set.empty()) return Value();
  if (set.size() == 1) return set.front().value;
  std::vector<Value> values;
  for (const Version& v : set) values.push_back(v.value);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() == 1) return values.front();
  return Value::List(std::move(values));
}

Value EncodeSiblings(const Siblings& set) {
  std::vector<Value> out;
  for (const Version& v : set) {
    std::vector<Value> clock;
    for (const ClockEntry& e : v.clock) {
      clock.push_back(Value::Int(e.node));
      clock.push_back(Value::Int(e.counter));
    }
    out.push_back(Value::List(
        {v.value, Value::Int(v.ts), Value::Int(v.writer), Value::List(std::move(clock))}));
  }
  return Value::List(std::move(out));
}

std::optional<Siblings> DecodeSiblings(const Value& v) {
  if (!v.is_list()) return std::nullopt;
  Siblings out;
  for (const Value& item : v.as_list()) {
    if (!item.is_list() || item.as_list().size() != 4) return std::nullopt;
    const std::vector<Value>& f = item.as_list();
    if (!f[1].is_int() || !f[2].is_int() || !f[3].is_list()) return std::nullopt;
    Version version{.value = f[0],
                    .ts = f[1].as_int(),
                    .writer = static_cast<sim::EndpointId>(f[2].as_int()),
                    .clock = {}};
    const std::vector<Value>& clock = f[3].as_list();
    if (clock.size() % 2 != 0) return std::nullopt;
    for (size_t i = 0; i < clock.size(); i += 2) {
      if (!clock[i].is_int() || !clock[i + 1].is_int()) return std::nullopt;
      version.clock.push_back(
          {static_cast<sim::EndpointId>(clock[i].as_int()), clock[i + 1].as_int()});
    }
    out.push_back(std::move(version));
  }
  return out;
}

}  // namespace faultline::models
